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
 */
import type { MetaValue, ProgramStep, StepResult } from '../types';
import { STOP } from '../stopCodes';
import { COMMON_COLUMNS } from '../columns';
import { createRng, type Rng } from './prng';
import { controllerDate, printNumber, quantise, type Printed } from './format';
import {
  defaultFamily,
  identityFor,
  planFamily,
  type Family,
  type FamilyPlan,
  type FamilyStep,
  type Geometry,
  type SetitecVersion,
} from './families';

export type { Family, SetitecVersion } from './families';

/** Quantisation of the net and empty torque channels (A): 50/1024 ≈ 0.0488 (DOMAIN §5). */
export const TORQUE_QUANTUM = 50 / 1024;
/** Quantisation of the thrust channels (A). */
export const THRUST_QUANTUM = 12 / 1024;
/** Position resolution (mm): 1/256 ≈ 0.0039. */
export const POSITION_QUANTUM = 1 / 256;

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

const FIRMWARE: Record<SetitecVersion, string> = {
  4: 'V 3.1.2',
  7: 'V 3.1.5.3',
  8: 'V 3.2.0',
  9: 'V 3.2.2.1',
  11: 'V 3.2.5',
};
const PSET_VERSION: Record<SetitecVersion, number> = { 4: 6, 7: 8, 8: 9, 9: 9, 11: 12 };
const DATE_RANGE: Record<SetitecVersion, [string, string]> = {
  4: ['2021-11-11T08:00:00Z', '2022-05-17T18:00:00Z'],
  7: ['2024-02-01T07:00:00Z', '2024-05-30T18:00:00Z'],
  8: ['2023-12-01T07:00:00Z', '2024-05-30T18:00:00Z'],
  9: ['2023-11-20T07:00:00Z', '2024-05-30T18:00:00Z'],
  11: ['2024-12-11T07:00:00Z', '2025-06-25T18:00:00Z'],
};

const PROGRAM_TAIL = [
  'Thrust Max (A)',
  'Torque Max (A)',
  'Thrust Min (A)',
  'Torque Min (A)',
  'Thrust Safety (A)',
  'Torque Safety (A)',
  'Gap (mm)',
  'Peck (nb)',
  'Delay (ms)',
  'Stroke Limit (A)',
  'Thrust Limit (A)',
  'Torque Limit (A)',
  'LUB AIR',
  'LUB FLOW',
  'Vacuum',
  'Material',
];

/** The 22 Program column names of a version (DOMAIN §4.7). */
export function programHeader(version: SetitecVersion): string[] {
  const stroke = version >= 8 ? 'Stroke (mm)' : 'DEP (mm)';
  const feed = version >= 7 ? 'Feed' : 'AV';
  return ['Step Nb', 'Step On/Off', stroke, 'RPM', `${feed} (mm/s)`, `${feed} (mm/tr)`, ...PROGRAM_TAIL];
}

const STEP_RESULTS_HEADER = [
  'Step Number',
  'Stop Code',
  'Duration (s)',
  'Distance M1',
  'Distance M2',
  'M1 Max Amp',
  'M2 Max Amp',
  'M1 No Load Amp',
  'M2 No Load Amp',
  'Gap Max (mm)',
];

// The seven leading Datas columns are the parser's own list: one source for the names.
const DATAS_COMMON: readonly string[] = COMMON_COLUMNS;

/** `Datas` header names as written for a version (v11 includes the duplicate, value-less name). */
export function datasHeader(version: SetitecVersion): string[] {
  switch (version) {
    case 4:
      return [...DATAS_COMMON, 'Mem Torque min (A)', 'Mem Thrust min (A)', 'Rotation Speed (rpm)', 'Feed Speed (mm/s)', 'Torque Power (W)'];
    case 7:
    case 8:
      return [...DATAS_COMMON, 'Mem Torque min (A)', 'Mem Thrust min (A)', 'Torque Power (W)', 'Gap Length (mm)'];
    case 9:
      return [...DATAS_COMMON, 'Torque Power (W)', 'Gap Length (mm)'];
    case 11:
      return [...DATAS_COMMON, 'Power (W)', 'Gap Length (mm)', 'Gap Length (mm)'];
  }
}

