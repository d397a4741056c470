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

export type SignalDtype = 'f64' | 'f32' | 'i8' | 'i16' | 'i32' | 'const';

export interface EncodedColumn {
  dtype: SignalDtype;
  scaleExp: number;
  length: number;
  bytes: Uint8Array;
}

const MAX_SCALE_EXP = 6;
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** The smallest exact encoding of `values`. */
export function encodeColumn(values: Float64Array): EncodedColumn {
  const length = values.length;
  if (length === 0) return { dtype: 'f64', scaleExp: 0, length, bytes: new Uint8Array(0) };
  const first = values[0]!;
  if (isConst(values, first)) {
    const one = new Float64Array([first]);
    return { dtype: 'const', scaleExp: 0, length, bytes: new Uint8Array(one.buffer) };
  }
  const ints = new Int32Array(length);
  for (let e = smallestScaleOfSample(values); e <= MAX_SCALE_EXP; e++) {
    const range = toScaledInts(values, POW10[e]!, ints);
    if (!range) continue;
    const [min, max] = range;
    if (min >= -128 && max <= 127) return { dtype: 'i8', scaleExp: e, length, bytes: new Uint8Array(narrowTo8(ints).buffer) };
    if (min >= -32768 && max <= 32767) return { dtype: 'i16', scaleExp: e, length, bytes: new Uint8Array(narrowTo16(ints).buffer) };
    return { dtype: 'i32', scaleExp: e, length, bytes: new Uint8Array(ints.buffer) };
  }
  const copy = new Float64Array(values);
  return { dtype: 'f64', scaleExp: 0, length, bytes: new Uint8Array(copy.buffer) };
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

// Plain loops, one per target type: the typed-array constructor's cross-type conversion is slower here.
function narrowTo8(ints: Int32Array): Int8Array {
  const out = new Int8Array(ints.length);
  for (let i = 0; i < ints.length; i++) out[i] = ints[i]!;
  return out;
}

function narrowTo16(ints: Int32Array): Int16Array {
  const out = new Int16Array(ints.length);
  for (let i = 0; i < ints.length; i++) out[i] = ints[i]!;
  return out;
}

function isConst(values: Float64Array, first: number): boolean {
  if (Number.isNaN(first)) return false;
  for (let i = 1; i < values.length; i++) if (!Object.is(values[i], first)) return false;
  return true;
}

/**
 * Writes value × scale into `out` and returns [min, max] when every value round-trips exactly through
 * int32; null at the first one that does not (most columns fail on their first sample for a too-small scale).
 */
function toScaledInts(values: Float64Array, scale: number, out: Int32Array): [number, number] | null {
  let min = 0;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const x = v * scale;
    // Round half away from zero, truncated to int32 by `| 0`. Anything out of int32 range wraps and then fails
    // the exactness test, which also rejects NaN and ±Infinity; only −0 (stored as +0) needs its own test.
    const n = (x + (x < 0 ? -0.5 : 0.5)) | 0;
    if (n / scale !== v || (n === 0 && 1 / v < 0)) return null;
    out[i] = n;
    if (n < min) min = n;
    else if (n > max) max = n;
  }
  return [min, max];
}

/** Decodes a stored column back into the exact Float64Array it was encoded from. */
export function decodeColumn(dtype: string, scaleExp: number, length: number, blob: Uint8Array): Float64Array<ArrayBuffer> {
  switch (dtype) {
    case 'f64':
      // Over a copy: aligned whatever the blob's offset, and owned by the caller, not a view of SQLite's buffer.
      return new Float64Array(copyOf(blob), 0, length);
    case 'f32':
      return Float64Array.from(new Float32Array(copyOf(blob), 0, length));
    case 'const':
      return new Float64Array(length).fill(new Float64Array(copyOf(blob), 0, 1)[0]!);
    // Integer types are read into a new Float64Array anyway: view the blob in place when it is aligned.
    case 'i8':
      return scaleDown(new Int8Array(blob.buffer, blob.byteOffset, length), scaleExp);
    case 'i16':
      return scaleDown(blob.byteOffset % 2 === 0 ? new Int16Array(blob.buffer, blob.byteOffset, length) : new Int16Array(copyOf(blob), 0, length), scaleExp);
    case 'i32':
      return scaleDown(blob.byteOffset % 4 === 0 ? new Int32Array(blob.buffer, blob.byteOffset, length) : new Int32Array(copyOf(blob), 0, length), scaleExp);
    default:
      throw new Error(`unknown signal dtype '${dtype}'`);
  }
}

/** The blob's bytes in an ArrayBuffer of their own. */
function copyOf(blob: Uint8Array): ArrayBuffer {
  const bytes = new Uint8Array(blob.byteLength);
  bytes.set(blob);
  return bytes.buffer;
}

function scaleDown(ints: Int8Array | Int16Array | Int32Array, scaleExp: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(ints.length);
  if (scaleExp === 0) {
    out.set(ints);
    return out;
  }
  // Divide, never multiply by 10^-k: only the division is correctly rounded (and matches the encoder's check).
  const scale = POW10[scaleExp] ?? 10 ** scaleExp;
  for (let i = 0; i < ints.length; i++) out[i] = ints[i]! / scale;
  return out;
}
