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
}

const BYTES: Record<SignalDtype, number> = { f64: 8, f32: 4, i8: 1, i16: 2, i32: 4, const: 0 };

/**
 * The smallest exact form of `values`, found with one checking pass in the common case: the first scale
 * exponent that the sampled lower bound proposes usually holds for every value. The pass also yields the
 * true range, so a constant column (one value repeated; −0, NaN and ±Infinity never pass the check) is
 * recognised without a pass of its own; columns no scale fits are tested for constancy afterwards.
 */
function planColumn(values: Float64Array): ColumnPlan {
  const length = values.length;
  if (length === 0) return { dtype: 'f64', scaleExp: 0, length, byteLength: 0 };
  for (let e = smallestScaleOfSample(values); e <= MAX_SCALE_EXP; e++) {
    const range = scaledRange(values, POW10[e]!);
    if (range === null) continue;
    const min = range[0];
    const max = range[1];
    if (min === max) return { dtype: 'const', scaleExp: 0, length, byteLength: 8 };
    const dtype: SignalDtype = min >= -128 && max <= 127 ? 'i8' : min >= -32768 && max <= 32767 ? 'i16' : 'i32';
    return { dtype, scaleExp: e, length, byteLength: length * BYTES[dtype] };
  }
  if (isConst(values, values[0]!)) return { dtype: 'const', scaleExp: 0, length, byteLength: 8 };
  return { dtype: 'f64', scaleExp: 0, length, byteLength: length * 8 };
}

/** Writes `values` in the planned form into `out` at byte `offset` (a multiple of 8). */
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
    case 'i8':
      return writeScaled(values, POW10[plan.scaleExp]!, new Int8Array(out, offset, n));
    case 'i16':
      return writeScaled(values, POW10[plan.scaleExp]!, new Int16Array(out, offset, n));
    case 'i32':
      return writeScaled(values, POW10[plan.scaleExp]!, new Int32Array(out, offset, n));
  }
}

/** The same rounding as {@link scaledRange}, whose pass already proved it exact and in range. */
function writeScaled(values: Float64Array, scale: number, out: Int8Array | Int16Array | Int32Array): void {
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const x = values[i]! * scale;
    out[i] = (x + (x < 0 ? -0.5 : 0.5)) | 0;
  }
}

/** The smallest exact encoding of `values`. */
export function encodeColumn(values: Float64Array): EncodedColumn {
  const plan = planColumn(values);
  const buffer = new ArrayBuffer(plan.byteLength);
  writeColumn(values, plan, buffer, 0);
  return { dtype: plan.dtype, scaleExp: plan.scaleExp, length: plan.length, bytes: new Uint8Array(buffer) };
}

/**
 * Every column of a file encoded into ONE buffer (each result's `bytes` is a view of it), so a worker
 * transfers one ArrayBuffer per file and no column is copied after encoding. Columns start at multiples
 * of 8 bytes so that typed views over them are aligned; the padding is not part of any column's bytes.
 */
export function encodeColumns(columns: readonly Float64Array[]): EncodedColumn[] {
  const plans = columns.map(planColumn);
  let total = 0;
  const offsets = plans.map((p) => {
    const at = total;
    total += (p.byteLength + 7) & ~7;
    return at;
  });
  const buffer = new ArrayBuffer(total);
  return plans.map((p, k) => {
    const at = offsets[k]!;
    writeColumn(columns[k]!, p, buffer, at);
    return { dtype: p.dtype, scaleExp: p.scaleExp, length: p.length, bytes: new Uint8Array(buffer, at, p.byteLength) };
  });
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

/**
 * [min, max] of value × scale when every value round-trips exactly through int32 (`int / scale` gives back
 * the very same double); null at the first one that does not (most columns fail on their first sample
 * for a too-small scale). Nothing is stored: {@link writeScaled} repeats the rounding once the form is known.
 */
function scaledRange(values: Float64Array, scale: number): [number, number] | null {
  const n0 = values.length;
  let min = 0;
  let max = 0;
  for (let i = 0; i < n0; i++) {
    const v = values[i]!;
    const x = v * scale;
    // Round half away from zero, truncated to int32 by `| 0`. Anything out of int32 range wraps and then fails
    // the exactness test, which also rejects NaN and ±Infinity; only −0 (stored as +0) needs its own test.
    const n = (x + (x < 0 ? -0.5 : 0.5)) | 0;
    if (n / scale !== v || (n === 0 && 1 / v < 0)) return null;
    if (i === 0) {
      min = n;
      max = n;
    } else if (n < min) min = n;
    else if (n > max) max = n;
  }
  return [min, max];
}

/** Decodes a stored column back into the exact Float64Array it was encoded from. */