/** Number of value columns in `Datas` for a version. */
export function datasValueCount(version: SetitecVersion): number {
  return version === 4 ? 12 : version === 11 ? 9 : version === 9 ? 9 : 11;
}

const VERSIONS_OK: readonly number[] = [4, 7, 8, 9, 11];

// ---------------------------------------------------------------------------------------------------------
// Simulation

interface Sample {
  depth: number; // true (unquantised) depth
  torque: number;
  thrust: number;
  gap: number;
  stop: number;
  hold: boolean;
}

interface SimStep {
  spec: FamilyStep;
  /** Printed program values used by the simulation. */
  stroke: number;
  rpm: number;
  feed: number;
  torqueEmpty: number;
  thrustEmpty: number;
  samples: Sample[];
  code: number;
  runLength: number;
}

interface Materials {
  cfrpTorque: number;
  tiTorque: number;
  cskTorque: number;
  cfrpThrust: number;
  tiThrust: number;
  cskThrust: number;
}

function overlap(d: number, len: number, a: number, b: number): number {
  const lo = Math.max(d - len, a);
  const hi = Math.min(d, b);
  return hi > lo ? (hi - lo) / len : 0;
}

/** Feed per revolution (mm/rev) of a step; the torque and thrust scale with chip thickness. */
function regimeFactor(feed: number, rpm: number): number {
  if (rpm <= 0) return 1;
  const fRev = feed / (rpm / 60);
  return Math.pow(fRev / 0.045, 0.8);
}

function runLengthFor(code: number, rng: Rng): number {
  const base = code === STOP.TORQUE_MIN ? 4 : 2;
  const extra = rng.chance(0.2) ? 1 : 0;
  return Math.min(5, base + extra);
}

function scaleGeometry(g: Geometry, s: number): Geometry {
  const at = (v: number): number => g.start + s * (v - g.start);
  return {
    start: g.start,
    entry: at(g.entry),
    transition: at(g.transition),
    exit: at(g.exit),
    cskStart: g.cskStart === null ? null : at(g.cskStart),
    hardStop: g.hardStop === null ? null : at(g.hardStop),
    tipLength: Math.max(0.05, g.tipLength * s),
    cskBackMove: g.cskBackMove * s,
  };
}

/** Rough row count of a plan (feed-limited travel of each executed step). */
function estimateRows(plan: FamilyPlan): number {
  const g = plan.geometry;
  let depth = g.start;
  let base = 0;
  let rows = 0;
  let first = true;
  for (const st of plan.steps) {
    if (!st.enabled || !st.end) continue;
    let end: number;
    switch (st.end) {
      case 'contact':
        end = g.entry;
        break;
      case 'torque_max':
        end = g.transition;
        break;
      case 'torque_min':
        end = g.exit + g.tipLength * 0.5;
        break;
      case 'stroke':
        end = (first ? 0 : base) + st.strokeMm;
        break;
      case 'hard_stop':
        end = g.hardStop ?? depth + st.strokeMm;
        break;
    }
    end = Math.max(end, depth);
    rows += (end - depth) / (st.feedMmS / 100) + 3;
    depth = end;
    base = end;
    first = false;
  }
  return rows;
}

function scaleSteps(steps: FamilyStep[], s: number, start: number): FamilyStep[] {
  let first = true;
  return steps.map((st) => {
    if (!st.enabled) return { ...st };
    const stroke = first ? start + s * (st.strokeMm - start) : s * st.strokeMm;
    first = false;
    return { ...st, strokeMm: Math.round(stroke * 1000) / 1000 };
  });
}

