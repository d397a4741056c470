/**
 * A sheet as rows of cells, whatever it was read from (CSV or .xlsx). Row numbers are the ones a person sees
 * in a spreadsheet (the header is usually row 1), so every message can point at the row to fix.
 */

/** One cell: CSV gives text only; a workbook also numbers and booleans. Empty cells are null. */
export type SheetCell = string | number | boolean | null;

export interface SheetRow {
  /** 1-based row number in the sheet. */
  row: number;
  cells: SheetCell[];
}

export interface SheetTable {
  format: 'csv' | 'xlsx';
  /** The worksheet read (.xlsx); null for CSV. */
  sheetName: string | null;
  header: SheetRow;
  /** Data rows after the header; rows with no filled cell are left out. */
  rows: SheetRow[];
}

/** Spreadsheet column letter of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function isBlank(cell: SheetCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** A cell as text, for keys and messages (numbers as JavaScript prints them, which reads back exactly). */
export function cellAsText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'string' ? cell : String(cell);
}

/** Drop rows whose cells are all blank: spreadsheets keep formatted empty rows, CSV files trailing lines. */
export function withoutBlankRows(rows: readonly SheetRow[]): SheetRow[] {
  return rows.filter((r) => r.cells.some((c) => !isBlank(c)));
}
