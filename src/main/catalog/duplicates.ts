/**
 * Duplicates (DOMAIN §11.1, §14 check 34): the same bytes (hash), or the same cycle saved twice (same head
 * and global counter, compared by the very key V34 uses: `cycleKey`, case and spaces of the head name
 * ignored). `duplicate_of` points at the earliest (lowest id) present file of the group, so the first import
 * of a cycle stays the original. Missing files are not originals. Files whose identity metadata is untrusted
 * (a V05 finding: converted files whose metadata was copied from another hole) are matched by hash only, as
 * V34 does (validation/catalog.ts).
 */
import { cycleKey } from '../../shared/validation/index';
import type { CatalogDb } from '../db/openCatalog';

/** The file rule whose finding marks a file's identity metadata as untrusted (V05, converted file). */
export const UNTRUSTED_RULE = 'V05';

interface DuplicateRow {
  id: number;
  current: number | null;
  hash: string;
  headName: string | null;
  globalCounter: number | null;
  missing: number;
  untrusted: number;
}

/** Recomputes `duplicate_of` for every file; returns how many rows changed. */
export function updateDuplicates(db: CatalogDb): number {
  // One read of the table and two maps (lowest present id per hash and per cycle): linear in the catalog,
  // where a per-row SQL lookup could not use an index on the normalised head name.
  const rows = db
    .prepare(
      `SELECT id, duplicate_of AS current, hash, head_name AS headName, head_global AS globalCounter, missing,
         EXISTS (SELECT 1 FROM findings u WHERE u.file_id = files.id AND u.scope = 'file' AND u.rule_id = '${UNTRUSTED_RULE}') AS untrusted
       FROM files`,
    )
    .all() as DuplicateRow[];
  const keyOf = (r: DuplicateRow): string | null => (r.untrusted === 1 ? null : cycleKey(r.headName, r.globalCounter));
  const firstByHash = new Map<string, number>();
  const firstByCycle = new Map<string, number>();
  const lower = (m: Map<string, number>, key: string, id: number): void => {
    const at = m.get(key);
    if (at === undefined || id < at) m.set(key, id);
  };
  for (const r of rows) {
    if (r.missing === 1) continue;
    lower(firstByHash, r.hash, r.id);
    const key = keyOf(r);
    if (key !== null) lower(firstByCycle, key, r.id);
  }
  const set = db.prepare('UPDATE files SET duplicate_of = ? WHERE id = ?');
  let changed = 0;
  for (const r of rows) {
    // The lowest present id of a group is below r.id exactly when some earlier present file shares it.
    const byHash = firstByHash.get(r.hash);
    const key = keyOf(r);
    const byCycle = key === null ? undefined : firstByCycle.get(key);
    const candidates = [byHash, byCycle].filter((x): x is number => x !== undefined && x < r.id);
    const dup = candidates.length > 0 ? Math.min(...candidates) : null;
    if (r.current === dup) continue;
    set.run(dup, r.id);
    changed++;
  }
  return changed;
}
