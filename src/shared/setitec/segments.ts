/**
 * Step segments of a parsed Setitec file (DOMAIN §9.1, §11.1): one segment per contiguous block of equal
 * `Step (nb)` values, with its sample range, depths, final stop code and linked Program / Step Results rows.
 *
 * depth = −Position (mm). Depth is not monotonic (small back-moves at step changes, DOMAIN §6), so every
 * lookup here works by sample index, never by binary search on depth.
 *
 * Pure TypeScript.
 */
import { signalKey } from './columns';
import type { ProgramStep, SetitecFile, SignalColumn, StepResult } from './types';

export interface StepSegment {
  /** Step number as written in `Step (nb)` (rounded when it is not an integer; see `stepIsInteger`). */
  step: number;
  /** The raw `Step (nb)` value of the block's first sample. */
  rawStep: number;
  stepIsInteger: boolean;
  /** First and last sample index of the block, inclusive (0-based). */
  startIndex: number;
  endIndex: number;
  rowCount: number;
  /** Depth (= −Position, mm) of the first and the last sample. */
  startDepth: number;
  endDepth: number;
  minDepth: number;
  maxDepth: number;
  /** Sample index of the deepest sample (first one when repeated). */
  maxDepthIndex: number;
  /** The step's termination bitmask: the last non-zero `Stop code` of the block (0 when none). */
  stopCode: number;
  /** How many trailing samples carry that final stop code (2 typically, up to 5). */
  stopCodeRows: number;
  /** Indices of non-zero stop codes that are not part of the final trailing run. */
  strayStopCodeIndices: number[];
  /** The Program row with the same step number (null when missing). */
  program: ProgramStep | null;
  /** The Step Results row with the same step number (null when missing or before v7). */
  stepResult: StepResult | null;
}

/** The first column whose key (or normalised raw name) equals `key` (`position`, `step`, `stop_code`, …). */
export function findColumn(file: Pick<SetitecFile, 'data'>, key: string): SignalColumn | null {
  const cols = file.data.columns;
  return cols.find((c) => c.key === key) ?? cols.find((c) => signalKey(c.raw) === key) ?? null;
}

/** Depth array (= −Position) of a file, or null when `Position (mm)` is missing. */
export function depthOf(file: Pick<SetitecFile, 'data'>): Float64Array | null {
  const pos = findColumn(file, 'position');
  if (!pos) return null;
  const out = new Float64Array(pos.values.length);
  for (let i = 0; i < out.length; i++) out[i] = -(pos.values[i] as number) + 0; // + 0 turns −0 into 0
  return out;
}

export interface SegmentInputs {
  step: ArrayLike<number>;
  stopCode: ArrayLike<number>;
  /** `Position (mm)` values (≤ 0); depth = −position. */
  position: ArrayLike<number>;
  program?: readonly ProgramStep[];
  stepResults?: readonly StepResult[];
}

/** Segments from raw column arrays. Arrays may differ in length; the shortest one wins. */
export function segmentsFromColumns(input: SegmentInputs): StepSegment[] {
  const { step, stopCode, position } = input;
  const n = Math.min(step.length, stopCode.length, position.length);
  const segments: StepSegment[] = [];
  const usedResults = new Set<number>();
  let start = 0;
  while (start < n) {
    const raw = step[start] as number;
    let end = start;
    while (end + 1 < n && sameStep(step[end + 1] as number, raw)) end++;
    segments.push(buildSegment(input, start, end, raw, usedResults));
    start = end + 1;
  }
  return segments;
}

