/** `udw autolabel` through the real bin script over the real bundle, on a catalog of generated files. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAutolabelFixture } from './helpers/autolabelFixture';

let dir: string;
let data: string;
let db: string;

// One shared catalog for the commands that only read; each test that commits imports its own.
beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-cli-autolabel-'));
  data = path.join(dir, 'data');
  writeAutolabelFixture(data);
  db = importInto('shared');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function udw(...args: string[]) {
  const env = { ...process.env, UDW_DB: path.join(dir ?? os.tmpdir(), 'env-default.sqlite') };
  return spawnSync('node', ['bin/udw.js', ...args], { encoding: 'utf8', timeout: 120_000, env });
}

function importInto(name: string): string {
  const catalog = path.join(dir, `${name}.sqlite`);
  const res = udw('import', data, '--db', catalog, '--json');
  if (res.status !== 0) throw new Error(`udw import failed (exit ${res.status}): ${res.stderr}`);
  return catalog;
}

function json<T>(res: ReturnType<typeof udw>): T {
  try {
    return JSON.parse(res.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${res.status}): ${res.stdout}\n${res.stderr}`);
  }
}

interface Printed {
  files: Array<{
    fileId: number;
    path: string;
    proposals: Array<{ classId: string; depth: number; depthEnd: number | null; sampleIndex: number; source: string; provenance: string; confidence: number; reasons: string[] }>;
    attributes: Array<{ classId: string; value: unknown; source: string; provenance: string; confidence: number; reasons: string[] }>;
  }>;
  summary: {
    state: string;
    files: number;
    done: number;
    proposals: number;
    attributes: number;
    byClass: Record<string, number>;
    bySource: Record<string, number>;
    byTier: Record<string, number>;
    filesWithNone: unknown[];
    failed: Array<{ path: string; message: string }>;
    commit?: { files: number; created: number; skipped: number; removed: number; accepted: number; failed: unknown[] };
  };
}

/** The labels tables of a catalog, read in this process (the CLI has exited). */
function tables(catalog: string): { labels: Array<{ state: string; confidence: number | null; class_id: string }>; events: Array<{ op: string }> } {
  const conn = new Database(catalog, { readonly: true, fileMustExist: true });
  try {
    return {
      labels: conn.prepare('SELECT * FROM labels ORDER BY id').all() as ReturnType<typeof tables>['labels'],
      events: conn.prepare('SELECT * FROM label_events ORDER BY seq').all() as ReturnType<typeof tables>['events'],
    };
  } finally {
    conn.close();
  }
}