function simulate(
  steps: SimStep[],
  g: Geometry,
  mat: Materials,
  rng: Rng,
  anomaly: boolean,
): void {
  let d = g.start;
  let base = 0;
  const executed = steps.length;
  for (let k = 0; k < executed; k++) {
    const st = steps[k] as SimStep;
    const spec = st.spec;
    const end = spec.end ?? 'stroke';
    const isLast = k === executed - 1;
    const killAt = anomaly && isLast ? rng.uniform(60, 67.5) : Infinity;
    const f = regimeFactor(st.feed, st.rpm);
    let cfrp = mat.cfrpTorque * f;
    let ti = mat.tiTorque * f;
    if (spec.torqueMaxA >= 1) {
      cfrp = Math.min(cfrp, 0.7 * spec.torqueMaxA);
      if (end === 'torque_max') ti = Math.max(ti, 1.6 * spec.torqueMaxA);
    }
    if (end === 'torque_min') ti = Math.max(ti, 2.5 * spec.torqueMinA);
    const csk = mat.cskTorque * f;
    const cfrpT = mat.cfrpThrust * Math.pow(f, 0.7);
    const tiT = mat.tiThrust * Math.pow(f, 0.7);
    const cskT = mat.cskThrust * Math.pow(f, 0.7);
    const L = g.tipLength;
    const stepStart = k === 0 ? d : d + st.feed / 100;
    if (k > 0) {
      d = stepStart;
      if (end === 'hard_stop' && g.cskBackMove > 0) d -= g.cskBackMove;
    }
    const limit = (k === 0 ? 0 : base) + st.stroke;
    const killFrom = d;
    const killEnd = end === 'hard_stop' && g.hardStop !== null ? g.hardStop : limit;
    const killSpan = Math.max(0.05, 0.9 * (killEnd - d));
    const model = (depth: number): { torque: number; thrust: number } => {
      const oc = overlap(depth, L, g.entry, g.transition);
      const ot = overlap(depth, L, g.transition, g.exit);
      let torque = cfrp * oc + ti * ot;
      let thrust = cfrpT * oc + tiT * ot;
      if (g.cskStart !== null && g.hardStop !== null && depth > g.cskStart) {
        const u = Math.min(1, (depth - g.cskStart) / Math.max(0.05, g.hardStop - g.cskStart));
        torque += csk * Math.pow(u, 1.5);
        thrust += cskT * Math.pow(u, 1.5);
      }
      if (killAt < Infinity) torque += 70 * Math.pow(Math.max(0, depth - killFrom) / killSpan, 2);
      return { torque, thrust };
    };
    let guard = 0;
    let passedExit = false;
    for (;;) {
      if (++guard > 400_000) throw new Error('generator: step did not end');
      let code = 0;
      let hold = false;
      const m0 = model(d);
      if (d > g.exit) passedExit = true;
      if (killAt < Infinity && m0.torque >= killAt) {
        code = STOP.KILLMOT_M1 | STOP.TORQUE_LIMIT;
        hold = true;
      } else if (end === 'hard_stop' && g.hardStop !== null && d >= g.hardStop) {
        d = g.hardStop;
        code = STOP.THRUST_LIMIT;
        hold = true;
      } else if ((end === 'contact' || end === 'torque_max') && m0.torque >= spec.torqueMaxA) {
        code = STOP.TORQUE_MAX;
      } else if (end === 'torque_min' && passedExit && m0.torque < spec.torqueMinA) {
        code = STOP.TORQUE_MIN;
      }
      if (code === 0 && d >= limit) {
        d = limit;
        code = STOP.STROKE_LIMIT;
        hold = true;
      }
      if (code === 0) {
        st.samples.push(sampleAt(d, model, rng, 0, false, st, g));
        d += (st.feed / 100) * rng.uniform(0.94, 1.04);
        continue;
      }
      const run = runLengthFor(code, rng);
      st.code = code;
      st.runLength = run;
      for (let r = 0; r < run; r++) {
        const s = sampleAt(d, model, rng, code, hold, st, g);
        if (code === STOP.THRUST_LIMIT) s.thrust += 0.4 + 0.3 * r;
        st.samples.push(s);
        if (!hold) d += (st.feed / 100) * rng.uniform(0.94, 1.04);
      }
      break;
    }
    base = d;
  }
}

