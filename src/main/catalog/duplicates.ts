/**
 * Duplicates (DOMAIN §11.1, §14 check 34): the same bytes (hash), or the same cycle saved twice (same head
 * name and global counter). `duplicate_of` points at the earliest (lowest id) present file of the group, so
 * the first import of a cycle stays the original. Missing files are not originals. Files whose identity
 * metadata is untrusted (a V05 finding: converted files whose metadata was copied from another hole) are
 * matched by hash only, as V34 does (validation/catalog.ts).
 */
import type { CatalogDb } from './openCatalog';

/** The file rule whose finding marks a file's identity metadata as untrusted (V05, converted file). */
export const UNTRUSTED_RULE = 'V05';

const UNTRUSTED = (alias: string): string =>
  `EXISTS (SELECT 1 FROM findings u WHERE u.file_id = ${alias}.id AND u.scope = 'file' AND u.rule_id = '${UNTRUSTED_RULE}')`;

/** Recomputes `duplicate_of` for every file; returns how many rows changed. */
export function updateDuplicates(db: CatalogDb): number {
  // Two indexed lookups per row (files_hash, files_head) instead of one OR that would scan the table.
  const rows = db
    .prepare(
      `SELECT f.id, f.duplicate_of AS current,
         (SELECT min(x) FROM (
            SELECT min(g.id) AS x FROM files g WHERE g.hash = f.hash AND g.id < f.id AND g.missing = 0
            UNION ALL
            SELECT min(g.id) FROM files g
              WHERE f.head_name IS NOT NULL AND f.head_global IS NOT NULL AND NOT ${UNTRUSTED('f')}
                AND g.head_name = f.head_name AND g.head_global = f.head_global AND g.id < f.id AND g.missing = 0
                AND NOT ${UNTRUSTED('g')}
         )) AS dup
       FROM files f`,
    )
    .all() as Array<{ id: number; current: number | null; dup: number | null }>;
  const set = db.prepare('UPDATE files SET duplicate_of = ? WHERE id = ?');
  let changed = 0;
  for (const r of rows) {
    if (r.current === r.dup) continue;
    set.run(r.dup, r.id);
    changed++;
  }
  return changed;
}
