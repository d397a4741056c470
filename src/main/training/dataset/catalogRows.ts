/**
 * What the dataset builder reads from the catalog: the candidate files, their confirmed labels of the chosen
 * classes and sources, a grouping attribute, and a file's signal column blobs. Plain queries; the builder
 * decides what to do with them.
 */
import type { CatalogDb } from '../../db/openCatalog';
import type { ColumnBlob } from './resampleTask';

export interface CandidateFile {
  id: number;
  path: string;
  folder: string;
  name: string;
  dataHash: string | null;
  head: string | null;
  globalCounter: number | null;
  parseError: string | null;
}

interface FileRow {
  id: number;
  path: string;
  folder: string;
  name: string;
  data_hash: string | null;
  head_tag: string | null;
  head_name: string | null;
  head_global: number | null;
  parse_error: string | null;
}

/** Files in id order; only those under `folder` (itself or any depth below) when given. */
export function candidateFiles(db: CatalogDb, folder: string | null): CandidateFile[] {
  const rows = db.prepare('SELECT id, path, folder, name, data_hash, head_tag, head_name, head_global, parse_error FROM files ORDER BY id').all() as FileRow[];
  const under = folder === null ? null : folder.replace(/[\\/]+$/, '');
  return rows
    .filter((r) => under === null || r.folder === under || r.folder.startsWith(`${under}/`) || r.folder.startsWith(`${under}\\`))
    .map((r) => ({
      id: r.id,
      path: r.path,
      folder: r.folder,
      name: r.name,
      dataHash: r.data_hash,
      head: r.head_tag?.trim() || r.head_name?.trim() || null,
      globalCounter: r.head_global,
      parseError: r.parse_error,
    }));
}

export interface LabelRow {
  id: string;
  fileId: number;
  classId: string;
  depth: number;
  source: string;
  updatedAt: string;
}

/**
 * Confirmed labels with a depth, of these classes and sources, newest first within a file and class
 * (updated_at, then id, so ties resolve the same way every time). Proposals a human accepted keep their
 * source (stepcode, heuristic, model); one a human moved became 'human'.
 */
export function confirmedLabels(db: CatalogDb, classes: readonly string[], sources: readonly string[]): LabelRow[] {
  const cls = classes.map(() => '?').join(', ');
  const src = sources.map(() => '?').join(', ');
  return db
    .prepare(
      `SELECT id, file_id AS fileId, class_id AS classId, depth, source, updated_at AS updatedAt FROM labels
       WHERE state = 'confirmed' AND depth IS NOT NULL AND class_id IN (${cls}) AND source IN (${src})
       ORDER BY file_id, class_id, updated_at DESC, id DESC`,
    )
    .all(...classes, ...sources) as LabelRow[];
}

/** The newest confirmed value of an attribute class per file, as JSON text. */
export function attributeValues(db: CatalogDb, classId: string): Map<number, string> {
  const rows = db
    .prepare(`SELECT file_id AS fileId, value FROM labels WHERE state = 'confirmed' AND class_id = ? AND value IS NOT NULL ORDER BY file_id, updated_at DESC, id DESC`)
    .all(classId) as Array<{ fileId: number; value: string }>;
  const out = new Map<number, string>();
  for (const r of rows) if (!out.has(r.fileId)) out.set(r.fileId, r.value);
  return out;
}

/**
 * The file's data hash now and its signal columns of these keys, each blob copied into an ArrayBuffer of its
 * own (to be moved to the worker). The hash lets the builder notice an import that re-parsed the file
 * after the selection was made.
 */
export function signalColumns(db: CatalogDb, fileId: number, keys: readonly string[]): { dataHash: string | null; columns: ColumnBlob[] } {
  const dataHash = (db.prepare('SELECT data_hash FROM files WHERE id = ?').pluck().get(fileId) as string | null | undefined) ?? null;
  const rows = db
    .prepare(`SELECT key, dtype, scale_exp AS scaleExp, length, data FROM signals WHERE file_id = ? AND key IN (${keys.map(() => '?').join(', ')}) ORDER BY ord`)
    .all(fileId, ...keys) as Array<{ key: string; dtype: string; scaleExp: number; length: number; data: Uint8Array }>;
  const seen = new Set<string>();
  const columns: ColumnBlob[] = [];
  for (const r of rows) {
    // A layout with a duplicated name (v11's second Gap Length) keeps the first column of that key.
    if (seen.has(r.key)) continue;
    seen.add(r.key);
    const bytes = new Uint8Array(r.data.byteLength);
    bytes.set(r.data);
    columns.push({ key: r.key, dtype: r.dtype, scaleExp: r.scaleExp, length: r.length, bytes: bytes.buffer });
  }
  return { dataHash, columns };
}