function sampleAt(
  d: number,
  model: (depth: number) => { torque: number; thrust: number },
  rng: Rng,
  stop: number,
  hold: boolean,
  st: SimStep,
  g: Geometry,
): Sample {
  const m = model(d);
  const torque = m.torque + rng.normal(0.025 + 0.02 * m.torque);
  const thrust = m.thrust + rng.normal(0.005 + 0.02 * m.thrust);
  let gap = 0;
  if (st.spec.gapMm > 0 && st.spec.end === 'torque_min' && d > g.exit) gap = Math.min(0.034, (d - g.exit) * 0.03);
  return { depth: d, torque, thrust, gap, stop, hold };
}

// ---------------------------------------------------------------------------------------------------------
// Writing

class Writer {
  public readonly lines: string[] = [];
  public constructor(private readonly sep: string) {}
  /** Cells padded with empty cells to `width`, joined by the separator. */
  public row(cells: readonly string[], width = 0): void {
    const out = cells.slice();
    while (out.length < width) out.push('');
    this.lines.push(out.join(this.sep));
  }
  public section(name: string, width: number): void {
    this.row([`*** ${name} ***`], width);
  }
  public blank(width: number): void {
    this.row([], width);
  }
  public raw(line: string): void {
    this.lines.push(line);
  }
  public text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

function num(v: number, d: number): Printed {
  return printNumber(v, d, ',');
}

/** Metadata ratio as the version writes it: `21.923` (v4, v7), ` 21,923` (v8, v9), `21,923` (v11). */
function ratio(v: number, version: SetitecVersion): string {
  const p = printNumber(v, 3, version <= 7 ? '.' : ',');
  return version === 8 || version === 9 ? ` ${p.text}` : p.text;
}

function drawDate(rng: Rng, version: SetitecVersion): string {
  const [a, b] = DATE_RANGE[version];
  const t0 = Date.parse(a);
  const t1 = Date.parse(b);
  const t = t0 + Math.floor(rng.next() * (t1 - t0) / 1000) * 1000;
  return controllerDate(new Date(t));
}

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

  // --- plan and scale --------------------------------------------------------------------------------------
  const plan = planFamily(family, planRng);
  let scale = 1;
  if (opts.rows !== undefined && opts.rows > 0) {
    scale = Math.min(2, Math.max(0.1, opts.rows / Math.max(1, estimateRows(plan))));
  }
  const geometry = scale === 1 ? plan.geometry : scaleGeometry(plan.geometry, scale);
  const steps = scale === 1 ? plan.steps.map((s) => ({ ...s })) : scaleSteps(plan.steps, scale, plan.geometry.start);

  // --- program (printed) -----------------------------------------------------------------------------------
  const pHeader = programHeader(version);
  const programRows: Printed[][] = [];
  const program: ProgramStep[] = [];
  for (const st of steps) {
    const feedRev: Printed = st.rpm > 0 ? num(st.feedMmS / (st.rpm / 60), 3) : { text: 'Inf', value: Infinity };
    const cells: Printed[] = [
      num(st.stepNb, 3),
      num(st.enabled ? 1 : 0, 3),
      num(st.strokeMm, 3),
      num(st.rpm, 3),
      num(st.feedMmS, 3),
      feedRev,
      num(st.thrustMaxA, 3),
      num(st.torqueMaxA, 3),
      num(st.thrustMinA, 3),
      num(st.torqueMinA, 3),
      num(0, 3),
      num(0, 3),
      num(st.gapMm, 3),
      num(0, 3),
      num(0, 3),
      num(0, 3),
      num(0, 3),
      num(0, 3),
      num(st.lubAir, 3),
      num(st.lubFlow, 3),
      num(st.vacuum, 3),
      num(0, 3),
    ];
    programRows.push(cells);
    const fields: Record<string, MetaValue> = {};
    pHeader.forEach((name, i) => {
      fields[name] = (cells[i] as Printed).value;
    });
    const v = (i: number): number => (cells[i] as Printed).value;
    program.push({
      stepNb: v(0),
      enabled: v(1) === 1,
      strokeMm: v(2),
      rpm: v(3),
      feedMmS: v(4),
      feedMmRev: v(5),
      thrustMaxA: v(6),
      torqueMaxA: v(7),
      thrustMinA: v(8),
      torqueMinA: v(9),
      gapMm: v(12),
      fields,
    });
  }

