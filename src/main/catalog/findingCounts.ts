/**
 * The denormalised finding counts the listing reads (files.findings_error / _warning / _info): every scope
 * of the findings table counts (file, parse, catalog, label), so a file's counts match the findings its
 * detail lists. Only rows that differ are written.
 */
import type { CatalogDb } from '../db/openCatalog';

/** Every file's counts, after an import's derive step. */
export function recountFindings(db: CatalogDb): void {
  db.exec(`
    UPDATE files SET findings_error = c.e, findings_warning = c.w, findings_info = c.i
    FROM (
      SELECT f.id AS id,
        (SELECT count(*) FROM findings x WHERE x.file_id = f.id AND x.severity = 'error') AS e,
        (SELECT count(*) FROM findings x WHERE x.file_id = f.id AND x.severity = 'warning') AS w,
        (SELECT count(*) FROM findings x WHERE x.file_id = f.id AND x.severity = 'info') AS i
      FROM files f
    ) AS c
    WHERE c.id = files.id AND (files.findings_error, files.findings_warning, files.findings_info) IS NOT (c.e, c.w, c.i)
  `);
}

/** One file's counts, in the transaction that changed its findings (a label edit). */
export function recountFileFindings(db: CatalogDb, fileId: number): void {
  db.prepare(
    `UPDATE files SET findings_error = c.e, findings_warning = c.w, findings_info = c.i
     FROM (
       SELECT count(*) FILTER (WHERE severity = 'error') AS e, count(*) FILTER (WHERE severity = 'warning') AS w,
         count(*) FILTER (WHERE severity = 'info') AS i
       FROM findings WHERE file_id = @id
     ) AS c
     WHERE files.id = @id AND (files.findings_error, files.findings_warning, files.findings_info) IS NOT (c.e, c.w, c.i)`,
  ).run({ id: fileId });
}
