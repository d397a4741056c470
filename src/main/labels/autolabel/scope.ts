/**
 * Which catalog files an auto-label run covers. Files that vanished from disk are left out of the whole
 * catalog and of a folder (as the catalog listing leaves them out) but are taken when named by id: their
 * parsed data and labels are still in the catalog.
 */
import path from 'node:path';
import type { AutolabelScope } from '../../../shared/api/autolabel.contract';
import { ApiError } from '../../../shared/api/errors';
import type { CatalogDb } from '../../db/openCatalog';

export interface ScopeFile {
  fileId: number;
  path: string;
  /** Why the file has no parsed data to propose from (its parse error), or null when it has. */
  unparsed: string | null;
}

interface Row {
  id: number;
  path: string;
  dataHash: string | null;
  parseError: string | null;
}

const COLUMNS = 'id, path, data_hash AS dataHash, parse_error AS parseError';

function toScopeFile(r: Row): ScopeFile {
  const unparsed = r.dataHash !== null ? null : `never parsed: ${r.parseError ?? 'no parsed data in the catalog'}`;
  return { fileId: r.id, path: r.path, unparsed };
}

/** The folder itself and the prefixes of the folders under it (either separator: catalogs made on Windows). */
function folderKeys(folder: string): { folder: string; slash: string; backslash: string } {
  const trimmed = folder.replace(/[\\/]+$/, '');
  // A root ('/', 'C:\\') keeps its separator: it is its own prefix.
  if (trimmed === '' || /^[A-Za-z]:$/.test(trimmed)) return { folder, slash: folder, backslash: folder };
  return { folder: trimmed, slash: `${trimmed}/`, backslash: `${trimmed}\\` };
}

/** The files of a scope, by path (for 'files': in the order given, each once). */
export function resolveScope(db: CatalogDb, scope: AutolabelScope): ScopeFile[] {
  switch (scope.kind) {
    case 'all':
      return (db.prepare(`SELECT ${COLUMNS} FROM files WHERE missing = 0 ORDER BY path`).all() as Row[]).map(toScopeFile);
    case 'folder': {
      if (!path.isAbsolute(scope.folder)) {
        throw new ApiError('invalid_payload', `autolabel scope folder '${scope.folder}': expected an absolute path (the catalog stores absolute folders)`);
      }
      // Prefix compare rather than LIKE: a folder name may hold % or _.
      const rows = db
        .prepare(
          `SELECT ${COLUMNS} FROM files WHERE missing = 0
             AND (folder = @folder OR substr(folder, 1, length(@slash)) = @slash OR substr(folder, 1, length(@backslash)) = @backslash)
           ORDER BY path`,
        )
        .all(folderKeys(scope.folder)) as Row[];
      if (rows.length === 0) throw new ApiError('not_found', `autolabel scope folder '${scope.folder}': no catalog files under it`);
      return rows.map(toScopeFile);
    }
    case 'files': {
      const ids = [...new Set(scope.fileIds)];
      const byId = db.prepare(`SELECT ${COLUMNS} FROM files WHERE id = ?`);
      const found: ScopeFile[] = [];
      const unknown: number[] = [];
      for (const id of ids) {
        const row = byId.get(id) as Row | undefined;
        if (row) found.push(toScopeFile(row));
        else unknown.push(id);
      }
      if (unknown.length > 0) {
        const shown = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? ` and ${unknown.length - 10} more` : '');
        throw new ApiError('not_found', `autolabel scope: file id${unknown.length === 1 ? '' : 's'} ${shown} not in the catalog`);
      }
      return found;
    }
  }
}