  // --- signals -----------------------------------------------------------------------------------------------
  const wear = 1 + sigRng.uniform(0, 0.25);
  const mat: Materials = {
    cfrpTorque: sigRng.uniform(2.6, 3.8) * wear,
    tiTorque: sigRng.uniform(11, 18) * wear,
    cskTorque: sigRng.uniform(4, 7) * wear,
    cfrpThrust: sigRng.uniform(0.3, 0.5),
    tiThrust: sigRng.uniform(0.9, 1.4),
    cskThrust: sigRng.uniform(0.6, 1.2),
  };
  const simSteps: SimStep[] = [];
  steps.forEach((st, i) => {
    if (!st.enabled || !st.end) return;
    const p = program[i] as ProgramStep;
    const te = quantise(1.6 + st.rpm * 0.001 + sigRng.uniform(-0.3, 0.3), TORQUE_QUANTUM);
    const the = quantise(Math.min(0.6, Math.max(0.04, 0.1 + st.feedMmS * 0.08 + sigRng.uniform(-0.05, 0.05))), THRUST_QUANTUM);
    simSteps.push({
      spec: { ...st, strokeMm: p.strokeMm ?? st.strokeMm },
      stroke: p.strokeMm ?? st.strokeMm,
      rpm: st.rpm,
      feed: st.feedMmS,
      torqueEmpty: num(te, 3).value,
      thrustEmpty: num(the, 3).value,
      samples: [],
      code: 0,
      runLength: 0,
    });
  });
  simulate(simSteps, geometry, mat, sigRng, opts.anomaly === true);

