/**
 * Label sheets as .xlsx workbooks, through exceljs. Reading keeps what Excel typed (numbers, booleans),
 * so a measured thickness typed as 4.2 arrives as the number 4.2; writing puts numbers in as numbers, so
 * the workbook sorts and sums in a spreadsheet and reads back to the same values.
 */
import type { CellValue } from 'exceljs';
import { ApiError } from '../../../shared/api/errors';
import { loadExcel } from './loadExcel';
import { withoutBlankRows, type SheetCell, type SheetRow, type SheetTable } from './sheetTable';
import { zipInflatedSize } from './zipSize';

/** The worksheet an export writes, and the one an import prefers when a workbook has several. */
export const LABELS_SHEET_NAME = 'labels';
/** What a sheet may unpack to: a workbook of every file of a large catalog is a few megabytes. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

function cellOf(v: CellValue): SheetCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) return String(v.text);
  if ('formula' in v || 'sharedFormula' in v) {
    const r = (v as { result?: CellValue }).result;
    return r === undefined ? null : cellOf(r);
  }
  if ('error' in v) return String(v.error);
  return null;
}

export async function readXlsxTable(bytes: Uint8Array, fileName: string): Promise<SheetTable> {
  const expected = 'an .xlsx workbook';
  const size = zipInflatedSize(bytes);
  if (!size.ok) throw new ApiError('invalid_payload', `${fileName}: expected ${expected}, found ${size.reason}`);
  if (size.inflatedBytes > MAX_INFLATED_BYTES) {
    throw new ApiError('invalid_payload', `${fileName}: expected a workbook that unpacks to at most ${MAX_INFLATED_BYTES} bytes, found one that claims ${size.inflatedBytes}`);
  }
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (err) {
    throw new ApiError('invalid_payload', `${fileName}: expected ${expected}, found a zip archive that is not a readable workbook (${err instanceof Error ? err.message : String(err)})`);
  }
  const filled = wb.worksheets.filter((w) => w.actualRowCount > 0);
  const ws = filled.find((w) => w.name.toLowerCase() === LABELS_SHEET_NAME) ?? filled[0];
  if (!ws) throw new ApiError('invalid_payload', `${fileName}: expected a worksheet with a header row, found a workbook with no filled worksheet`);
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is 1-based and sparse: index 0 is unused, gaps are empty cells.
    const values = row.values as CellValue[];
    const cells: SheetCell[] = [];
    for (let c = 1; c < values.length; c++) cells.push(cellOf(values[c]));
    rows.push({ row: rowNumber, cells });
  });
  const [header, ...data] = withoutBlankRows(rows);
  if (!header) throw new ApiError('invalid_payload', `${fileName}: expected a header row in worksheet '${ws.name}', found only empty cells`);
  return { format: 'xlsx', sheetName: ws.name, header, rows: data };
}

/** One worksheet named 'labels': a bold, frozen header row, then one row per file. */
export async function writeXlsxTable(header: readonly string[], rows: readonly (readonly SheetCell[])[]): Promise<Uint8Array<ArrayBuffer>> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'UOS Drilling Workstation';
  const ws = wb.addWorksheet(LABELS_SHEET_NAME, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow([...header]).font = { bold: true };
  for (const cells of rows) ws.addRow(cells.map((c) => (c === null ? undefined : c)));
  header.forEach((h, i) => {
    ws.getColumn(i + 1).width = Math.min(60, Math.max(10, h.length + 2));
  });
  const buffer = await wb.xlsx.writeBuffer();
  // A plain Uint8Array: a Buffer would serialise as {type, data} on the JSON wire.
  return new Uint8Array(buffer);
}
