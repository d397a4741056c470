/**
 * A Setitec export that someone opened in Excel and saved as a real workbook (.xlsx): one sheet whose rows
 * are the cells of the text export. We turn the sheet back into the text form (cells joined by TAB, rows
 * by LF) and hand it to the ordinary text parser, so both paths give the same metadata and columns.
 *
 * Excel may have typed the cells on the way: numbers become numbers (dot decimals once written back),
 * `TRUE`/`FALSE` booleans, `dd/mm/yyyy` dates; each is written back in a form the parser reads.
 *
 * exceljs is loaded lazily: it is large and most imports never meet a workbook.
 */
import type { CellValue, Workbook } from 'exceljs';
import { parseSetitecText } from '../../shared/setitec/parse';
import type { ParseResult } from '../../shared/setitec/types';

/** `PK\x03\x04`: the local-file header every zip container (hence every .xlsx) starts with. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Excel dates carry no zone; exceljs hands them over as UTC. A date alone goes back to `dd/mm/yyyy` (the
 * Control Box / Motor format), a date with a time to the controller's `YYYY-MM-DD:HH:MM:SS`.
 */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const y = d.getUTCFullYear();
  const mo = pad2(d.getUTCMonth() + 1);
  const day = pad2(d.getUTCDate());
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0) return `${day}/${mo}/${y}`;
  return `${y}-${mo}-${day}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** One cell as export text. Tabs and line breaks inside a cell would split it, so they become spaces. */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (v === Infinity) return 'Inf';
    if (v === -Infinity) return '-Inf';
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v.replace(/[\t\r\n]/g, ' ');
  if (v instanceof Date) return dateText(v);
  if ('richText' in v) return v.richText.map((r) => r.text).join('').replace(/[\t\r\n]/g, ' ');
  if ('hyperlink' in v) return String(v.text).replace(/[\t\r\n]/g, ' ');
  if ('formula' in v || 'sharedFormula' in v) {
    const r = (v as { result?: CellValue }).result;
    return r === undefined ? '' : cellText(r);
  }
  if ('error' in v) return String(v.error);
  return '';
}

/** The first worksheet that holds anything, as export text. Null when the workbook has none. */
export function workbookToText(wb: Workbook): string | null {
  const ws = wb.worksheets.find((w) => w.actualRowCount > 0);
  if (!ws) return null;
  const lines: string[] = [];
  const last = ws.rowCount;
  for (let r = 1; r <= last; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) {
      lines.push('');
      continue;
    }
    // row.values is 1-based and sparse: index 0 is unused, gaps are empty cells.
    const values = row.values as CellValue[];
    const cells: string[] = [];
    for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
    lines.push(cells.join('\t'));
  }
  return lines.join('\n') + '\n';
}

function failure(source: string, expected: string, found: string): ParseResult {
  return { ok: false, error: { source, line: 0, expected, message: `${source}: expected ${expected}, found ${found}` } };
}

/** Read an .xlsx workbook and parse its sheet as a Setitec export. Never throws. */
export async function parseSetitecXlsx(bytes: Uint8Array, source: string): Promise<ParseResult> {
  const expected = 'an .xlsx workbook holding a Setitec export sheet';
  let text: string | null;
  try {
    const mod = await import('exceljs');
    const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
    const wb = new ExcelJS.Workbook();
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
    text = workbookToText(wb);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return failure(source, expected, `a zip archive that is not a readable workbook (${msg})`);
  }
  if (text === null) return failure(source, expected, 'a workbook with no filled worksheet');
  return parseSetitecText(text, source);
}
