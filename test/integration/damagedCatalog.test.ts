/**
 * Damaged catalogs are refused, by name, with what to do, and never overwritten: by openCatalog, by the back
 * end the web host and Electron build (it runs quick_check before serving), and by the real `udw web` and
 * `udw import` processes. Each variant starts from a real catalog (generated Setitec files imported through
 * the real import) and is damaged the way disks and people damage files.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/main/backend/createBackend';
import { CatalogOpenError } from '../../src/main/db/catalogOpenError';
import { openCatalog } from '../../src/main/db/openCatalog';
import { runImport } from '../../src/main/ingest/importJob';
import { encodeLatin1, generateCorpus } from '../../src/shared/setitec/generator/index';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let data: string;
let good: Buffer;
let steps: { rootPage: number; pageSize: number };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-damaged-'));
  data = path.join(dir, 'data');
  fs.mkdirSync(data);
  for (const f of generateCorpus(24, 11)) fs.writeFileSync(path.join(data, f.name), encodeLatin1(f.text));
  const file = path.join(dir, 'good.sqlite');
  const db = openCatalog(file);
  const summary = await runImport(db, { dirs: [data], jobId: 'damaged-fixture' });
  expect(summary).toMatchObject({ imported: 24, failed: 0 });
  steps = {
    rootPage: db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'steps'").pluck().get() as number,
    pageSize: db.pragma('page_size', { simple: true }) as number,
  };
  db.close(); // the last connection: the WAL is checkpointed into the file and removed
  good = fs.readFileSync(file);
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function udw(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/main/cli/udw.ts', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 90_000 });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

interface Variant {
  name: string;
  make(): Buffer;
  problem: RegExp;
  /** Damage only quick_check sees: a plain open (no check) would go on and serve it. */
  onlyQuickCheck?: boolean;
}

const advice = /restore (it|the catalog) from a backup/;

const VARIANTS: Variant[] = [
  { name: 'truncated', make: () => good.subarray(0, Math.floor(good.length / 2)), problem: /is truncated \(\d+ bytes; its header says \d+\)/ },
  {
    name: 'zeroed header',
    make: () => Buffer.concat([Buffer.alloc(100), good.subarray(100)]),
    problem: /has no SQLite header \(its first 100 bytes are zero\)/,
  },
  {
    name: 'damaged pages in the middle',
    make: () => {
      const bad = Buffer.from(good);
      const pages = good.length / steps.pageSize;
      bad.fill(0xa5, Math.floor(pages * 0.45) * steps.pageSize, Math.floor(pages * 0.55) * steps.pageSize);
      return bad;
    },
    problem: /is damaged \(SQLite/,
  },
  {
    name: 'a zeroed b-tree page (the steps table)',
    make: () => {
      const bad = Buffer.from(good);
      bad.fill(0, (steps.rootPage - 1) * steps.pageSize, steps.rootPage * steps.pageSize);
      return bad;
    },
    problem: /is damaged \(SQLite quick_check: .*page/,
    onlyQuickCheck: true,
  },
  { name: 'zero length', make: () => Buffer.alloc(0), problem: /is empty \(0 bytes\)/ },
  { name: 'a text file', make: () => Buffer.from('path,size\n/data/a.xls,1234\n', 'utf8'), problem: /is not a SQLite database \(it starts with "path,size/ },
];

describe('damaged catalogs', () => {
  it('the undamaged catalog opens and passes quick_check (the variants below differ only by their damage)', () => {
    const file = path.join(dir, 'copy-of-good.sqlite');
    fs.writeFileSync(file, good);
    const db = openCatalog(file);
    expect(db.prepare('SELECT count(*) FROM files').pluck().get()).toBe(24);
    db.close();
  });

  for (const v of VARIANTS) {
    it(`${v.name}: refused with the path and what to do, by the back end, udw web and udw import; nothing overwritten`, () => {
      const file = path.join(dir, `${v.name.replace(/\W+/g, '-')}.sqlite`);
      const bytes = v.make();
      fs.writeFileSync(file, bytes);

      let thrown: unknown;
      try {
        openCatalog(file).close();
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(CatalogOpenError);
      const message = (thrown as Error).message;
      expect(message.startsWith(`catalog ${file}: `)).toBe(true);
      expect(message).toMatch(v.problem);
      expect(message).toMatch(advice);

      // What the web host and Electron build: refused before anything is served.
      expect(() => createBackend({ host: 'web', catalogPath: file })).toThrow(message);

      const web = udw('web', '--db', file, '--port', '0');
      expect(web.status, `udw web should refuse: ${web.stdout}${web.stderr}`).toBe(1);
      expect(web.stderr).toContain(`udw web: catalog ${file}: `);
      expect(web.stderr).toMatch(v.problem);

      const imp = udw('import', data, '--db', file, '--json');
      expect(imp.status, `udw import should refuse: ${imp.stdout}${imp.stderr}`).toBe(1);
      expect((JSON.parse(imp.stdout) as { error: { message: string } }).error.message).toBe(message);

      expect(fs.readFileSync(file).equals(bytes), 'the damaged file must be left byte for byte').toBe(true);
      expect(fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0, 'nothing written beside it').toBe(false);

      if (v.onlyQuickCheck) {
        // Without the check, SQLite opens this file and answers a query or two: the host would have started.
        const raw = new Database(file, { readonly: true });
        expect(raw.prepare('SELECT count(*) FROM sqlite_schema').pluck().get()).toBeGreaterThan(0);
        raw.close();
      }
    }, 240_000);
  }

  it('a missing file becomes a new catalog: the one case where one is created', () => {
    const file = path.join(dir, 'fresh', 'catalog.sqlite');
    const db = openCatalog(file);
    expect(db.prepare('SELECT count(*) FROM files').pluck().get()).toBe(0);
    db.close();
  });

  it('a SQLite database of another program is not turned into a catalog', () => {
    const file = path.join(dir, 'other-app.sqlite');
    const other = new Database(file);
    other.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    other.close();
    const before = fs.readFileSync(file);
    expect(() => openCatalog(file)).toThrow(new RegExp(`catalog ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: is a SQLite database but not a catalog \\(schema version 0, tables notes\\)`));
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
