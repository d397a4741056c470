/**
 * Reads what the agreement report is computed from: the labels that remember an origin (every label a
 * machine made: pending, accepted, moved or rejected), limited to a scope of files. One read, no writes.
 */
import path from 'node:path';
import type { AgreementScope } from '../../../shared/api/agreement.contract';
import { ApiError } from '../../../shared/api/errors';
import type { LabelOrigin } from '../../../shared/api/labels.contract';
import type { AgreementLabel } from '../../../shared/labels/agreement';
import type { CatalogDb } from '../../db/openCatalog';

interface Row {
  file_id: number;
  class_id: string;
  state: AgreementLabel['state'];
  source: AgreementLabel['source'];
  depth: number | null;
  depth_end: number | null;
  value: string | null;
  origin: string;
}

/** The folder as stored (absolute, no trailing separator except for a root), or a clear refusal. */
export function normalisedFolder(folder: string): string {
  if (!path.isAbsolute(folder)) throw new ApiError('invalid_payload', `agreement scope: folder '${folder}' is not absolute; expected an absolute folder path`);
  const trimmed = folder.replace(/[\\/]+$/, '');
  return trimmed === '' || /^[A-Za-z]:$/.test(trimmed) ? folder : trimmed;
}

/** SQL and parameters that keep the files of a scope: a folder and its subfolders, and/or a list of ids. */
function scopeFilter(scope: AgreementScope): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (scope.folder !== undefined) {
    const folder = normalisedFolder(scope.folder);
    // substr rather than LIKE: LIKE ignores case and treats _ and % in folder names as wildcards.
    clauses.push('(f.folder = ? OR substr(f.folder, 1, length(?) + 1) IN (? || \'/\', ? || \'\\\'))');
    params.push(folder, folder, folder, folder);
  }
  if (scope.fileIds !== undefined) {
    // json_each, not a list of ? placeholders: a selection of the whole corpus stays one parameter.
    clauses.push('f.id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(scope.fileIds));
  }
  return { where: clauses.length ? clauses.join(' AND ') : '1', params };
}

/** Refuses a scope that names files or a folder the catalog does not have, rather than reporting nothing. */
export function checkScope(db: CatalogDb, scope: AgreementScope): void {
  if (scope.fileIds !== undefined) {
    const missing = db
      .prepare('SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM files) ORDER BY value LIMIT 5')
      .pluck()
      .all(JSON.stringify(scope.fileIds)) as number[];
    if (missing.length) throw new ApiError('not_found', `agreement scope: file ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the catalog`);
  }
  if (scope.folder !== undefined) {
    const { where, params } = scopeFilter({ folder: scope.folder });
    if (!db.prepare(`SELECT 1 FROM files f WHERE ${where} LIMIT 1`).get(...params)) {
      throw new ApiError('not_found', `agreement scope: no catalog file is in folder '${scope.folder}' or under it`);
    }
  }
}

export function readAgreementLabels(db: CatalogDb, scope: AgreementScope = {}): AgreementLabel[] {
  const { where, params } = scopeFilter(scope);
  const rows = db
    .prepare(
      `SELECT l.file_id, l.class_id, l.state, l.source, l.depth, l.depth_end, l.value, l.origin
         FROM labels l JOIN files f ON f.id = l.file_id
        WHERE l.origin IS NOT NULL AND ${where}`,
    )
    .all(...params) as Row[];
  return rows.map((r) => ({
    fileId: r.file_id,
    classId: r.class_id,
    state: r.state,
    source: r.source,
    depth: r.depth,
    depthEnd: r.depth_end,
    value: r.value === null ? null : (JSON.parse(r.value) as AgreementLabel['value']),
    origin: JSON.parse(r.origin) as LabelOrigin,
  }));
}