  // --- Datas (printed) ---------------------------------------------------------------------------------------
  const header = datasHeader(version);
  const nValues = datasValueCount(version);
  const valueNames = header.slice(0, nValues);
  const colValues: number[][] = valueNames.map(() => []);
  const dataLines: string[] = [];
  const segments: ExpectedSegment[] = [];
  const stepResults: StepResult[] = [];
  const stepResultRows: string[][] = [];
  let index = 0;
  let totalDuration = 0;
  for (const st of simSteps) {
    const startIndex = index;
    let maxTorque = -Infinity;
    let maxThrust = -Infinity;
    let maxGap = 0;
    let firstDepth = NaN;
    let lastDepth = NaN;
    for (const s of st.samples) {
      const pos = num(-quantise(s.depth, POSITION_QUANTUM), 3);
      const torque = num(quantise(s.torque, TORQUE_QUANTUM), 3);
      const thrust = num(quantise(s.thrust, THRUST_QUANTUM), 3);
      const te = num(st.torqueEmpty, 3);
      const the = num(st.thrustEmpty, 3);
      const stepNb = num(st.spec.stepNb, 3);
      const stop = num(s.stop, 3);
      const totalTorque = Math.max(0, torque.value + te.value);
      const power = num(Math.max(1, Math.round(totalTorque * st.rpm * 0.005 * sigRng.uniform(0.97, 1.03))), 3);
      const cells: Printed[] = [pos, torque, thrust, te, the, stepNb, stop];
      if (version === 4) {
        const rpmMeasured = -(st.rpm * (1 - 0.0015 * Math.max(0, torque.value)) + sigRng.normal(st.rpm * 0.004));
        const feedMeasured = s.hold ? Math.abs(sigRng.normal(0.01)) : st.feed * 0.96 + sigRng.normal(0.004 * st.feed + 0.002);
        cells.push(num(0, 3), num(0, 3), num(rpmMeasured, 3), num(Math.max(0, feedMeasured), 3), power);
      } else if (version === 7 || version === 8) {
        cells.push(num(0, 3), num(0, 3), power, num(s.gap, 3));
      } else {
        cells.push(power, num(s.gap, 3));
      }
      cells.forEach((c, i) => (colValues[i] as number[]).push(c.value));
      dataLines.push(cells.map((c) => c.text).join(sep));
      if (torque.value > maxTorque) maxTorque = torque.value;
      if (thrust.value > maxThrust) maxThrust = thrust.value;
      if (s.gap > maxGap) maxGap = num(s.gap, 3).value;
      if (Number.isNaN(firstDepth)) firstDepth = -pos.value;
      lastDepth = -pos.value;
      index++;
    }
    const endIndex = index - 1;
    segments.push({ step: st.spec.stepNb, startIndex, endIndex, stopCode: st.code, stopCodeRows: st.runLength });
    const rows = endIndex - startIndex + 1;
    const duration = Math.round((rows / 100 / metaRng.uniform(0.86, 0.95)) * 100) / 100;
    totalDuration += duration;
    const sr: Printed[] = [
      num(st.spec.stepNb, 3),
      num(st.code, 3),
      num(duration, 3),
      num(0, 3),
      num(Math.max(0, lastDepth - firstDepth), 3),
      num(maxTorque, 3),
      num(maxThrust, 3),
      num(st.torqueEmpty, 3),
      num(st.thrustEmpty, 3),
      num(maxGap, 3),
    ];
    stepResultRows.push(sr.map((c) => c.text));
    const v = (i: number): number => (sr[i] as Printed).value;
    stepResults.push({
      stepNumber: v(0),
      stopCode: v(1),
      durationS: v(2),
      distanceM2: v(4),
      m1MaxAmp: v(5),
      m2MaxAmp: v(6),
      m1NoLoadAmp: v(7),
      m2NoLoadAmp: v(8),
      gapMaxMm: v(9),
    });
  }
  const rowCount = index;
  const columns: Record<string, Float64Array> = {};
  valueNames.forEach((name, i) => {
    columns[name] = Float64Array.from(colValues[i] as number[]);
  });
  const positions = columns['Position (mm)'] as Float64Array;
  const firstPos = positions[0] as number;
  const lastPos = positions[rowCount - 1] as number;

  // --- identity, dates and results ------------------------------------------------------------------------
  const id = identityFor(family);
  const [gLo, gHi] = id.globalCounterRange;
  const globalCounter = opts.globalCounter ?? metaRng.int(gLo, gHi);
  const localCounter =
    opts.localCounter ?? (id.localOffset !== null ? Math.max(0, globalCounter - id.localOffset) : metaRng.int(1, 120));
  const localCounter2 = localCounter + metaRng.int(0, 400);
  const date = opts.date ?? drawDate(metaRng, version);
  const cycleId = version >= 7 ? metaRng.int(100_000_000, 4_294_967_295) : null;
  const anomaly = opts.anomaly === true;
  const cycleTime = Math.round(totalDuration * metaRng.uniform(1.03, 1.2) * 100) / 100;
  const cycleTimeP = num(cycleTime, version === 11 ? 3 : 6);
  const finalDepth = -lastPos;
  const distanceP =
    version === 9
      ? num(-firstPos, 3)
      : version === 4 || version === 7
        ? num(finalDepth + metaRng.normal(0.015), 6)
        : num(finalDepth + metaRng.normal(0.015), 3);
  const consumption = version === 11 ? num(metaRng.uniform(0.15, 0.6), 3) : null;
  const cycleOk = version >= 7 ? !anomaly : null;
  const headType = version === 4 ? id.headTypeV4 : id.headType;
  const motorName = id.motorName;
  const boxOperation = metaRng.int(300, 50_000);
  const motorOperation = metaRng.int(5_000, 130_000);

