/**
 * A catalog file row for in-process label tests, without the importer: labels only need files(id) to exist.
 *
 * The files table belongs to the catalog migration and keeps growing, so the row is built from
 * PRAGMA table_info: every NOT NULL column without a default gets a plausible dummy (unique text, since
 * path is UNIQUE). The durability test imports a generated file through catalog.import instead; use that
 * when a test needs a real signal.
 */
import type Database from 'better-sqlite3';

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: unknown;
  pk: number;
}

let counter = 0;

export function insertTestFile(db: Database.Database, name = 'synthetic.xls'): number {
  counter += 1;
  const columns = (db.prepare('PRAGMA table_info(files)').all() as ColumnInfo[]).filter((c) => c.notnull && c.dflt_value === null && !c.pk);
  const value = (c: ColumnInfo): unknown => {
    const type = c.type.toUpperCase();
    if (type.includes('INT') || type.includes('REAL') || type.includes('FLOA') || type.includes('DOUB') || type.includes('NUM')) return 0;
    if (type.includes('BLOB')) return Buffer.alloc(0);
    if (c.name === 'name') return name;
    return `/test/${process.pid}/${counter}/${c.name === 'path' ? name : c.name}`;
  };
  if (columns.length === 0) return Number(db.prepare('INSERT INTO files DEFAULT VALUES').run().lastInsertRowid);
  const sql = `INSERT INTO files (${columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  return Number(db.prepare(sql).run(...columns.map(value)).lastInsertRowid);
}
