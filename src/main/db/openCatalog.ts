/**
 * Open (or create) the SQLite catalog: WAL journal so readers never block the writer, foreign keys on,
 * a busy timeout so that two processes (the app and a CLI import) take turns instead of failing, and the
 * schema brought up to date by numbered migrations (PRAGMA user_version).
 *
 * Every failure names the file and says what to do (CatalogOpenError). What sits on disk is checked first
 * (catalogFile.ts: only a missing file becomes a new catalog), then, unless `verify: false`, SQLite's
 * quick_check: a damaged catalog is refused before anything is served from it, instead of answering every
 * later call with an error. quick_check reads every page: 0.7-0.9 s for a 1 GB catalog in the page cache
 * (about 2 s on a loaded 2-core machine), and as long as reading the file takes when it is not cached. The
 * back end (web host, Electron) and `udw import` pay it once at start; the reading CLI commands skip it.
 */
import Database from 'better-sqlite3';
import { createCatalogFile, inspectCatalogFile, restrictCatalogModes } from './catalogFile';
import { CatalogOpenError, asCatalogOpenError, recoveryAdvice } from './catalogOpenError';
import { MIGRATIONS } from './migrations/index';

export type CatalogDb = Database.Database;

/**
 * How long a statement waits for another connection's write lock before giving up with SQLITE_BUSY. Long
 * enough for the longest write of an import (the derive step over a large catalog), since a label edit
 * that gives up is an edit the user has to make again.
 */
const BUSY_TIMEOUT_MS = 30_000;

export interface OpenCatalogOptions {
  readonly?: boolean;
  /** Run PRAGMA quick_check before use (default true). */
  verify?: boolean;
}

export function openCatalog(file: string, opts: OpenCatalogOptions = {}): CatalogDb {
  const readonly = opts.readonly ?? false;
  if (file === ':memory:') return configure(connect(file, false), file, false);
  if (inspectCatalogFile(file) === 'missing') {
    if (readonly) throw new CatalogOpenError(file, 'missing', 'does not exist (and opening read-only creates nothing)');
    try {
      createCatalogFile(file, (tmp) => {
        const fresh = connect(tmp, false);
        try {
          configure(fresh, file, false);
        } finally {
          fresh.close();
        }
      });
    } catch (err) {
      throw asCatalogOpenError(file, err);
    }
  }
  let db: CatalogDb | null = null;
  try {
    db = connect(file, readonly);
    if (opts.verify ?? true) quickCheck(db, file);
    configure(db, file, readonly);
  } catch (err) {
    db?.close();
    throw asCatalogOpenError(file, err);
  }
  restrictCatalogModes(file);
  return db;
}

function connect(file: string, readonly: boolean): CatalogDb {
  // fileMustExist: SQLite never creates the file itself; createCatalogFile made it, with its mode.
  const db = new Database(file, { readonly, fileMustExist: file !== ':memory:' });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

function configure(db: CatalogDb, file: string, readonly: boolean): CatalogDb {
  // Reads before any write: parsing the schema now makes a damaged one fail here, with the file's name,
  // rather than in the first query; and another program's database is refused before WAL mode touches it.
  db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get();
  refuseForeignDatabase(db, file);
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode is durable against a process crash (SIGKILL); only a power cut may lose the last commits.
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  if (!readonly) migrate(db, file);
  return db;
}

/** SQLite's page-level check; throws a CatalogOpenError that says how to recover. */
function quickCheck(db: CatalogDb, file: string): void {
  const rows = db.pragma('quick_check(3)', { simple: false }) as Array<Record<string, string>>;
  const problems = rows.map((r) => Object.values(r)[0] ?? '').filter((p) => p !== 'ok');
  if (problems.length === 0) return;
  const first = problems.join('; ').replace(/\*\*\* in database \w+ \*\*\*/g, '').replace(/\s+/g, ' ').trim().slice(0, 300);
  throw new CatalogOpenError(file, 'damaged', `is damaged (SQLite quick_check: ${first}). ${recoveryAdvice(file)}`);
}

/** A SQLite file of some other program (tables, but no schema version of ours) is not made into a catalog. */
function refuseForeignDatabase(db: CatalogDb, file: string): void {
  if ((db.pragma('user_version', { simple: true }) as number) !== 0) return;
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
  if (tables.length === 0) return;
  throw new CatalogOpenError(
    file,
    'foreign',
    `is a SQLite database but not a catalog (schema version 0, tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}); ` +
      'it was left as it is: point --db / UDW_DB at a catalog file',
  );
}

export function migrate(db: CatalogDb, file: string = db.name): void {
  const latest = MIGRATIONS.length;
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  if (version() > latest) {
    throw new CatalogOpenError(file, 'newer', `schema version ${version()} is newer than this app understands (${latest}); update the app`);
  }
  // Each step under the write lock, re-reading the version inside: another process may have migrated meanwhile.
  while (version() < latest) {
    db.transaction(() => {
      const v = version();
      if (v >= latest) return;
      MIGRATIONS[v]!.up(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
