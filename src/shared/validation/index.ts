/** Domain validation checks (DOMAIN §14): file rules V01–V33, catalog checks V34–V35, label checks V36–V39. */
import { CATALOG_RULES } from './catalog';
import { LABEL_RULES } from './labelChecks';
import { RULES } from './rules';
import type { RuleInfo } from './types';

export { RULES, THRESHOLDS, KNOWN_VERSIONS, EXPECTED_SAMPLE_RATE_HZ, TORQUE_QUANTUM_A, ruleById } from './rules';
export { validateFile, buildContext, findingFromParseError, excludesFromTraining, worstSeverity, countBySeverity, sortFindings } from './validate';
export type { ValidateOptions } from './validate';
export { checkDuplicates, checkChronology, cycleKey, headKey, validateCatalog, CATALOG_RULES } from './catalog';
export type { FileSummary } from './catalog';
export {
  checkLabels,
  checkLabelOrder,
  checkExitWithinStep,
  checkThickness,
  checkGripCode,
  exitStepMaxDepth,
  totalDepth,
  THICKNESS_TOLERANCE_MM,
  LABEL_RULES,
} from './labelChecks';
export type { LabelDepths, LabelCheckInput } from './labelChecks';
export { gripCode, GRIP_UNIT_MM } from '../labels/gripCode';
export { parseSetitecFileName, baseName } from './fileName';
export type { ParsedFileName } from './fileName';
export type * from './types';

/** Every rule V01–V39 with its documentation (without the check functions), in id order. */
export const ALL_RULES: readonly RuleInfo[] = Object.freeze([
  ...RULES.map(({ id, slug, group, severity, title, threshold, scope }) => ({ id, slug, group, severity, title, scope, ...(threshold ? { threshold } : {}) })),
  ...CATALOG_RULES,
  ...LABEL_RULES,
]);
