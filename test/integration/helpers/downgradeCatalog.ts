/**
 * Turns a current catalog back into what schema version 2 left (the first release with labels), so tests
 * can check how an old catalog is upgraded. Every migration after 002 adds its reversal here;
 * `schemaOf` lets the test prove the downgrade is complete (same tables, columns, indexes and triggers as a
 * fresh version-2 catalog), so a new migration without a reversal fails loudly instead of testing nothing.
 */
import Database from 'better-sqlite3';
import type { CatalogDb } from '../../../src/main/db/openCatalog';
import { MIGRATIONS } from '../../../src/main/db/migrations/index';

const REVERSALS: Record<string, string> = {
  '011_model_pulls': `DROP TABLE remote_model_aliases; DROP TABLE remote_model_versions;`,
  '010_sync_outbox': `DROP TABLE sync_lock; DROP TABLE sync_remote; DROP TABLE sync_steps; DROP TABLE sync_runs;`,
  '009_models': `DROP TABLE models;`,
  '008_training_runs': `DROP TABLE run_artifacts; DROP TABLE run_metrics; DROP TABLE runs;`,
  '007_dataset_snapshots': `DROP TABLE snapshots;`,
  '006_label_travel': `DROP TABLE label_conflict_events; DROP TABLE label_conflicts; DROP TRIGGER label_events_need_ids;
    DROP INDEX label_events_by_event_id; ALTER TABLE label_events DROP COLUMN installation_id; ALTER TABLE label_events DROP COLUMN event_id;`,
  '005_label_states': `DROP INDEX labels_by_file_state; ALTER TABLE labels DROP COLUMN details; ALTER TABLE labels DROP COLUMN origin;
    ALTER TABLE labels DROP COLUMN provenance; ALTER TABLE labels DROP COLUMN state;`,
  '004_label_findings': `DELETE FROM findings WHERE scope = 'label';`,
  '003_catalog_state': `DROP TABLE import_lock; DROP TABLE catalog_state;`,
};

export function downgradeToVersion2(db: CatalogDb): void {
  for (const m of [...MIGRATIONS.slice(2)].reverse()) {
    const sql = REVERSALS[m.name];
    if (sql === undefined) throw new Error(`test/integration/helpers/downgradeCatalog.ts: add the reversal of migration ${m.name}`);
    db.exec(sql);
  }
  db.pragma('user_version = 2');
}

/** Tables, columns, indexes and triggers, to compare two catalogs' schemas. */
export function schemaOf(db: CatalogDb): string[] {
  const objects = db.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as Array<{ type: string; name: string }>;
  const out = objects.map((o) => `${o.type} ${o.name}`);
  for (const o of objects.filter((x) => x.type === 'table')) {
    for (const c of db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(o.name) as Array<{ name: string; type: string }>) out.push(`column ${o.name}.${c.name} ${c.type}`);
  }
  return out.sort();
}

/** The schema a fresh catalog had at version 2. */
export function version2Schema(): string[] {
  const db = new Database(':memory:');
  try {
    for (const m of MIGRATIONS.slice(0, 2)) m.up(db);
    return schemaOf(db);
  } finally {
    db.close();
  }
}