  // --- text ------------------------------------------------------------------------------------------------
  const w = new Writer(sep);
  const gw = version === 4 ? 12 : 13;
  w.section('General Infos', gw);
  const gNames = ['Version', 'Date', 'Sample Rate (Hz)'];
  const gValues = [String(version), date, '100'];
  if (version >= 7) {
    gNames.push('Drilling Cycle ID');
    gValues.push(String(cycleId));
  }
  if (version === 8 || version === 9) {
    gNames.push('Decimal Separator separator');
    gValues.push('Comma');
  } else if (version === 11) {
    gNames.push('Decimal Separator');
    gValues.push('Comma');
  }
  w.row(gNames, gw);
  w.row(gValues, gw);
  w.blank(gw);

  w.section('Control Box Datas', gw);
  const boxNames = [
    'BOX Name',
    'BOX Type',
    'BOX SN',
    'BOX STSE',
    'BOX Customer Info',
    'BOX Release',
    'BOX Firmware Version',
    'BOX Production Date',
    'BOX Maintenance Date',
    'BOX Operation Time',
    'BOX Power Supply Limit',
    'BOX Lub Pump Coef.',
  ];
  const lubCoef = version <= 7 ? '1.000' : version === 11 ? '1,000' : ' 1,000';
  const boxValues = [
    id.boxName,
    id.boxType,
    id.boxSn,
    id.boxStse,
    id.boxCustomerInfo,
    '0',
    FIRMWARE[version],
    '01/01/2016',
    '01/01/2016',
    String(boxOperation),
    '3000',
    lubCoef,
  ];
  if (version >= 7) {
    boxNames.push('Pset Default Selection');
    boxValues.push(family === 'mdbmql' || family === 'ham' ? 'TRUE' : 'FALSE');
  }
  if (version === 4 && opts.splitControlBox !== false) {
    w.row(boxNames.slice(0, 9));
    for (let i = 0; i < 47; i++) w.raw('');
    w.row(['BOX Maintenance Date', ...boxNames.slice(9)]);
  } else {
    w.row(boxNames);
  }
  w.row(boxValues);
  w.blank(gw);

  w.section('Motor Datas', gw);
  const motorNames = [
    'Motor Name',
    'Motor Type',
    'Motor STSE',
    'Motor SN',
    'Motor Operation Time',
    'Motor M2 Ratio',
    'Motor M1 CW Ratio',
    'Motor M1 CCW Ratio',
    'Motor Winch Limit',
  ];
  const motorValues = [
    opts.motorNameNul ? `${motorName}\u0000` : motorName,
    id.motorType,
    id.motorStse,
    id.motorSn,
    String(motorOperation),
    ratio(id.motorM2Ratio, version),
    ratio(id.motorM1CwRatio, version),
    ratio(id.motorM1CcwRatio, version),
    String(id.motorWinchLimit),
  ];
  if (version === 11) {
    motorNames.push('Motor Production Date', 'Motor Maintenance Date');
    motorValues.push('01/01/2016', '01/01/2016');
  }
  w.row(motorNames, gw);
  w.row(motorValues, gw);
  w.blank(gw);

