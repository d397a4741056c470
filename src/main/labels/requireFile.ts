import { ApiError } from '../../shared/api/errors';
import type { CatalogDb } from '../db/openCatalog';

/** Labels and reviews hang off catalog files: say so plainly when the file is not there. */
export function requireFile(db: CatalogDb, fileId: number): void {
  if (!db.prepare('SELECT 1 FROM files WHERE id = ?').get(fileId)) {
    throw new ApiError('not_found', `file ${fileId} is not in the catalog`);
  }
}
