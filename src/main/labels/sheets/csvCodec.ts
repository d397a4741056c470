/**
 * CSV as spreadsheets write and read it (RFC 4180): quoted fields may hold the delimiter, quotes ("") and
 * line breaks. Reading takes `,`, `;` (Excel in locales with decimal commas) or TAB, whichever the header
 * line uses most; writing uses `,` and CRLF, as Excel does.
 *
 * Text that starts with = + - @ would run as a formula when the file is opened in a spreadsheet (CSV
 * injection, e.g. a comment "=HYPERLINK(…)"), so the writer puts a ' before it and the reader takes one off
 * again (text that already starts with ' and then one of those gets one more): the sheet opens safely and
 * still reads back to the same text. Numbers are never guarded.
 */
import type { SheetCell, SheetRow } from './sheetTable';

const DELIMITERS = [',', ';', '\t'] as const;
/** A formula start, after any quotes a guard (or the text itself) put before it. */
const GUARDED = /^'*[=+\-@\t\r]/;

/** The delimiter the first line uses most (outside quotes); `,` when it uses none. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export interface CsvParseResult {
  records: SheetRow[];
  /** Set when the text ends inside a quoted field: the row where that field began. */
  unterminatedQuoteRow: number | null;
}

/** Every record of the text, numbered from 1 (a quoted line break does not start a new record). */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvParseResult {
  const records: SheetRow[] = [];
  let cells: SheetCell[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let row = 1;
  let quoteRow = 0;
  const endField = (): void => {
    cells.push(field === '' && !wasQuoted ? null : unguard(field));
    field = '';
    wasQuoted = false;
  };
  const endRecord = (): void => {
    endField();
    records.push({ row, cells });
    cells = [];
    row++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && field === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      quoteRow = row;
    } else if (ch === delimiter) endField();
    else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += ch;
  }
  if (field !== '' || cells.length > 0 || wasQuoted) endRecord();
  return { records, unterminatedQuoteRow: quoted ? quoteRow : null };
}

function unguard(text: string): string {
  return text.startsWith("'") && GUARDED.test(text) ? text.slice(1) : text;
}

function guard(text: string): string {
  return GUARDED.test(text) ? `'${text}` : text;
}

function field(cell: SheetCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  const text = guard(cell);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells as CSV text: `,` between fields, CRLF after every record. */
export function writeCsv(rows: readonly (readonly SheetCell[])[]): string {
  return rows.map((cells) => cells.map(field).join(',') + '\r\n').join('');
}
