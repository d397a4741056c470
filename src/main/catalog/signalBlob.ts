/**
 * Compact, exact storage of one signal column. Setitec values are decimals with ≤ 3 places, so most columns
 * fit in small integers once scaled by 10^k; storing them as i8/i16/i32 cuts the catalog (and the import's
 * write volume) to about a quarter of raw Float64 while decoding stays a single division per sample.
 *
 * Exactness is checked, not assumed: a column is stored scaled only when `int / 10^k` gives back the very
 * same double for every sample (division by a power of ten is correctly rounded, like parsing the decimal
 * text, so this holds for parsed decimals). Anything else (−0, NaN, ±Infinity, more decimals) stays f64.
 * Bytes are little-endian (the typed arrays' native order on every platform Electron supports).
 */

import { POW10, type SignalDtype } from '../../shared/signals/decodeColumn';

// Decoding is shared with the renderer, which receives columns in this compact form.
export { decodeColumn, type SignalDtype } from '../../shared/signals/decodeColumn';

export interface EncodedColumn {
  dtype: SignalDtype;
  scaleExp: number;
  length: number;
  bytes: Uint8Array;
}

const MAX_SCALE_EXP = 6;

/** How a column will be stored, decided before any byte is written. */
interface ColumnPlan {
  dtype: SignalDtype;
  scaleExp: number;
  length: number;
  byteLength: number;
  /** Where the column's scaled integers wait in {@link scaled} (integer dtypes only). */
  at: number;
}

const BYTES: Record<SignalDtype, number> = { f64: 8, f32: 4, i8: 1, i16: 2, i32: 4, const: 0 };

/**
 * Scaled integers of the columns being encoded, kept between calls (grows to the longest file seen; encoding
 * is synchronous, so one per thread is safe). Planning a column fills its part; writing it is then one
 * narrowing copy (`TypedArray.set`, native), not a second pass of float arithmetic.
 */
let scaled = new Int32Array(1 << 16);
/** Larger scratch (an unusually long file) is released after use. */
const SCALED_KEEP = 1 << 22;

/**
 * The smallest exact form of `values`, with its scaled integers left in {@link scaled} from `at`. One
 * checking pass in the common case: the first scale exponent that the sampled lower bound proposes usually
 * holds for every value. The pass also yields the true range, so a constant column (one value repeated;
 * −0, NaN and ±Infinity never pass the check) is recognised without a pass of its own; columns no scale
 * fits are tested for constancy afterwards.
 */
function planColumn(values: Float64Array, at: number): ColumnPlan {
  const length = values.length;
  if (length === 0) return { dtype: 'f64', scaleExp: 0, length, byteLength: 0, at };
  if (scaled.length < at + length) {
    const bigger = new Int32Array(Math.max(scaled.length * 2, at + length));
    bigger.set(scaled.subarray(0, at));
    scaled = bigger;
  }
  for (let e = smallestScaleOfSample(values); e <= MAX_SCALE_EXP; e++) {
    if (!scaleInto(values, POW10[e]!, scaled, at)) continue;
    const min = range.min;
    const max = range.max;
    if (min === max) return { dtype: 'const', scaleExp: 0, length, byteLength: 8, at };
    const dtype: SignalDtype = min >= -128 && max <= 127 ? 'i8' : min >= -32768 && max <= 32767 ? 'i16' : 'i32';
    return { dtype, scaleExp: e, length, byteLength: length * BYTES[dtype], at };
  }
  if (isConst(values, values[0]!)) return { dtype: 'const', scaleExp: 0, length, byteLength: 8, at };
  return { dtype: 'f64', scaleExp: 0, length, byteLength: length * 8, at };
}

