/**
 * File-level domain checks V01–V33 of DOMAIN §14, as data: each rule has an id (the table's row number),
 * a slug, a severity, a title and a `check(ctx)` returning findings. Pure TypeScript.
 *
 * Thresholds are the table's; each rule's comment says where a choice had to be made.
 *
 * One file per rule group under `fileRules/` (shared helpers in `fileRules/kit.ts`, thresholds in
 * `thresholds.ts`); this list fixes the order in which rules run, which is the order of their findings.
 */
import { CALIBRATION_RULES } from './fileRules/calibration';
import { FILE_RULES } from './fileRules/file';
import { IDENTITY_RULES } from './fileRules/identity';
import { POSITION_RULES } from './fileRules/position';
import { RESULT_RULES } from './fileRules/results';
import { SAMPLING_RULES } from './fileRules/sampling';
import { SCHEMA_RULES } from './fileRules/schema';
import { SIGNAL_RULES } from './fileRules/signals';
import { STEP_RULES } from './fileRules/steps';
import type { FileRule } from './types';

export { EXPECTED_SAMPLE_RATE_HZ, KNOWN_VERSIONS, TORQUE_QUANTUM_A, THRESHOLDS } from './thresholds';

export const RULES: readonly FileRule[] = Object.freeze([
  ...FILE_RULES,
  ...SCHEMA_RULES,
  ...POSITION_RULES,
  ...SAMPLING_RULES,
  ...STEP_RULES,
  ...CALIBRATION_RULES,
  ...SIGNAL_RULES,
  ...RESULT_RULES,
  ...IDENTITY_RULES,
]);

/** Severity of each file rule by id, for quick lookups. */
export function ruleById(id: string): FileRule | undefined {
  return RULES.find((r) => r.id === id);
}
