/** `udw generate | import | files | show | validate` through the real bin script over the real bundle. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dir: string;
let data: string;
let db: string;

// One shared, read-only fixture (12 generated files and a broken one, imported once) for the reading
// commands; the tests that write make their own folders and catalogs, so any order and any subset passes.
beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-cli-'));
  data = path.join(dir, 'data');
  db = path.join(dir, 'catalog.sqlite');
  const generated = udw('generate', data, '--count', '12', '--seed', '5', '--json');
  if (generated.status !== 0) throw new Error(`udw generate failed (exit ${generated.status}): ${generated.stderr}`);
  fs.writeFileSync(path.join(data, 'broken.xls'), 'garbage\n');
  const imported = udw('import', data, '--db', db, '--json');
  if (imported.status !== 0) throw new Error(`udw import failed (exit ${imported.status}): ${imported.stderr}`);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

let fresh = 0;
/** A new empty folder under the test's temp dir. */
function freshDir(name: string): string {
  const d = path.join(dir, `${name}-${++fresh}`);
  fs.mkdirSync(d);
  return d;
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

describe('udw catalog commands', () => {
  it('generate writes the same files for the same seed', () => {
    const first = path.join(freshDir('gen'), 'files');
    const res = udw('generate', first, '--count', '12', '--seed', '5', '--json');
    expect(res.status).toBe(0);
    expect(json<{ files: number }>(res).files).toBe(12);
    const names = fs.readdirSync(first).sort();
    expect(names).toHaveLength(12);
    const again = path.join(freshDir('gen'), 'files');
    expect(udw('generate', again, '--count', '12', '--seed', '5').status).toBe(0);
    expect(fs.readdirSync(again).sort()).toEqual(names);
    for (const name of names) expect(fs.readFileSync(path.join(again, name)).equals(fs.readFileSync(path.join(first, name))), name).toBe(true);
    // The shared fixture was made the same way: the same names.
    expect(fs.readdirSync(data).filter((n) => n !== 'broken.xls').sort()).toEqual(names);
  });

  it('import --json prints the summary and exits 0, also when a file fails', () => {
    const own = freshDir('import');
    const files = path.join(own, 'data');
    expect(udw('generate', files, '--count', '12', '--seed', '5').status).toBe(0);
    fs.writeFileSync(path.join(files, 'broken.xls'), 'garbage\n');
    const catalog = path.join(own, 'catalog.sqlite');
    const res = udw('import', files, '--db', catalog, '--json');
    expect(res.status).toBe(0);
    const s = json<{ files: number; imported: number; skipped: number; failed: number; findings: Record<string, number>; seconds: number; errors: unknown[] }>(res);
    expect(s).toMatchObject({ files: 13, imported: 12, skipped: 0, failed: 1 });
    expect(Object.keys(s.findings).sort()).toEqual(['error', 'info', 'warning']);
    expect(s.seconds).toBeGreaterThan(0);
    expect(res.stderr).toBe('');

    const again = json<{ imported: number; skipped: number }>(udw('import', files, '--db', catalog, '--json'));
    expect(again).toMatchObject({ imported: 0, skipped: 13 });
  });

  it('import of a folder that does not exist exits 1; without a folder exits 2', () => {
    const catalog = path.join(freshDir('nope'), 'catalog.sqlite');
    const res = udw('import', path.join(dir, 'nope'), '--db', catalog, '--json');
    expect(res.status).toBe(1);
    expect(json<{ error: { message: string } }>(res).error.message).toMatch(/no such folder/);
    expect(udw('import', '--db', catalog).status).toBe(2);
  });

  it('files --json lists the catalog', () => {
    const rows = json<Array<{ path: string; parseError: string | null; rowCount: number }>>(udw('files', '--db', db, '--json'));
    expect(rows).toHaveLength(13);
    expect(rows.filter((r) => r.parseError !== null).map((r) => path.basename(r.path))).toEqual(['broken.xls']);
  });

  it('show --json prints one file: metadata, steps, findings, columns', () => {
    const file = path.join(data, fs.readdirSync(data).find((n) => n !== 'broken.xls')!);
    const res = udw('show', file, '--db', db, '--json');
    expect(res.status).toBe(0);
    const d = json<{ file: { path: string }; sections: unknown[]; program: unknown[]; segments: unknown[]; findings: unknown[]; columns: Array<{ raw: string; length: number }> }>(res);
    expect(d.file.path).toBe(file);
    expect(d.sections.length).toBeGreaterThan(3);
    expect(d.segments.length).toBeGreaterThan(0);
    expect(d.columns[0]).toMatchObject({ raw: 'Position (mm)' });
    expect(d.columns[0]!.length).toBeGreaterThan(0);

    expect(udw('show', path.join(data, 'nothing.xls'), '--db', db, '--json').status).toBe(1);
  });

  it('validate --json prints findings per file and totals; exit 1 because of the error finding', () => {
    const res = udw('validate', '--db', db, '--json');
    const v = json<{ files: number; filesWithErrors: number; totals: Record<string, number>; findings: Array<{ path: string; findings: Array<{ ruleId: string }> }> }>(res);
    expect(v.files).toBe(13);
    expect(v.totals.error).toBeGreaterThanOrEqual(1);
    const broken = v.findings.find((f) => f.path.endsWith('broken.xls'))!;
    expect(broken.findings.map((f) => f.ruleId)).toEqual(['V01']);
    expect(res.status).toBe(1);
  });

  it('reading commands refuse a catalog that does not exist', () => {
    const res = udw('files', '--db', path.join(dir, 'none.sqlite'), '--json');
    expect(res.status).toBe(1);
    expect(fs.existsSync(path.join(dir, 'none.sqlite'))).toBe(false);
  });

  it('--help lists the catalog commands', () => {
    const res = udw('--help');
    for (const name of ['import', 'files', 'show', 'validate', 'generate']) expect(res.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
    expect(udw('validate', '--help').stdout).toMatch(/Exit 1 when any present file has an error finding/);
  });
});