function sameStep(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Depth extremes of one segment, written by {@link depthExtremes} (reused: no allocation per segment). */
const range = { min: Infinity, max: -Infinity, maxIndex: 0 };

/**
 * Min and max depth over samples [start, end] and the first index of the max (`start` when no sample
 * compares, e.g. all NaN). Its own small function: an import runs this for every segment of every file,
 * and V8 then compiles just this loop rather than all of buildSegment around it.
 */
function depthExtremes(position: ArrayLike<number>, start: number, end: number): void {
  let min = Infinity;
  let max = -Infinity;
  let maxIndex = start;
  for (let i = start; i <= end; i++) {
    const d = -(position[i] as number) + 0;
    if (d < min) min = d;
    if (d > max) {
      max = d;
      maxIndex = i;
    }
  }
  range.min = min;
  range.max = max;
  range.maxIndex = maxIndex;
}

/** Indices of the non-zero values in [from, to), appended to `out`. */
function nonZeroIndices(values: ArrayLike<number>, from: number, to: number, out: number[]): void {
  for (let i = from; i < to; i++) if ((values[i] as number) !== 0) out.push(i);
}

function buildSegment(input: SegmentInputs, start: number, end: number, raw: number, usedResults: Set<number>): StepSegment {
  const { stopCode, position } = input;
  depthExtremes(position, start, end);
  const minDepth = range.min;
  const maxDepth = range.max;
  const maxDepthIndex = range.maxIndex;
  // Final stop code: the last non-zero code of the block and the run of it that ends the block.
  let lastNonZero = -1;
  for (let i = end; i >= start; i--) {
    if ((stopCode[i] as number) !== 0) {
      lastNonZero = i;
      break;
    }
  }
  let code = 0;
  let rows = 0;
  const stray: number[] = [];
  let runStart = end + 1;
  if (lastNonZero >= 0) {
    code = stopCode[lastNonZero] as number;
    if (lastNonZero === end) {
      runStart = end;
      while (runStart - 1 >= start && (stopCode[runStart - 1] as number) === code) runStart--;
      rows = end - runStart + 1;
    } else {
      // A non-zero code that does not reach the block's last sample: treat it as the final code but stray.
      runStart = end + 1;
    }
  }
  nonZeroIndices(stopCode, start, runStart, stray);

  const stepNb = Number.isFinite(raw) ? Math.round(raw) : raw;
  const program = input.program?.find((p) => p.stepNb === stepNb) ?? null;
  let stepResult: StepResult | null = null;
  if (input.stepResults) {
    const idx = input.stepResults.findIndex((r, i) => !usedResults.has(i) && r.stepNumber === stepNb);
    if (idx >= 0) {
      usedResults.add(idx);
      stepResult = input.stepResults[idx] ?? null;
    }
  }
  return {
    step: stepNb,
    rawStep: raw,
    stepIsInteger: Number.isInteger(raw),
    startIndex: start,
    endIndex: end,
    rowCount: end - start + 1,
    startDepth: -(position[start] as number) + 0,
    endDepth: -(position[end] as number) + 0,
    minDepth,
    maxDepth,
    maxDepthIndex,
    stopCode: code,
    stopCodeRows: rows,
    strayStopCodeIndices: stray,
    program,
    stepResult,
  };
}

/** Step segments of a parsed file; empty when `Position`, `Step (nb)` or `Stop code` is missing. */
export function stepSegments(file: SetitecFile): StepSegment[] {
  const step = findColumn(file, 'step');
  const stop = findColumn(file, 'stop_code');
  const pos = findColumn(file, 'position');
  if (!step || !stop || !pos) return [];
  return segmentsFromColumns({
    step: step.values,
    stopCode: stop.values,
    position: pos.values,
    program: file.program,
    stepResults: file.stepResults,
  });
}

export interface DepthRange {
  min: number;
  max: number;
  /** max − min. */
  span: number;
  first: number;
  last: number;
  minIndex: number;
  maxIndex: number;
}

/** Depth range of a position array (depth = −position); null when empty. NaN samples are skipped. */
export function depthRange(position: ArrayLike<number>): DepthRange | null {
  let min = Infinity;
  let max = -Infinity;
  let minIndex = -1;
  let maxIndex = -1;
  for (let i = 0; i < position.length; i++) {
    const d = -(position[i] as number) + 0;
    if (Number.isNaN(d)) continue;
    if (d < min) {
      min = d;
      minIndex = i;
    }
    if (d > max) {
      max = d;
      maxIndex = i;
    }
  }
  if (minIndex < 0) return null;
  return {
    min,
    max,
    span: max - min,
    first: -(position[0] as number) + 0,
    last: -(position[position.length - 1] as number) + 0,
    minIndex,
    maxIndex,
  };
}

export interface BackMove {
  /** Depth lost, mm (> 0), measured from the deepest point reached so far. */
  amount: number;
  /** Index of the deepest sample before the back-move. */
  fromIndex: number;
  /** Index of the shallowest sample of the back-move (before depth exceeds the previous peak again). */
  toIndex: number;
}

/**
 * Largest depth back-move: the biggest drop of depth below the running maximum (a retract between steps
 * shows up as one back-move however many samples it spans). Null when depth never decreases.
 */
export function largestBackMove(position: ArrayLike<number>): BackMove | null {
  let best: BackMove | null = null;
  let peak = -Infinity;
  let peakIndex = -1;
  for (let i = 0; i < position.length; i++) {
    const d = -(position[i] as number) + 0;
    if (Number.isNaN(d)) continue;
    if (d >= peak) {
      peak = d;
      peakIndex = i;
      continue;
    }
    const amount = peak - d;
    if (!best || amount > best.amount + 1e-12) best = { amount, fromIndex: peakIndex, toIndex: i };
  }
  return best;
}

/** The segment that contains sample `index`, or null. */
export function segmentAt(segments: readonly StepSegment[], index: number): StepSegment | null {
  for (const s of segments) if (index >= s.startIndex && index <= s.endIndex) return s;
  return null;
}

/** Step numbers in the order the blocks appear (a step may repeat if the file is irregular). */
export function stepSequence(segments: readonly StepSegment[]): number[] {
  return segments.map((s) => s.step);
}
