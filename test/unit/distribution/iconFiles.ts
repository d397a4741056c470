/** Readers that check icon files byte by byte: PNG (chunk CRCs, IHDR, inflated size), ICO and ICNS directories. */
import { inflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

export interface Png {
  width: number;
  height: number;
  /** Filtered scanlines as stored (one filter byte per row), already inflated. */
  raw: Buffer;
}

/** Parses a PNG and throws, naming `what`, at the first thing that is not a valid 8-bit RGBA PNG. */
export function readPng(bytes: Buffer, what: string): Png {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error(`${what}: expected the PNG signature`);
  let at = 8;
  let ihdr: Buffer | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (at < bytes.length && !ended) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('ascii', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    const crc = bytes.readUInt32BE(at + 8 + length);
    if (crc !== crc32(bytes.subarray(at + 4, at + 8 + length))) throw new Error(`${what}: chunk ${type} at byte ${at} has a bad CRC`);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') ended = true;
    at += 12 + length;
  }
  if (!ihdr || !ended) throw new Error(`${what}: expected IHDR … IEND chunks`);
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  if (ihdr[8] !== 8 || ihdr[9] !== 6) throw new Error(`${what}: expected 8-bit RGBA (bit depth 8, colour type 6), got ${ihdr[8]}/${ihdr[9]}`);
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== height * (width * 4 + 1)) throw new Error(`${what}: image data is ${raw.length} bytes, expected ${height * (width * 4 + 1)}`);
  return { width, height, raw };
}

/** The PNG images of an ICO file (PNG-compressed entries) with the size each directory entry states. */
export function readIco(bytes: Buffer, what: string): { size: number; png: Png }[] {
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error(`${what}: expected an ICO header (0, type 1)`);
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const e = 6 + 16 * i;
    const size = bytes[e] === 0 ? 256 : bytes[e]!;
    const length = bytes.readUInt32LE(e + 8);
    const offset = bytes.readUInt32LE(e + 12);
    return { size, png: readPng(bytes.subarray(offset, offset + length), `${what} entry ${i}`) };
  });
}

/** The entries of an ICNS file: type and PNG image. */
export function readIcns(bytes: Buffer, what: string): { type: string; png: Png }[] {
  if (bytes.toString('ascii', 0, 4) !== 'icns') throw new Error(`${what}: expected the 'icns' magic`);
  if (bytes.readUInt32BE(4) !== bytes.length) throw new Error(`${what}: header length ${bytes.readUInt32BE(4)} is not the file's ${bytes.length} bytes`);
  const entries: { type: string; png: Png }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const type = bytes.toString('ascii', at, at + 4);
    const length = bytes.readUInt32BE(at + 4);
    entries.push({ type, png: readPng(bytes.subarray(at + 8, at + length), `${what} ${type}`) });
    at += length;
  }
  return entries;
}
