/**
 * A derive that did not finish (duplicates, cross-file findings, finding counts) is redone by the next
 * import, even when no file changed since. The interruption is real: a temporary trigger makes the derive's
 * transaction fail half-way, after the import's file writes committed (as a crash or a kill there would).
 * The reference is a fresh import of the same folder into a new catalog.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { isDerivePending } from '../../src/main/catalog/derived';
import { openCatalog } from '../../src/main/db/openCatalog';
import { runImport } from '../../src/main/ingest/importJob';
import { derivedOf, staleCounts, type DerivedState as Derived } from './helpers/derivedState';
import { integrity, sandbox, type Sandbox } from './importFixtures';
import { downgradeToVersion2, schemaOf, version2Schema } from './helpers/downgradeCatalog';

let box: Sandbox | null = null;
afterEach(() => {
  box?.cleanup();
  box = null;
});

async function freshDerived(dirs: string[], root: string): Promise<Derived> {
  const db = openCatalog(path.join(root, 'fresh.sqlite'));
  try {
    await runImport(db, { dirs, jobId: 'fresh' });
    return derivedOf(db);
  } finally {
    db.close();
  }
}

/** A sandbox with a byte-identical copy, so that the derive has cross-file findings and a duplicate to find. */
function sandboxWithCopy(): Sandbox {
  const b = sandbox(30, 5);
  const first = fs.readdirSync(path.join(b.data, 'a')).sort()[0]!;
  fs.copyFileSync(path.join(b.data, 'a', first), path.join(b.data, 'a', `copy of ${first}`));
  return b;
}

it('an import whose derive failed half-way is completed by the next import, with no file changed', async () => {
  box = sandboxWithCopy();
  const { db, data } = box;
  const expected = await freshDerived([data], box.root);
  expect(expected.catalogFindings.length, 'the fixture must have cross-file findings').toBeGreaterThan(0);
  expect(Object.values(expected.counts).some(([e, w, i]) => e + w + i > 0)).toBe(true);

  db.exec(`CREATE TEMP TRIGGER interrupt_derive BEFORE UPDATE OF findings_error, findings_warning, findings_info ON files
           BEGIN SELECT RAISE(ABORT, 'derive interrupted (test)'); END`);
  await expect(runImport(db, { dirs: [data], jobId: 'interrupted' })).rejects.toThrow(/derive interrupted \(test\)/);
  // The files are in; their derived data are not, and the catalog says so.
  expect(db.prepare('SELECT count(*) FROM files').pluck().get()).toBe(31);
  expect(derivedOf(db)).not.toEqual(expected);
  expect(isDerivePending(db)).toBe(true);
  // The failed job let go of the import lock.
  expect(db.prepare('SELECT count(*) FROM import_lock').pluck().get()).toBe(0);

  db.exec('DROP TRIGGER interrupt_derive');
  const again = await runImport(db, { dirs: [data], jobId: 'repair' });
  expect(again).toMatchObject({ files: 31, imported: 0, skipped: 31, failed: 0 });
  expect(derivedOf(db)).toEqual(expected);
  expect(staleCounts(db)).toEqual([]);
  expect(isDerivePending(db)).toBe(false);
  expect(integrity(db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });

  // Once done, an import with nothing to do leaves the derived data alone (no derive needed, none pending).
  const idle = await runImport(db, { dirs: [data], jobId: 'idle' });
  expect(idle).toMatchObject({ imported: 0, skipped: 31 });
  expect(derivedOf(db)).toEqual(expected);
}, 180_000);

it('a catalog from before the pending mark (stale counts, no mark) is repaired by its first import after the upgrade', async () => {
  box = sandboxWithCopy();
  const { data, dbFile } = box;
  await runImport(box.db, { dirs: [data], jobId: 'first' });
  const expected = derivedOf(box.db);
  // What an older version left after a derive lost to SQLITE_BUSY_SNAPSHOT: stale counts, and schema version 2.
  box.db.exec(`UPDATE files SET findings_error = 0, findings_warning = 0, findings_info = 0;
               DELETE FROM findings WHERE scope = 'catalog'; UPDATE files SET duplicate_of = NULL;`);
  downgradeToVersion2(box.db);
  expect(schemaOf(box.db)).toEqual(version2Schema());
  box.db.close();
  const db = openCatalog(dbFile);
  try {
    expect(isDerivePending(db)).toBe(true);
    const summary = await runImport(db, { dirs: [data], jobId: 'after-upgrade' });
    expect(summary).toMatchObject({ imported: 0, skipped: 31 });
    expect(derivedOf(db)).toEqual(expected);
  } finally {
    db.close();
  }
}, 180_000);
