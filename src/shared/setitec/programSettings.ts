/**
 * Where each numeric setting of a Program row comes from and goes to: the Program header names the parser
 * reads it from (they differ by version, DOMAIN §4.7) and its column in the catalog's `steps` table. The
 * keys are type-checked against the zod schema of programStep.ts, so a setting is added in both or neither;
 * the order is the schema's (a unit test holds the two together).
 *
 * No zod at run time here: the parser and the import workers use this table.
 */
import type { ProgramStep, ProgramStepView } from './programStep';

export type ProgramSetting = Exclude<keyof ProgramStepView, 'stepNb' | 'enabled'>;
export type ProgramSettings = Pick<ProgramStepView, ProgramSetting>;

interface SettingSource {
  /** Program header names, first match wins (older versions first). */
  readonly headers: readonly string[];
  /** Column of the catalog's `steps` table (migration 001). */
  readonly column: string;
}

export const PROGRAM_SETTINGS: { readonly [K in ProgramSetting]: SettingSource } = {
  strokeMm: { headers: ['DEP (mm)', 'Stroke (mm)'], column: 'stroke_mm' },
  rpm: { headers: ['RPM'], column: 'rpm' },
  feedMmS: { headers: ['AV (mm/s)', 'Feed (mm/s)'], column: 'feed_mm_s' },
  feedMmRev: { headers: ['AV (mm/tr)', 'Feed (mm/tr)'], column: 'feed_mm_rev' },
  thrustMaxA: { headers: ['Thrust Max (A)'], column: 'thrust_max_a' },
  torqueMaxA: { headers: ['Torque Max (A)'], column: 'torque_max_a' },
  thrustMinA: { headers: ['Thrust Min (A)'], column: 'thrust_min_a' },
  torqueMinA: { headers: ['Torque Min (A)'], column: 'torque_min_a' },
  gapMm: { headers: ['Gap (mm)'], column: 'gap_mm' },
};

export const PROGRAM_SETTING_KEYS = Object.keys(PROGRAM_SETTINGS) as readonly ProgramSetting[];

/** Every setting from `read`, keys in the schema's order (so JSON of a step keeps one layout). */
export function programSettings(read: (key: ProgramSetting) => number | null): ProgramSettings {
  const out = {} as ProgramSettings;
  for (const key of PROGRAM_SETTING_KEYS) out[key] = read(key);
  return out;
}

/** `Inf` (disabled steps' feed per rev) has no JSON or API form: it is shown as absent. */
export function finiteOrNull(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}

/** The API view of a parsed step (what the catalog keeps in `program_json`). */
export function programStepView(p: ProgramStep): ProgramStepView {
  return { stepNb: p.stepNb, enabled: p.enabled, ...programSettings((key) => finiteOrNull(p[key])) };
}
