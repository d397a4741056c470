/** `udw labels export | import` through the real bin script over the real bundle, on catalogs of generated files. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SheetApplyResult, SheetPreview } from '../../src/shared/api/sheets.contract';

let dir: string;
let data: string;
let names: string[];

// One folder of generated files; every test imports it into catalogs of its own, so any order and any subset passes.
beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-cli-labels-'));
  data = path.join(dir, 'data');
  const generated = udw('generate', data, '--count', '6', '--seed', '3', '--json');
  if (generated.status !== 0) throw new Error(`udw generate failed (exit ${generated.status}): ${generated.stderr}`);
  names = fs.readdirSync(data).sort();
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

let fresh = 0;
/** A new catalog with the generated files imported. */
function catalog(): string {
  const db = path.join(dir, `catalog-${++fresh}.sqlite`);
  const res = udw('import', data, '--db', db, '--json');
  if (res.status !== 0) throw new Error(`udw import failed (exit ${res.status}): ${res.stderr}`);
  return db;
}

function file(name: string, text: string): string {
  const p = path.join(dir, `${++fresh}-${name}`);
  fs.writeFileSync(p, text);
  return p;
}

function udw(...args: string[]) {
  const env = { ...process.env, UDW_DB: path.join(dir ?? os.tmpdir(), 'env-default.sqlite') };
  return spawnSync('node', ['bin/udw.js', ...args], { encoding: 'utf8', timeout: 120_000, env });
}