describe('udw autolabel', () => {
  it('--json prints the files with their proposals and attributes, and a summary; nothing is written', () => {
    const before = tables(db);
    const res = udw('autolabel', '--db', db, '--json');
    expect(res.status).toBe(0);
    const out = json<Printed>(res);
    expect(Object.keys(out)).toEqual(['files', 'summary']);
    expect(out.files).toHaveLength(6);
    expect(Object.keys(out.files[0]!)).toEqual(['fileId', 'path', 'proposals', 'attributes']);
    const proposals = out.files.flatMap((f) => f.proposals);
    const attributes = out.files.flatMap((f) => f.attributes);
    expect(proposals.length).toBeGreaterThan(0);
    expect(attributes.length).toBeGreaterThan(0);
    for (const p of proposals) {
      expect(Object.keys(p)).toEqual(['classId', 'depth', 'depthEnd', 'sampleIndex', 'source', 'provenance', 'confidence', 'reasons']);
      expect(p.depth).toBeGreaterThanOrEqual(0);
      expect(['stepcode', 'heuristic']).toContain(p.source);
      expect(p.provenance).toMatch(/@\d+$/);
      expect(p.reasons.length).toBeGreaterThan(0);
    }
    for (const a of attributes) expect(Object.keys(a)).toEqual(['classId', 'value', 'source', 'provenance', 'confidence', 'reasons']);
    expect(out.summary).toMatchObject({ state: 'complete', files: 7, done: 7, proposals: proposals.length, attributes: attributes.length });
    expect(out.summary.commit).toBeUndefined();
    expect(Object.values(out.summary.bySource).reduce((a, b) => a + b, 0)).toBe(proposals.length + attributes.length);
    expect(out.summary.failed.map((f) => path.basename(f.path))).toEqual(['broken.xls']);
    expect(res.stderr).toBe('');
    expect(tables(db)).toEqual(before);
    expect(before.labels).toEqual([]);
  });

  it('--folder and --min-confidence narrow what is printed; file ids and paths name files', () => {
    const a = path.join(data, 'a');
    const out = json<Printed>(udw('autolabel', '--db', db, '--folder', a, '--min-confidence', '0.8', '--json'));
    expect(out.files.map((f) => path.relative(a, f.path).startsWith('..')).every((outside) => !outside)).toBe(true);
    expect(out.summary.files).toBe(4);
    const confidences = out.files.flatMap((f) => [...f.proposals, ...f.attributes].map((p) => p.confidence));
    expect(confidences.length).toBeGreaterThan(0);
    expect(Math.min(...confidences)).toBeGreaterThanOrEqual(0.8);

    const first = out.files[0]!;
    const some = json<Printed>(udw('autolabel', '--db', db, String(first.fileId), out.files[1]!.path, '--json'));
    expect(some.files.map((f) => f.fileId)).toEqual([first.fileId, out.files[1]!.fileId]);
  });

  it('--commit --accept-above X stores the proposals and accepts exactly those with confidence ≥ X', () => {
    const catalog = importInto('commit');
    const res = udw('autolabel', '--db', catalog, '--commit', '--accept-above', '0.8', '--json');
    expect(res.status).toBe(0);
    const out = json<Printed>(res);
    const all = out.files.flatMap((f) => [...f.proposals, ...f.attributes]);
    const confident = all.filter((p) => p.confidence >= 0.8);
    expect(out.summary.commit).toEqual({ jobId: 'cli', files: 6, created: all.length, skipped: 0, removed: 0, accepted: confident.length, failed: [] });
    const t = tables(catalog);
    expect(t.labels).toHaveLength(all.length);
    expect(t.labels.filter((l) => l.state === 'confirmed')).toHaveLength(confident.length);
    expect(t.labels.filter((l) => l.state === 'confirmed').every((l) => l.confidence! >= 0.8)).toBe(true);
    expect(t.labels.filter((l) => l.state === 'proposed').every((l) => l.confidence! < 0.8)).toBe(true);
    expect(t.events.filter((e) => e.op === 'update')).toHaveLength(confident.length);

    // Again: the untouched proposals are replaced, the accepted ones stay and are not proposed again.
    const again = json<Printed>(udw('autolabel', '--db', catalog, '--commit', '--json'));
    expect(again.summary.commit).toMatchObject({ removed: all.length - confident.length, skipped: confident.length, created: all.length - confident.length, accepted: 0 });
    expect(tables(catalog).labels.filter((l) => l.state === 'confirmed')).toEqual(t.labels.filter((l) => l.state === 'confirmed'));
  });

  it('refuses bad usage with exit 2 and a missing catalog with exit 1, writing nothing', () => {
    const before = tables(db);
    const acceptAlone = udw('autolabel', '--db', db, '--accept-above', '0.5', '--json');
    expect(acceptAlone.status).toBe(2);
    expect(acceptAlone.stderr).toMatch(/--accept-above needs --commit/);
    const badConfidence = udw('autolabel', '--db', db, '--min-confidence', '1.5', '--json');
    expect(badConfidence.status).toBe(2);
    expect(badConfidence.stderr).toMatch(/--min-confidence: expected a confidence between 0 and 1, got '1.5'/);
    const both = udw('autolabel', '--db', db, '--folder', data, '1', '--json');
    expect(both.status).toBe(2);
    expect(tables(db)).toEqual(before);

    const unknown = udw('autolabel', '--db', db, path.join(data, 'nothing.xls'), '--json');
    expect(unknown.status).toBe(1);
    expect(json<{ error: { message: string } }>(unknown).error.message).toMatch(/nothing\.xls: not in the catalog/);
    const missing = udw('autolabel', '--db', path.join(dir, 'none.sqlite'), '--json');
    expect(missing.status).toBe(1);
    expect(json<{ error: { message: string } }>(missing).error.message).toMatch(/no catalog at .*none\.sqlite/);
  });
});
