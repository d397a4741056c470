/**
 * NumPy's .npy format, version 1.0 (numpy.lib.format): magic `\x93NUMPY`, version bytes 1 0, a little-endian
 * uint16 header length, then an ASCII dict literal (descr, fortran_order, shape) padded with spaces and ended
 * by a newline so the data starts on a 64-byte boundary, then the raw C-order little-endian data. numpy.load
 * reads it with no pickle and no other dependency; python-bridge reads snapshots with numpy alone.
 */

export type NpyDtype = '<f4' | '<f8';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;

function shapeText(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** The magic, version, length and padded header of an array of this dtype and shape. */
export function npyHeader(dtype: NpyDtype, shape: readonly number[]): Uint8Array {
  for (const n of shape) if (!Number.isInteger(n) || n < 0) throw new Error(`npy: shape ${shapeText(shape)} has a dimension that is not a non-negative integer`);
  const dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeText(shape)}, }`;
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
  const padding = (ALIGN - (unpadded % ALIGN)) % ALIGN;
  const text = dict + ' '.repeat(padding) + '\n';
  if (text.length > 0xffff) throw new Error(`npy: header of ${text.length} bytes is too long for format 1.0`);
  const out = new Uint8Array(MAGIC.length + 4 + text.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = text.length & 0xff;
  out[9] = text.length >> 8;
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

/**
 * A whole 2-d .npy file of shape (rows.length, cols): each of `rows` is one row of the C-order array.
 * Little-endian is written explicitly (DataView), not assumed of the platform.
 */
export function encodeNpy(dtype: NpyDtype, rows: readonly ArrayLike<number>[], cols: number): Uint8Array {
  for (const [i, r] of rows.entries()) if (r.length !== cols) throw new Error(`npy: row ${i} has ${r.length} values, expected ${cols}`);
  const header = npyHeader(dtype, [rows.length, cols]);
  const width = dtype === '<f4' ? 4 : 8;
  const out = new Uint8Array(header.length + rows.length * cols * width);
  out.set(header, 0);
  const view = new DataView(out.buffer, out.byteOffset + header.length);
  let at = 0;
  for (const r of rows) {
    for (let j = 0; j < cols; j++) {
      if (width === 4) view.setFloat32(at, r[j]!, true);
      else view.setFloat64(at, r[j]!, true);
      at += width;
    }
  }
  return out;
}