/** Writes the planned form of `values` into `out` at byte `offset` (a multiple of 8). */
function writeColumn(values: Float64Array, plan: ColumnPlan, out: ArrayBuffer, offset: number): void {
  const n = plan.length;
  switch (plan.dtype) {
    case 'const':
      new Float64Array(out, offset, 1)[0] = values[0]!;
      return;
    case 'f64':
      new Float64Array(out, offset, n).set(values);
      return;
    case 'f32':
      throw new Error('f32 is read, never written');
    // The range check of planColumn put every integer within the narrow type: the conversions are exact.
    case 'i8':
      new Int8Array(out, offset, n).set(scaled.subarray(plan.at, plan.at + n));
      return;
    case 'i16':
      new Int16Array(out, offset, n).set(scaled.subarray(plan.at, plan.at + n));
      return;
    case 'i32':
      new Int32Array(out, offset, n).set(scaled.subarray(plan.at, plan.at + n));
      return;
  }
}

/** The smallest exact encoding of `values`. */
export function encodeColumn(values: Float64Array): EncodedColumn {
  return encodeColumns([values])[0]!;
}

/**
 * Every column of a file encoded into ONE buffer (each result's `bytes` is a view of it), so a worker
 * transfers one ArrayBuffer per file and no column is copied after encoding. Columns start at multiples
 * of 8 bytes so that typed views over them are aligned; the padding is not part of any column's bytes.
 */
export function encodeColumns(columns: readonly Float64Array[]): EncodedColumn[] {
  let at = 0;
  const plans = columns.map((c) => {
    const p = planColumn(c, at);
    at += c.length;
    return p;
  });
  let total = 0;
  const offsets = plans.map((p) => {
    const o = total;
    total += (p.byteLength + 7) & ~7;
    return o;
  });
  const buffer = new ArrayBuffer(total);
  const out = plans.map((p, k) => {
    const o = offsets[k]!;
    writeColumn(columns[k]!, p, buffer, o);
    return { dtype: p.dtype, scaleExp: p.scaleExp, length: p.length, bytes: new Uint8Array(buffer, o, p.byteLength) };
  });
  if (scaled.length > SCALED_KEEP) scaled = new Int32Array(1 << 16);
  return out;
}

/**
 * A lower bound for the scale exponent from a spread sample of the column (a full pass per rejected
 * exponent would rescan long runs of zeros before failing). The full pass still checks every value.
 */
function smallestScaleOfSample(values: Float64Array): number {
  const stride = Math.max(1, Math.floor(values.length / 64));
  let e = 0;
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i]!;
    while (e <= MAX_SCALE_EXP && Math.round(v * POW10[e]!) / POW10[e]! !== v) e++;
    if (e > MAX_SCALE_EXP) return e;
  }
  return e;
}

function isConst(values: Float64Array, first: number): boolean {
  if (Number.isNaN(first)) return false;
  for (let i = 1; i < values.length; i++) if (!Object.is(values[i], first)) return false;
  return true;
}

/** Range of the integers of the last successful {@link scaleInto} (reused: no allocation per column). */
const range = { min: 0, max: 0 };

/**
 * value × scale as int32 into `out` from `at`, when every value round-trips exactly (`int / scale` gives
 * back the very same double), with the range in {@link range}; false at the first value that does not
 * (most columns fail on their first sample for a too-small scale).
 */
function scaleInto(values: Float64Array, scale: number, out: Int32Array, at: number): boolean {
  const n0 = values.length;
  let min = 0;
  let max = 0;
  for (let i = 0; i < n0; i++) {
    const v = values[i]!;
    const x = v * scale;
    // Round half away from zero, truncated to int32 by `| 0`. Anything out of int32 range wraps and then fails
    // the exactness test, which also rejects NaN and ±Infinity; only −0 (stored as +0) needs its own test.
    const n = (x + (x < 0 ? -0.5 : 0.5)) | 0;
    if (n / scale !== v || (n === 0 && 1 / v < 0)) return false;
    out[at + i] = n;
    if (i === 0) {
      min = n;
      max = n;
    } else if (n < min) min = n;
    else if (n > max) max = n;
  }
  range.min = min;
  range.max = max;
  return true;
}
