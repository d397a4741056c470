import type { Migration } from './index';

/**
 * State that several processes on one catalog must share (the app or web host, and `udw import`):
 *
 * - import_lock: at most one row, the import now running (its job, process and host, and a heartbeat),
 *   so that two imports never interleave their writes (catalog/importLock.ts).
 * - catalog_state: flags by key. 'derive_pending' is set in the same transaction as an import's writes and
 *   cleared by the one that recomputes the derived data (duplicates, cross-file findings, finding counts),
 *   so a derive that did not finish (crash, kill, error) is redone by the next import even if no file changed.
 *
 * Catalogs from before this migration may carry counts left stale by exactly that, so it starts pending.
 * Never edit this migration once shipped; add 004_… instead.
 */
export const catalogStateSchema: Migration = {
  name: '003_catalog_state',
  up(db) {
    db.exec(`
      CREATE TABLE import_lock (
        id           INTEGER PRIMARY KEY CHECK (id = 1),
        job_id       TEXT NOT NULL,
        pid          INTEGER NOT NULL,
        host         TEXT NOT NULL,       -- os.hostname() of the holder: its pid means something only there
        started_at   TEXT NOT NULL,       -- ISO 8601 UTC
        heartbeat_ms INTEGER NOT NULL     -- Date.now() of the holder's last sign of life
      ) STRICT;

      CREATE TABLE catalog_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      INSERT INTO catalog_state (key, value) VALUES ('derive_pending', 'migration 003');
    `);
  },
};
