/**
 * Catalog-wide derived data, recomputed after an import changed something: duplicates, the catalog-scope
 * findings (V34 duplicates, V35 chronology: checks across files), the label findings of labelled files
 * (V36–V39, see labelFindings.ts) and the denormalised finding counts that the listing reads.
 *
 * The import marks the derived data pending in the same transaction as its writes, and this clears the
 * mark in the transaction that recomputes it: a derive that never finished is visible to the next import.
 */
import { validateCatalog, type FileSummary } from '../../shared/validation/index';
import { UNTRUSTED_RULE, updateDuplicates } from './duplicates';
import { recountFindings } from './findingCounts';
import { LabelFindings } from './labelFindings';
import type { CatalogDb } from '../db/openCatalog';

const PENDING_KEY = 'derive_pending';

/**
 * One IMMEDIATE transaction: it reads the whole catalog and then writes, which in a deferred transaction
 * fails at once (SQLITE_BUSY_SNAPSHOT) when another process committed in between. `guard` runs first inside
 * it (the import checks it still holds the import lock).
 */
export function updateDerived(db: CatalogDb, guard?: () => void): void {
  db.transaction(() => {
    guard?.();
    updateDuplicates(db);
    updateCatalogFindings(db);
    new LabelFindings(db).refreshAll();
    recountFindings(db);
    db.prepare('DELETE FROM catalog_state WHERE key = ?').run(PENDING_KEY);
  }).immediate();
}

/** Call inside the transaction that changes files or findings; `why` is kept for whoever looks at the catalog. */
export function markDerivePending(db: CatalogDb, why: string): void {
  db.prepare('INSERT INTO catalog_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(PENDING_KEY, why);
}

export function isDerivePending(db: CatalogDb): boolean {
  return db.prepare('SELECT 1 FROM catalog_state WHERE key = ?').get(PENDING_KEY) !== undefined;
}

/**
 * Replaces the catalog-scope findings. Files are compared by catalog id (the lowest id is the original, as
 * for `duplicate_of`) and named by path in the messages (more useful than ids). A file with a V05 finding
 * (converted, metadata copied from another hole) has untrusted identity: it is still compared by hash,
 * but not by (Head Name, Global Counter) nor in the chronology.
 */
export function updateCatalogFindings(db: CatalogDb): void {
  const rows = db
    .prepare(
      `SELECT id, path, hash, head_name AS headName, head_global AS globalCounter, date, clock_unset AS clockUnset,
         EXISTS (SELECT 1 FROM findings x WHERE x.file_id = files.id AND x.scope = 'file' AND x.rule_id = '${UNTRUSTED_RULE}') AS untrusted
       FROM files WHERE missing = 0`,
    )
    .all() as Array<{ id: number; path: string; hash: string; headName: string | null; globalCounter: number | null; date: string | null; clockUnset: number | null; untrusted: number }>;
  const summaries: FileSummary[] = rows.map((r) => ({
    id: r.id,
    name: r.path,
    hash: r.hash,
    headName: r.headName,
    globalCounter: r.globalCounter,
    date: r.date,
    clockUnset: r.clockUnset === 1,
    untrustedIdentity: r.untrusted === 1,
  }));
  db.prepare("DELETE FROM findings WHERE scope = 'catalog'").run();
  const ins = db.prepare("INSERT INTO findings (file_id, scope, rule_id, severity, message, section, line, column_name) VALUES (?, 'catalog', ?, ?, ?, ?, ?, ?)");
  for (const f of validateCatalog(summaries)) {
    ins.run(f.fileId, f.ruleId, f.severity, f.message, f.location.section ?? null, f.location.line ?? null, f.location.column ?? null);
  }
}
