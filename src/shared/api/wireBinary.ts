/**
 * A binary frame for responses that carry signals: a JSON head with every typed array replaced by a
 * reference, then the arrays' raw bytes, each 8-byte aligned so the receiver views them without a copy.
 * A million-sample file crosses the web host as 72 MB of bytes instead of 97 MB of base64 JSON, with
 * nothing to decode. Byte order is the platform's (little-endian on every machine we run on).
 *
 *   'UDW1' | u32 LE head length | head (ASCII JSON) | zero padding to 8 | array bytes …
 */
const MAGIC = [0x55, 0x44, 0x57, 0x31]; // 'UDW1'
export const WIRE_BINARY_TYPE = 'application/x-udw-wire';

type Kind = 'f64' | 'f32' | 'i32' | 'u8';
interface ArrayRef {
  $bin: Kind;
  offset: number;
  length: number;
}

const align8 = (n: number): number => (n + 7) & ~7;

function kindOf(v: unknown): Kind | null {
  if (v instanceof Float64Array) return 'f64';
  if (v instanceof Float32Array) return 'f32';
  if (v instanceof Int32Array) return 'i32';
  if (v instanceof Uint8Array) return 'u8';
  return null;
}

/** JSON escaped to ASCII, so its bytes are its char codes (no TextEncoder in pure shared code). */
function asciiJson(value: unknown, replacer: (key: string, v: unknown) => unknown): string {
  return JSON.stringify(value, replacer).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function encodeWireBinary(value: unknown): Uint8Array {
  const arrays: Array<{ bytes: Uint8Array; offset: number }> = [];
  let dataLength = 0;
  const head = asciiJson(value, (_key, v) => {
    const kind = kindOf(v);
    if (!kind) return v;
    const typed = v as Float64Array | Float32Array | Int32Array | Uint8Array;
    const ref: ArrayRef = { $bin: kind, offset: dataLength, length: typed.length };
    arrays.push({ bytes: new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength), offset: dataLength });
    dataLength = align8(dataLength + typed.byteLength);
    return ref;
  });
  const dataStart = align8(8 + head.length);
  const out = new Uint8Array(dataStart + dataLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  for (let i = 0; i < head.length; i++) out[8 + i] = head.charCodeAt(i);
  for (const a of arrays) out.set(a.bytes, dataStart + a.offset);
  return out;
}

export function isWireBinary(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && MAGIC.every((b, i) => bytes[i] === b);
}

export function decodeWireBinary(bytes: Uint8Array): unknown {
  if (!isWireBinary(bytes)) throw new Error('not a UDW1 binary frame');
  const headLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headLength > bytes.length) throw new Error('truncated UDW1 frame');
  let head = '';
  for (let i = 0; i < headLength; i += 8192) head += String.fromCharCode(...bytes.subarray(8 + i, 8 + Math.min(headLength, i + 8192)));
  const dataStart = align8(8 + headLength);
  return JSON.parse(head, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || !('$bin' in v)) return v;
    const ref = v as ArrayRef;
    const size = ref.$bin === 'f64' ? 8 : ref.$bin === 'u8' ? 1 : 4;
    const start = bytes.byteOffset + dataStart + ref.offset;
    if (dataStart + ref.offset + ref.length * size > bytes.length) throw new Error('truncated UDW1 frame');
    // View in place when aligned (a fetched ArrayBuffer always is); copy otherwise.
    const buffer = start % size === 0 ? bytes.buffer : bytes.slice(dataStart + ref.offset, dataStart + ref.offset + ref.length * size).buffer;
    const offset = start % size === 0 ? start : 0;
    if (ref.$bin === 'f64') return new Float64Array(buffer, offset, ref.length);
    if (ref.$bin === 'f32') return new Float32Array(buffer, offset, ref.length);
    if (ref.$bin === 'u8') return new Uint8Array(buffer, offset, ref.length);
    return new Int32Array(buffer, offset, ref.length);
  });
}
