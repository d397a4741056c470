/**
 * Open (or create) the SQLite catalog: WAL journal so readers never block the writer, foreign keys on,
 * and the schema brought up to date by numbered migrations (PRAGMA user_version).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index';

export type CatalogDb = Database.Database;

export function openCatalog(file: string, opts: { readonly?: boolean } = {}): CatalogDb {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { readonly: opts.readonly ?? false });
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode is durable against a process crash (SIGKILL); only a power cut may lose the last commits.
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (!opts.readonly) migrate(db);
  return db;
}

export function migrate(db: CatalogDb): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = MIGRATIONS.length;
  if (current > latest) {
    throw new Error(`catalog schema version ${current} is newer than this app understands (${latest}); update the app`);
  }
  for (let v = current; v < latest; v++) {
    const step = MIGRATIONS[v]!;
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
