/**
 * What a zip archive (an .xlsx) says it unpacks to, read from its central directory without unpacking
 * anything. A small workbook that claims to hold hundreds of megabytes is refused before exceljs inflates it
 * into memory (a "zip bomb" as much as an honest but absurd file). The sizes are the archive's own claims;
 * they bound what an honest writer (Excel, LibreOffice, exceljs) produces, which is what a sheet is.
 */

export type ZipSize = { ok: true; entries: number; inflatedBytes: number } | { ok: false; reason: string };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_MIN = 22;

export function zipInflatedSize(bytes: Uint8Array): ZipSize {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 22 bytes plus a comment of up to 65535.
  let eocd = -1;
  for (let i = bytes.length - EOCD_MIN; i >= Math.max(0, bytes.length - EOCD_MIN - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'no zip directory at its end (truncated or not a zip archive)' };
  const entries = view.getUint16(eocd + 10, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (entries === 0xffff || dirOffset === 0xffffffff) return { ok: false, reason: 'a ZIP64 archive (larger than any sheet)' };
  let at = dirOffset;
  let inflatedBytes = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      return { ok: false, reason: `a damaged zip directory (entry ${n + 1} of ${entries})` };
    }
    const size = view.getUint32(at + 24, true);
    if (size === 0xffffffff) return { ok: false, reason: 'a ZIP64 archive (larger than any sheet)' };
    inflatedBytes += size;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { ok: true, entries, inflatedBytes };
}
