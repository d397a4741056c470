/**
 * Sheet rows (or JSON entries) to catalog files, all at once, so that two rows naming the same file are
 * seen as such: neither is applied, since the sheet does not say which of the two holds.
 */
import type { z } from 'zod';
import type { SheetAmbiguousRow, SheetDuplicate, SheetMatchedRow, SheetUnmatchedRow } from '../../../shared/api/sheets.contract';
import type { FileMatch, FileMatcher, RowKeys } from './fileMatcher';

export interface RowEntry {
  row: number;
  keys: RowKeys;
  /** A key cell that could not be read (a global counter that is no number): the row is not matched. */
  keyProblem: string | null;
}

type Matched = Extract<FileMatch, { kind: 'matched' }>;

export interface RowMatches<E extends RowEntry> {
  /** Rows that name exactly one file, which no other row names. */
  matched: Array<{ entry: E; file: Matched['file']; by: Matched['by'] }>;
  matchedRows: Array<z.infer<typeof SheetMatchedRow>>;
  unmatched: Array<z.infer<typeof SheetUnmatchedRow>>;
  ambiguous: Array<z.infer<typeof SheetAmbiguousRow>>;
  duplicates: Array<z.infer<typeof SheetDuplicate>>;
  duplicateRows: number;
}

export function matchRows<E extends RowEntry>(entries: readonly E[], matcher: FileMatcher, rowWord: string): RowMatches<E> {
  const out: RowMatches<E> = { matched: [], matchedRows: [], unmatched: [], ambiguous: [], duplicates: [], duplicateRows: 0 };
  const byFile = new Map<number, Array<{ entry: E; file: Matched['file']; by: Matched['by'] }>>();
  for (const entry of entries) {
    if (entry.keyProblem) {
      out.unmatched.push({ row: entry.row, key: '', message: `${rowWord} ${entry.row}: ${entry.keyProblem}` });
      continue;
    }
    const m = matcher.match(entry.keys);
    if (m.kind === 'unmatched') out.unmatched.push({ row: entry.row, key: m.key, message: `${rowWord} ${entry.row}: ${m.message}` });
    else if (m.kind === 'ambiguous') {
      out.ambiguous.push({ row: entry.row, key: m.key, candidates: m.candidates.map((f) => ({ fileId: f.id, path: f.path })), message: `${rowWord} ${entry.row}: ${m.message}` });
    } else {
      const list = byFile.get(m.file.id) ?? [];
      list.push({ entry, file: m.file, by: m.by });
      byFile.set(m.file.id, list);
    }
  }
  for (const list of byFile.values()) {
    if (list.length === 1) {
      const only = list[0]!;
      out.matched.push(only);
      out.matchedRows.push({ row: only.entry.row, fileId: only.file.id, path: only.file.path, matchedBy: only.by });
      continue;
    }
    const rows = list.map((m) => m.entry.row).sort((a, b) => a - b);
    const file = list[0]!.file;
    out.duplicateRows += rows.length;
    out.duplicates.push({
      fileId: file.id,
      path: file.path,
      rows,
      message: `${rowWord}s ${rows.join(', ')} all name ${file.path}; none of them is applied: keep one row per file`,
    });
  }
  out.matched.sort((a, b) => a.entry.row - b.entry.row);
  out.matchedRows.sort((a, b) => a.row - b.row);
  return out;
}
