/**
 * The catalog listing (FileRow). One query; review status and label counts (confirmed labels only:
 * proposals count as nothing yet) come from the labels tables of migration 002 when they exist (LEFT JOINs), so this works on a catalog without them too.
 */
import type { FileRow, LabelStatus, Verdict } from '../../shared/api/catalog.contract';
import type { CatalogDb } from '../db/openCatalog';

const STATUSES: ReadonlySet<string> = new Set<LabelStatus>(['unlabelled', 'in_progress', 'labelled', 'reviewed']);
const VERDICTS: ReadonlySet<string> = new Set<Verdict>(['good', 'algorithm_error', 'labelling_error', 'hard_to_say']);

interface RawRow {
  id: number;
  path: string;
  folder: string;
  name: string;
  size: number;
  hash: string;
  version: number | null;
  date: string | null;
  headName: string | null;
  headTag: string | null;
  globalCounter: number | null;
  localCounter: number | null;
  rowCount: number;
  steps: string;
  depthMin: number | null;
  depthMax: number | null;
  fe: number;
  fw: number;
  fi: number;
  status: string | null;
  verdict: string | null;
  labelCount: number | null;
  missing: number;
  duplicateOf: number | null;
  parseError: string | null;
  modelConfidence: number | null;
  modelDisagreementMm: number | null;
}

// Uncertainty-first order (issue 13): rejected proposals say nothing about where the model or the stop code stands.
const MODEL_CONFIDENCE_JOIN = `LEFT JOIN (SELECT file_id, min(confidence) AS c FROM labels
      WHERE source = 'model' AND state <> 'rejected' AND confidence IS NOT NULL GROUP BY file_id) mc ON mc.file_id = f.id`;
const MODEL_DISAGREEMENT_JOIN = `LEFT JOIN (SELECT m.file_id, max(abs(m.depth - s.depth)) AS d FROM labels m
      JOIN labels s ON s.file_id = m.file_id AND s.class_id = m.class_id AND s.source = 'stepcode' AND s.state <> 'rejected' AND s.depth IS NOT NULL
      WHERE m.source = 'model' AND m.state <> 'rejected' AND m.depth IS NOT NULL GROUP BY m.file_id) md ON md.file_id = f.id`;

function hasTable(db: CatalogDb, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function selectSql(db: CatalogDb, where: string): string {
  const review = hasTable(db, 'file_review');
  const labels = hasTable(db, 'labels');
  return `SELECT f.id, f.path, f.folder, f.name, f.size, f.hash, f.version, f.date, f.head_name AS headName, f.head_tag AS headTag,
      f.head_global AS globalCounter, f.head_local AS localCounter, f.row_count AS rowCount, f.step_sequence AS steps,
      f.depth_min AS depthMin, f.depth_max AS depthMax, f.findings_error AS fe, f.findings_warning AS fw, f.findings_info AS fi,
      ${review ? 'r.status' : 'NULL'} AS status, ${review ? 'r.verdict' : 'NULL'} AS verdict, ${labels ? 'lc.n' : '0'} AS labelCount,
      f.missing, f.duplicate_of AS duplicateOf, f.parse_error AS parseError,
      ${labels ? 'mc.c' : 'NULL'} AS modelConfidence, ${labels ? 'md.d' : 'NULL'} AS modelDisagreementMm
    FROM files f
    ${review ? 'LEFT JOIN file_review r ON r.file_id = f.id' : ''}
    ${labels ? "LEFT JOIN (SELECT file_id, count(*) AS n FROM labels WHERE state = 'confirmed' GROUP BY file_id) lc ON lc.file_id = f.id" : ''}
    ${labels ? `${MODEL_CONFIDENCE_JOIN}
    ${MODEL_DISAGREEMENT_JOIN}` : ''}
    ${where}
    ORDER BY f.path`;
}

function toFileRow(r: RawRow): FileRow {
  return {
    id: r.id,
    path: r.path,
    folder: r.folder,
    name: r.name,
    size: r.size,
    hash: r.hash,
    version: r.version,
    date: r.date,
    headName: r.headName,
    headTag: r.headTag,
    globalCounter: r.globalCounter,
    localCounter: r.localCounter,
    rowCount: r.rowCount,
    steps: JSON.parse(r.steps) as number[],
    depthMin: r.depthMin,
    depthMax: r.depthMax,
    findings: { error: r.fe, warning: r.fw, info: r.fi },
    status: r.status && STATUSES.has(r.status) ? (r.status as LabelStatus) : 'unlabelled',
    verdict: r.verdict && VERDICTS.has(r.verdict) ? (r.verdict as Verdict) : null,
    labelCount: r.labelCount ?? 0,
    missing: r.missing === 1,
    duplicateOf: r.duplicateOf,
    parseError: r.parseError,
    modelConfidence: r.modelConfidence,
    modelDisagreementMm: r.modelDisagreementMm,
  };
}

/** Every file, by path. Missing files are left out unless asked for. */
export function listFileRows(db: CatalogDb, opts: { includeMissing?: boolean } = {}): FileRow[] {
  const rows = db.prepare(selectSql(db, opts.includeMissing ? '' : 'WHERE f.missing = 0')).all() as RawRow[];
  return rows.map(toFileRow);
}

export function getFileRow(db: CatalogDb, id: number): FileRow | null {
  const row = db.prepare(selectSql(db, 'WHERE f.id = ?')).get(id) as RawRow | undefined;
  return row ? toFileRow(row) : null;
}

/** The row of a path (absolute or as stored). */
export function findFileId(db: CatalogDb, filePath: string): number | null {
  const r = db.prepare('SELECT id FROM files WHERE path = ?').pluck().get(filePath) as number | undefined;
  return r ?? null;
}
