/**
 * What an import's derive step writes (finding counts, duplicates, cross-file findings), keyed by path so
 * that two catalogs of the same folders compare equal whatever their ids; and whether the denormalised
 * counts agree with the findings table they count.
 */
import type Database from 'better-sqlite3';

export interface DerivedState {
  counts: Record<string, [number, number, number]>;
  duplicates: Record<string, string | null>;
  catalogFindings: string[];
}

export function derivedOf(db: Database.Database): DerivedState {
  const rows = db
    .prepare(
      `SELECT f.path, f.findings_error AS e, f.findings_warning AS w, f.findings_info AS i, d.path AS dup
       FROM files f LEFT JOIN files d ON d.id = f.duplicate_of ORDER BY f.path`,
    )
    .all() as Array<{ path: string; e: number; w: number; i: number; dup: string | null }>;
  const catalogFindings = (
    db
      .prepare("SELECT f.path || ' ' || x.rule_id || ' ' || x.severity || ' ' || x.message FROM findings x JOIN files f ON f.id = x.file_id WHERE x.scope = 'catalog'")
      .pluck()
      .all() as string[]
  ).sort();
  return {
    counts: Object.fromEntries(rows.map((r) => [r.path, [r.e, r.w, r.i]])),
    duplicates: Object.fromEntries(rows.map((r) => [r.path, r.dup])),
    catalogFindings,
  };
}

/** Files whose findings_* columns differ from a count of their findings (should be none). */
export function staleCounts(db: Database.Database): string[] {
  return db
    .prepare(
      `SELECT f.path FROM files f WHERE (f.findings_error, f.findings_warning, f.findings_info) IS NOT (
         (SELECT count(*) FROM findings x WHERE x.file_id = f.id AND x.severity = 'error'),
         (SELECT count(*) FROM findings x WHERE x.file_id = f.id AND x.severity = 'warning'),
         (SELECT count(*) FROM findings x WHERE x.file_id = f.id AND x.severity = 'info'))`,
    )
    .pluck()
    .all() as string[];
}