function json<T>(res: ReturnType<typeof udw>): T {
  try {
    return JSON.parse(res.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${res.status}): ${res.stdout}\n${res.stderr}`);
  }
}

/** A measurement sheet: three holes, one typo'd name, one hole measured twice. */
function measurements(): string {
  return file(
    'thickness.csv',
    ['name,stack_thickness,comment', `${names[0]},4.2,`, `${names[1]},3.95,re-measured`, 'no_such_hole.xls,5,', `${names[2]},4.0,`, `${names[2]},4.1,`].join('\n') + '\n',
  );
}

describe('udw labels import', () => {
  it('previews without --apply (nothing written), applies with it, and reports unmatched and duplicate rows', () => {
    const db = catalog();
    const sheet = measurements();
    const preview = udw('labels', 'import', sheet, '--db', db, '--json');
    expect(preview.status).toBe(0);
    const p = json<SheetPreview>(preview);
    expect(p.counts).toMatchObject({ rows: 5, matched: 2, unmatched: 1, duplicate: 2, changes: 3, problems: 0 });
    expect(p.unmatched[0]).toMatchObject({ row: 4, message: expect.stringMatching(/^row 4: name 'no_such_hole\.xls'/) });
    expect(p.duplicates[0]).toMatchObject({ rows: [5, 6] });
    expect(json<{ labels: number }>(udw('labels', 'export', '--format', 'json', '--out', path.join(dir, 'before.json'), '--db', db, '--json')).labels).toBe(0);

    const applied = udw('labels', 'import', sheet, '--apply', '--db', db, '--json');
    expect(applied.status).toBe(0);
    const r = json<SheetApplyResult>(applied);
    expect(r.applied.map((x) => [x.row, x.classId, x.after.value])).toEqual([
      [2, 'stack_thickness', 4.2],
      [3, 'stack_thickness', 3.95],
      [3, 'comment', 're-measured'],
    ]);
    expect(r.files).toBe(2);
    // Applying the same sheet again changes nothing more.
    expect(json<SheetApplyResult>(udw('labels', 'import', sheet, '--apply', '--db', db, '--json')).applied).toEqual([]);
  });

  it('prints a readable preview without --json', () => {
    const db = catalog();
    const res = udw('labels', 'import', measurements(), '--db', db);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/thickness\.csv: 5 rows: 2 matched, 1 unmatched, 0 ambiguous, 2 duplicate/);
    expect(res.stdout).toMatch(/create stack_thickness of .*: - → 4\.2/);
    expect(res.stdout).toMatch(/preview only: run again with --apply to make these changes/);
  });

  it('fails with exit 1 and the reason when the sheet cannot be read, and 2 on a usage mistake', () => {
    const db = catalog();
    const missing = udw('labels', 'import', path.join(dir, 'nope.csv'), '--db', db, '--json');
    expect(missing.status).toBe(1);
    expect(json<{ error: { message: string } }>(missing).error.message).toMatch(/nope\.csv: no such file/);
    const notXlsx = udw('labels', 'import', file('m.xlsx', 'name,stack_thickness\n'), '--db', db, '--json');
    expect(notXlsx.status).toBe(1);
    expect(json<{ error: { code: string; message: string } }>(notXlsx).error).toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/m\.xlsx: expected an \.xlsx workbook/) });
    expect(udw('labels', 'import', file('k.csv', 'hole,x\n1,2\n'), '--db', db).stderr).toMatch(/k\.csv: row 1: expected a header with a 'path' or 'name' column/);
    expect(udw('labels', 'import', '--db', db).status).toBe(2);
    expect(udw('labels', 'import', measurements(), '--format', 'csv', '--db', db).status).toBe(2);
    expect(udw('labels', 'frob', '--db', db).stderr).toMatch(/unknown sub-command 'frob'; expected export or import/);
    expect(udw('labels', 'import', measurements(), '--db', path.join(dir, 'no-catalog.sqlite')).status).toBe(1);
  });
});

describe('udw labels export', () => {
  for (const format of ['csv', 'xlsx', 'json'] as const) {
    it(`--format ${format} writes a file that imports back into the same catalog with no change, and into a fresh one to the same attributes`, () => {
      const db = catalog();
      expect(udw('labels', 'import', measurements(), '--apply', '--db', db).status).toBe(0);
      const out = path.join(dir, `${++fresh}-labels.${format}`);
      const res = udw('labels', 'export', '--format', format, '--out', out, '--db', db, '--json');
      expect(res.status).toBe(0);
      expect(json(res)).toEqual({ out, format, files: 6, labels: 3, bytes: fs.statSync(out).size });
      if (format === 'xlsx') expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
      else if (format === 'csv') expect(fs.readFileSync(out, 'utf8').split('\r\n')[0]).toMatch(/^\uFEFFpath,name,head,global_counter,status,verdict,grip_code,/);
      else expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ format: 'udw-labels', version: 1 });

      const same = json<SheetPreview>(udw('labels', 'import', out, '--db', db, '--json'));
      expect(same.counts).toMatchObject({ rows: 6, matched: 6, changes: 0, unchanged: 3, problems: 0 });

      const other = catalog();
      expect(json<SheetApplyResult>(udw('labels', 'import', out, '--apply', '--db', other, '--json')).applied).toHaveLength(3);
      const back = path.join(dir, `${++fresh}-back.json`);
      expect(udw('labels', 'export', '--format', 'json', '--out', back, '--db', other).status).toBe(0);
      const attributes = (p: string) =>
        (JSON.parse(fs.readFileSync(p, 'utf8')) as { files: Array<{ name: string; attributes: unknown }> }).files.map((f) => [f.name, f.attributes]);
      const first = path.join(dir, `${++fresh}-first.json`);
      expect(udw('labels', 'export', '--format', 'json', '--out', first, '--db', db).status).toBe(0);
      expect(attributes(back)).toEqual(attributes(first));
      expect(attributes(first).filter(([, a]) => Object.keys(a as object).length > 0)).toHaveLength(2);
    });
  }

  it('refuses without --format or --out, or with an unknown format', () => {
    const db = catalog();
    const noFormat = udw('labels', 'export', '--out', path.join(dir, 'x.csv'), '--db', db);
    expect(noFormat.status).toBe(2);
    expect(noFormat.stderr).toMatch(/--format: expected json, csv or xlsx, got nothing/);
    expect(udw('labels', 'export', '--format', 'pdf', '--out', path.join(dir, 'x.pdf'), '--db', db).stderr).toMatch(/got 'pdf'/);
    expect(udw('labels', 'export', '--format', 'csv', '--db', db).stderr).toMatch(/--out FILE is required/);
  });
});
