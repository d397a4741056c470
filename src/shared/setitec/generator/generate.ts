/**
 * Seeded synthetic Setitec exports (DOMAIN §3–§6, §9, §10). `generateSetitec` writes one file in the exact
 * layout of a format version (section order, headers, padding, decimals, `Inf`, the v4 split Control Box
 * header, the `Comment` block, Step Results for v7+, the v11 duplicate `Gap Length (mm)` header) and returns
 * the values a correct parser must read back.
 *
 * Every number in `expected` is `Number()` of the exact text written, so round trips compare with `===`.
 * Deterministic: the same options give the same text.
 *
 * Pure TypeScript.
 *
 * The work is split along the file's own parts, each in its own module and random stream: the plan
 * (plan.ts, `planRng`), the Program rows (program.ts), the signals (signals.ts, `sigRng`), the Datas rows
 * (datas.ts), the identity, dates and results (identity.ts, `metaRng`) and the text (text.ts).
 */
import type { ProgramStep, StepResult } from '../types';
import { defaultFamily, type Family, type SetitecVersion } from './families';
import { printDatas } from './datas';
import { drawCycleMeta, FIRMWARE } from './identity';
import { scaledPlan } from './plan';
import { createRng } from './prng';
import { printProgram } from './program';
import { simulateSignals } from './signals';
import { writeSetitecText } from './text';

export type { Family, SetitecVersion } from './families';
export { POSITION_QUANTUM, THRUST_QUANTUM, TORQUE_QUANTUM } from './signals';
export { programHeader } from './program';
export { datasHeader, datasValueCount } from './datas';

export interface GenerateOptions {
  seed: number;
  version: SetitecVersion;
  family?: Family;
  separator?: '\t' | ';';
  /** Approximate number of `Datas` rows: the stack and strokes are scaled (0.1×–2×) to get near it. */
  rows?: number;
  /** Raw `Date` cell, e.g. `1970-01-01:06:38:39`; default a date in the version's real range. */
  date?: string;
  /** Head Global Counter; default drawn from the family's range. */
  globalCounter?: number;
  /** Head Local Counter (1); default derived from the global counter or drawn. */
  localCounter?: number;
  /** The final step ends with KILLMOT_M1 + TORQUE_LIMIT (131074) at ≈60–67 A and `Cycle OK=False`. */
  anomaly?: boolean;
  /** Write a raw NUL after the Motor Name (as some controllers do). Default false. */
  motorNameNul?: boolean;
  /** v4 only: split Control Box header with 47 blank lines (TUHH). Default true. */
  splitControlBox?: boolean;
}

export interface ExpectedSegment {
  step: number;
  startIndex: number;
  endIndex: number;
  stopCode: number;
  stopCodeRows: number;
}

export interface GeneratedExpected {
  version: SetitecVersion;
  family: Family;
  separator: '\t' | ';';
  /** The raw `Date` cell. */
  date: string;
  sampleRateHz: number;
  drillingCycleId: number | null;
  head: {
    name: string;
    type: string;
    tagUid: string;
    globalCounter: number;
    localCounter: number;
  };
  box: { name: string; firmware: string };
  motor: { name: string; type: string; sn: string };
  program: ProgramStep[];
  stepResults: StepResult[];
  results: {
    cycleTimeS: number;
    distanceMm: number;
    cycleOk: boolean | null;
    consumptionWh: number | null;
  };
  /** The `Datas` header names as written (v11: 10 names over 9 value columns). */
  datasHeader: string[];
  /** Every value column by raw header name, in file order. */
  columns: Record<string, Float64Array>;
  rowCount: number;
  /** One entry per executed step block. */
  segments: ExpectedSegment[];
  /** Ground truth of the synthetic stack (mm of depth), after scaling. */
  truth: {
    entry: number;
    transition: number;
    exit: number;
    cskStart: number | null;
    hardStop: number | null;
    /** Geometric scale applied to reach `rows` (1 when not asked). */
    scale: number;
  };
  /** Controller-style file name `<TAG>_<head>_ST_<global>_<local>.xls`. */
  fileName: string;
}

export interface GeneratedSetitec {
  text: string;
  expected: GeneratedExpected;
}

const VERSIONS_OK: readonly number[] = [4, 7, 8, 9, 11];

/** Generates one synthetic Setitec export. */
export function generateSetitec(opts: GenerateOptions): GeneratedSetitec {
  if (!VERSIONS_OK.includes(opts.version)) throw new Error(`unsupported Setitec version ${String(opts.version)}`);
  const version = opts.version;
  const family = opts.family ?? defaultFamily(version);
  const sep = opts.separator ?? '\t';
  const rng = createRng(opts.seed);
  const planRng = rng.fork('plan');
  const sigRng = rng.fork('signals');
  const metaRng = rng.fork('meta');

  const { geometry, steps, scale } = scaledPlan(family, planRng, opts.rows);
  const printed = printProgram(steps, version);
  const program = printed.program;
  const simSteps = simulateSignals(steps, program, geometry, sigRng, opts.anomaly === true);
  const datas = printDatas(simSteps, version, sep, sigRng, metaRng);
  const { header, columns, rowCount, segments, stepResults } = datas;
  const positions = columns['Position (mm)'] as Float64Array;
  const totals = { totalDuration: datas.totalDuration, firstPos: positions[0] as number, lastPos: positions[rowCount - 1] as number };
  const meta = drawCycleMeta(opts, family, version, metaRng, totals);
  const { id, date, cycleId, headType, motorName, globalCounter, localCounter, cycleTimeP, distanceP, cycleOk, consumption } = meta;
  const text = writeSetitecText({ version, sep, family, opts, meta, program: printed, datas });

  const fileTag = id.fileTag;
  const expected: GeneratedExpected = {
    version,
    family,
    separator: sep,
    date,
    sampleRateHz: 100,
    drillingCycleId: cycleId,
    head: { name: id.headName, type: headType, tagUid: id.headTag, globalCounter, localCounter },
    box: { name: id.boxName, firmware: FIRMWARE[version] },
    motor: { name: motorName, type: id.motorType, sn: id.motorSn },
    program,
    stepResults: version >= 7 ? stepResults : [],
    results: {
      cycleTimeS: cycleTimeP.value,
      distanceMm: distanceP.value,
      cycleOk,
      consumptionWh: consumption ? consumption.value : null,
    },
    datasHeader: header,
    columns,
    rowCount,
    segments,
    truth: {
      entry: geometry.entry,
      transition: geometry.transition,
      exit: geometry.exit,
      cskStart: geometry.cskStart,
      hardStop: geometry.hardStop,
      scale,
    },
    fileName: `${fileTag}_${id.headName}_ST_${globalCounter}_${localCounter}.xls`,
  };
  return { text, expected };
}
