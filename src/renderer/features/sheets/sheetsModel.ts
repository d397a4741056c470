/**
 * What the label-sheets panel offers and shows, as plain data: whether a picked file can be sent, the
 * preview's counts and its rows with problems as table rows, the button and result wording, the export
 * scopes the catalog page allows now, and what to save for an export. Pure, unit-tested without React.
 */
import type { FileRow } from '../../../shared/api/catalog.contract';
import { MAX_SHEET_BYTES, type SheetApplyResult, type SheetExport, type SheetFormat, type SheetPreview } from '../../../shared/api/sheets.contract';

/** What the file input offers: the sheets the back end reads (an exported .json reads back too). */
export const SHEET_ACCEPT = '.xlsx,.csv,.json';
const SHEET_EXTENSIONS = SHEET_ACCEPT.split(',');

export const FORMAT_TITLES: Record<SheetFormat, string> = { json: 'JSON', csv: 'CSV', xlsx: 'Excel (.xlsx)' };
export const SHEET_FORMATS = Object.keys(FORMAT_TITLES) as SheetFormat[];

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * Why a picked file cannot be sent, or null when it can: the same limits the contract checks, said before
 * the bytes travel (a 40 MB workbook would otherwise cross the host only to be refused).
 */
export function sheetFileProblem(name: string, size: number): string | null {
  const lower = name.toLowerCase();
  if (!SHEET_EXTENSIONS.some((ext) => lower.endsWith(ext))) return `${name}: expected a label sheet ending in ${SHEET_EXTENSIONS.join(', ')}`;
  if (size === 0) return `${name}: the file is empty; expected a sheet with a header row and one row per file`;
  if (size > MAX_SHEET_BYTES) return `${name}: ${(size / 1024 / 1024).toFixed(1)} MiB; expected a sheet of at most ${MAX_SHEET_BYTES / 1024 / 1024} MiB`;
  return null;
}

export interface CountRow {
  key: 'rows' | 'matched' | 'unmatched' | 'ambiguous' | 'duplicate' | 'changes' | 'unchanged' | 'problems';
  title: string;
  count: number;
  /** The row says something is wrong with the sheet (shown as a warning when non-zero). */
  bad: boolean;
}

/** The preview's headline counts, in the order the panel shows them. */
export function previewCountRows(counts: SheetPreview['counts']): CountRow[] {
  return [
    { key: 'rows', title: 'Rows read', count: counts.rows, bad: false },
    { key: 'matched', title: 'Matched to a file', count: counts.matched, bad: false },
    { key: 'unmatched', title: 'Unmatched', count: counts.unmatched, bad: true },
    { key: 'ambiguous', title: 'Ambiguous (several files fit)', count: counts.ambiguous, bad: true },
    { key: 'duplicate', title: 'Duplicates (a file named twice)', count: counts.duplicate, bad: true },
    { key: 'changes', title: 'Changes planned', count: counts.changes, bad: false },
    { key: 'unchanged', title: 'Already in the catalog', count: counts.unchanged, bad: false },
    { key: 'problems', title: 'Values that cannot be applied', count: counts.problems, bad: true },
  ];
}

export interface ProblemRow {
  /** Unique within one preview (React key). */
  key: string;
  /** The sheet row(s) ("4", "3, 7"), or "" for a problem of the whole sheet. */
  rows: string;
  /**
   * The file the row names: as the sheet names it when no file was found ("name 'x.xls'", "head 'H',
   * global counter 3"), else the name of the catalog's file; "" for the whole sheet.
   */
  file: string;
  kind: 'unmatched' | 'ambiguous' | 'duplicate' | 'problem';
  /** What was wrong and what was expected, without the row number the table shows beside it. */
  message: string;
}

const baseName = (p: string): string => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);

/**
 * The back end's messages start with where they are ("row 4: name.xls: …", "rows 3, 7 all name …") so that
 * they read alone on a CLI; beside a Row and a File column that prefix only repeats them.
 */
export function withoutPrefix(message: string, file: string): string {
  let rest = message.replace(/^(?:rows?|entry|entries)\s+\d+(?:,\s*\d+)*(?::\s*|,\s*(?=column\b))/i, '');
  if (file && rest.startsWith(`${file}: `)) rest = rest.slice(file.length + 2);
  return rest;
}