  w.section('Head Datas', gw);
  const headNames = ['Head Name', 'Head Type', 'Head TAG UID', 'Head Global Counter'];
  const headValues = [id.headName, headType, id.headTag, String(globalCounter)];
  if (version === 4) {
    headNames.push('Head Local Counter');
    headValues.push(String(localCounter));
  } else {
    headNames.push('Head Local Counter 1', 'Head Local Counter 2');
    headValues.push(String(localCounter), String(localCounter2));
  }
  headNames.push('Head M1 Ratio', 'Head M2 Ratio', 'Customer Info');
  headValues.push(ratio(1, version), ratio(1, version), id.headCustomerInfo);
  if (version >= 9) {
    headNames.push('Micropeck Osc.', 'Micropeck Amplitude');
    headValues.push('5', '10');
  }
  if (version === 11) {
    headNames.push('Module Disable');
    headValues.push('FALSE');
  }
  w.row(headNames, gw);
  w.row(headValues, gw);
  const pw = version === 4 ? 4 : version === 7 ? 5 : 9;
  w.blank(pw);

  w.section('Pset', pw);
  w.row(['Pset Type', version <= 7 ? 'Pset n\u00b0' : 'Pset Nb.', 'Version'], pw);
  w.row(['Standard', '0', String(PSET_VERSION[version])], pw);
  w.blank(pw);

  w.section('Cycle Parameters', pw);
  const cutting = () => {
    w.row([
      'Cutting tool breakage On/Off',
      'Cutting tool breakage DEP (mm)',
      'Cutting tool breakage Thrust (A)',
      'Cutting tool breakage Torque (A)',
    ]);
    w.row(['0,000', '0,000', '0,000', '0,000']);
  };
  if (version === 4) {
    w.row(['Max cycles', 'CC Pressure', 'Max Stroke (mm)', 'Vacuum Delay (ms)']);
    w.row(['300', '9', '0,000000', '0']);
    cutting();
  } else if (version === 7) {
    w.row(['Max cycles Limit 1', 'Max cycles Limit 2', 'CC Pressure', 'Max Stroke (mm)', 'Vacuum Delay (ms)']);
    w.row(['1000', '0', '9', '0,000000', '10']);
    w.blank(pw);
    w.row(['Comment'], pw);
    w.blank(pw);
    cutting();
  } else {
    w.row([
      'Max cycles Limit 1',
      'Max cycles Limit 2',
      'CC Pressure',
      'Max Stroke (mm)',
      'Vacuum Delay (ms)',
      'Vacuum Flow min (m/s)',
      'Retract Rotation Speed (rpm)',
      'Retract Feed (m/s)',
      'Disable Abort',
    ]);
    w.row(['100', '0', '9', '0,000', '0', '0,000', '300', '13,684', '0']);
    w.blank(pw);
    w.row(['Comment'], pw);
    if (version === 9) w.row([' '.repeat(100)], pw);
    else w.blank(pw);
    cutting();
    w.row(['Lub Preload Time (s)', 'Lub Preload Lub Air', 'Lub Preload Lub Flow', 'Lub Preload Timeout (s)']);
    w.row(['0,000', '5,000', '30,000', '0,000']);
  }
  w.blank(22);

  w.section('Program', 22);
  w.row(pHeader);
  for (const cells of programRows) w.row(cells.map((c) => c.text));
  const rw = version === 4 ? 12 : 10;
  w.blank(rw);

  w.section('Results', rw);
  const resNames = ['Cycle Time (s)', 'Distance (mm)'];
  const resValues = [cycleTimeP.text, distanceP.text];
  if (version >= 7) {
    resNames.push('Cycle OK');
    resValues.push(cycleOk ? 'True' : 'False');
  }
  if (version === 11 && consumption) {
    resNames.push('Consumption Wh');
    resValues.push(consumption.text);
  }
  w.row(resNames, rw);
  w.row(resValues, rw);
  w.blank(rw);

  if (version >= 7) {
    w.section('Step Results', 10);
    w.row(STEP_RESULTS_HEADER);
    for (const r of stepResultRows) w.row(r);
    w.blank(header.length);
  }

  w.section('Datas', header.length);
  w.row(header);
  const text = `${w.lines.join('\n')}\n${dataLines.join('\n')}\n`;

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
