/**
 * Decoding of the catalog's compact signal columns (see src/main/catalog/signalBlob.ts for the encoding).
 * Pure, so the renderer can receive columns compact (a quarter of Float64's bytes) and decode them itself.
 */
export type SignalDtype = 'f64' | 'f32' | 'i8' | 'i16' | 'i32' | 'const';

export const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

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