/** Every row the preview refuses, sorted by its (first) row number; sheet-wide problems first. */
export function problemRows(preview: Pick<SheetPreview, 'unmatched' | 'ambiguous' | 'duplicates' | 'problems' | 'matched'>): ProblemRow[] {
  const fileOfRow = new Map(preview.matched.map((m) => [m.row, baseName(m.path)]));
  const out: Array<ProblemRow & { order: number }> = [];
  preview.unmatched.forEach((u, i) => out.push({ key: `u${i}`, order: u.row, rows: String(u.row), file: u.key, kind: 'unmatched', message: withoutPrefix(u.message, u.key) }));
  preview.ambiguous.forEach((a, i) => out.push({ key: `a${i}`, order: a.row, rows: String(a.row), file: a.key, kind: 'ambiguous', message: withoutPrefix(a.message, a.key) }));
  preview.duplicates.forEach((d, i) =>
    out.push({ key: `d${i}`, order: d.rows[0] ?? 0, rows: d.rows.join(', '), file: baseName(d.path), kind: 'duplicate', message: withoutPrefix(d.message, '') }),
  );
  preview.problems.forEach((p, i) => {
    const file = p.row === null ? '' : (fileOfRow.get(p.row) ?? '');
    out.push({ key: `p${i}`, order: p.row ?? 0, rows: p.row === null ? '' : String(p.row), file, kind: 'problem', message: withoutPrefix(p.message, file) });
  });
  // A stable sort: within one row, the order the back end gave.
  return out.sort((a, b) => a.order - b.order).map(({ order: _order, ...row }) => row);
}

export interface ChangeRow {
  key: string;
  row: number;
  file: string;
  classId: string;
  before: string;
  after: string;
}

/** A label's value or place as one short text ("8.4", "1.25 mm", "0–1.25 mm", "–" for none). */
function valuesText(v: SheetPreview['changes'][number]['before']): string {
  if (!v) return '–';
  if (v.depth !== null) return v.depthEnd !== null ? `${v.depth}–${v.depthEnd} mm` : `${v.depth} mm`;
  if (v.value === null) return '–';
  return typeof v.value === 'boolean' ? (v.value ? 'yes' : 'no') : String(v.value);
}

/** The planned changes as before → after rows. */
export function changeRows(changes: SheetPreview['changes']): ChangeRow[] {
  return changes.map((c, i) => ({ key: `${i}`, row: c.row, file: baseName(c.path), classId: c.classId, before: valuesText(c.before), after: valuesText(c.after) }));
}

/** The apply button's words: what it will do, or that it has nothing to do. */
export function applyText(changes: number): string {
  return changes === 0 ? 'Nothing to apply' : `Apply ${plural(changes, 'change')}`;
}

/** One sentence for the result of an apply. */
export function resultText(result: Pick<SheetApplyResult, 'applied' | 'files' | 'preview'>): string {
  const { counts } = result.preview;
  const skipped = counts.unmatched + counts.ambiguous + counts.duplicate;
  return (
    `Applied ${plural(result.applied.length, 'change')} to ${plural(result.files, 'file')}` +
    (skipped > 0 ? `; ${plural(skipped, 'row')} not applied (unmatched, ambiguous or duplicate)` : '') +
    (counts.problems > 0 ? `; ${plural(counts.problems, 'value')} left out` : '') +
    '.'
  );
}

export type ExportScopeKey = 'all' | 'shown';

export interface ExportScope {
  key: ExportScopeKey;
  title: string;
  /** The ids to send; undefined: the whole catalog. */
  fileIds: number[] | undefined;
  files: number;
}

/** "All files", and "the files the filter shows" whenever the table shows fewer than all of them. */
export function exportScopes(files: readonly Pick<FileRow, 'id'>[], visible: readonly Pick<FileRow, 'id'>[]): ExportScope[] {
  const out: ExportScope[] = [{ key: 'all', title: `All files (${plural(files.length, 'file')})`, fileIds: undefined, files: files.length }];
  if (visible.length > 0 && visible.length < files.length) {
    out.push({ key: 'shown', title: `Files shown by the filter (${plural(visible.length, 'file')})`, fileIds: visible.map((f) => f.id), files: visible.length });
  }
  return out;
}

/** The scope asked for when it is still offered, else the whole catalog (the filter changed under the panel). */
export function pickScope(scopes: readonly ExportScope[], key: ExportScopeKey): ExportScope {
  return scopes.find((s) => s.key === key) ?? scopes[0]!;
}

export interface Download {
  fileName: string;
  mime: string;
  data: string | Uint8Array;
}

/** What to save for an export: its text (JSON, CSV) or its bytes (a workbook). */
export function exportDownload(sheet: SheetExport): Download {
  const data = sheet.bytes ?? sheet.text;
  if (data === null) throw new Error(`labels export ${sheet.fileName}: the back end sent neither text nor bytes; expected one of them`);
  return { fileName: sheet.fileName, mime: sheet.mime, data };
}

/** One sentence for a finished export. */
export function exportedText(sheet: Pick<SheetExport, 'fileName' | 'files' | 'labels'>): string {
  return `Saved ${sheet.fileName}: ${plural(sheet.files, 'file')}, ${plural(sheet.labels, 'label')}.`;
}
