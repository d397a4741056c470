/**
 * `udw dataset create|list` through the real bin script over the real bundle (its worker thread included),
 * on a catalog built with `udw import` and `udw autolabel` from generated files; the arrays are read back by
 * the real numpy.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotIdOf } from '../../src/main/training/dataset/snapshotId';
import { SnapshotSummary } from '../../src/shared/api/training.contract';
import { Manifest } from '../../src/shared/training/manifest';
import { HUMAN_EXIT_DEPTH, makeDatasetFixture, udwSync, type DatasetFixture } from './helpers/datasetFixture';

const PYTHON = path.resolve('.venv', 'bin', 'python');
const hasPython = fs.existsSync(PYTHON);
if (!hasPython) console.warn(`SKIPPED: the numpy read-back test needs ${PYTHON} (scripts/bootstrap creates it)`);

let root: string;
let fx: DatasetFixture;

beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-cli-dataset-'));
  fx = makeDatasetFixture(root);
}, 180_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function udw(...args: string[]) {
  return udwSync([...args, '--db', fx.catalog], { ...process.env, UDW_DB: path.join(root, 'env-default.sqlite') });
}

function create(out: string, ...args: string[]): SnapshotSummary {
  const res = udw('dataset', 'create', '--out', out, ...args, '--json');
  if (res.status !== 0) throw new Error(`udw dataset create failed (exit ${res.status}): ${res.stderr}${res.stdout}`);
  return SnapshotSummary.parse(JSON.parse(res.stdout));
}

function manifestOf(dir: string): Manifest {
  return Manifest.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
}

const STEPCODE = ['--sources', 'stepcode', '--classes', 'cfrp_ti_transition,exit'];

describe('udw dataset create', () => {
  it('builds the same snapshot id twice; the second time reuses the folder untouched', () => {
    const out = path.join(root, 'snap-same');
    const first = create(out, ...STEPCODE, '--group-by', 'counter-block:10', '--seed', '3');
    const stamp = fs.statSync(path.join(out, 'manifest.json')).mtimeMs;
    const second = create(out, ...STEPCODE, '--group-by', 'counter-block:10', '--seed', '3');
    expect(second.snapshotId).toBe(first.snapshotId);
    expect(first.reused).toBe(false);
    expect(second.reused).toBe(true);
    expect(fs.statSync(path.join(out, 'manifest.json')).mtimeMs).toBe(stamp);
    // The id is the content hash of the manifest on disk, and no temp folder is left beside it.
    const m = manifestOf(out);
    expect(snapshotIdOf(m)).toBe(first.snapshotId);
    expect(fs.readdirSync(root).filter((n) => n.includes('.tmp-'))).toEqual([]);
    // Another folder, same inputs: same id.
    expect(create(path.join(root, 'snap-same-elsewhere'), ...STEPCODE, '--group-by', 'counter-block:10', '--seed', '3').snapshotId).toBe(first.snapshotId);
  });

  it('excludes exact duplicates (keeping the lowest file id), unparsed and unlabelled files, with the reason', () => {
    const out = path.join(root, 'snap-excluded');
    const s = create(out, ...STEPCODE);
    const m = manifestOf(out);
    const reasons = Object.fromEntries(m.excluded.map((e) => [e.path, e.reason]));
    expect(reasons).toEqual({ [fx.duplicate]: 'duplicate', [fx.broken]: 'parse_error', [fx.unlabelled]: 'no_labels' });
    expect(m.excluded.find((e) => e.path === fx.duplicate)!.detail).toContain(fx.byCounter.get(1000)!);
    expect(m.files.map((f) => f.path)).toContain(fx.byCounter.get(1000));
    expect(s.files).toBe(11); // 12 generated, one unlabelled (the copy and the broken file are extra)
    expect(s.excluded).toBe(3);
    expect(new Set(m.files.map((f) => f.key)).size).toBe(m.files.length);
  });

  it('a different seed gives a different split (whole groups) and id', () => {
    const built = (seed: string): Manifest => {
      const out = path.join(root, `snap-seed${seed}`);
      create(out, ...STEPCODE, '--group-by', 'counter-block:3', '--seed', seed);
      return manifestOf(out);
    };
    const a = built('1');
    const b = built('2');
    expect(a.snapshotId).not.toBe(b.snapshotId);
    const splitA = a.files.map((f) => `${f.fileId}:${f.split}`);
    const splitB = b.files.map((f) => `${f.fileId}:${f.split}`);
    expect(splitA).not.toEqual(splitB);
    for (const m of [a, b]) {
      const sides = new Map<string, Set<string>>();
      for (const f of m.files) sides.set(f.group, (sides.get(f.group) ?? new Set()).add(f.split));
      for (const s of sides.values()) expect(s.size).toBe(1);
      expect(m.counts.val).toBeGreaterThan(0);
    }
  });

  it('--val-order latest sends the highest global counters to validation', () => {
    const out = path.join(root, 'snap-latest');
    create(out, ...STEPCODE, '--group-by', 'counter-block:10', '--val-order', 'latest', '--val-fraction', '0.2');
    const m = manifestOf(out);
    const train = m.files.filter((f) => f.split === 'train').map((f) => f.globalCounter!);
    const val = m.files.filter((f) => f.split === 'val').map((f) => f.globalCounter!);
    expect(val.length).toBeGreaterThan(0);
    expect(Math.min(...val)).toBeGreaterThan(Math.max(...train));
    expect(m.split).toEqual({ groupBy: 'counter-block:10', valFraction: 0.2, valOrder: 'latest', folds: null, seed: 0 });
  });

  it('--folds K assigns every group one fold; fold 0 is the val split', () => {
    const out = path.join(root, 'snap-folds');
    const s = create(out, ...STEPCODE, '--group-by', 'counter-block:3', '--folds', '3', '--seed', '5');
    const m = manifestOf(out);
    expect(s.folds).toBe(3);
    expect(new Set(m.files.map((f) => f.fold))).toEqual(new Set([0, 1, 2]));
    for (const f of m.files) expect(f.split).toBe(f.fold === 0 ? 'val' : 'train');
    const foldOf = new Map<string, number>();
    for (const f of m.files) {
      expect(foldOf.get(f.group) ?? f.fold).toBe(f.fold);
      foldOf.set(f.group, f.fold!);
    }
  });

  it('counts only the chosen sources; of two labels of a class the newest is used and the manifest says so', () => {
    const out = path.join(root, 'snap-human');
    const s = create(out, '--sources', 'human,stepcode', '--classes', 'entry,cfrp_ti_transition,exit');
    const m = manifestOf(out);
    expect(s.sources).toEqual(['human', 'stepcode']);
    expect(s.labels).toEqual({ entry: 2, cfrp_ti_transition: 11, exit: 11 });
    const two = m.files.find((f) => f.path === fx.twoExits)!;
    expect(two.labels.exit).toBe(HUMAN_EXIT_DEPTH);
    expect(two.multipleLabels).toEqual({ exit: 2 });
    // Human only: just the files a human labelled.
    const human = create(path.join(root, 'snap-human-only'), '--sources', 'human', '--classes', 'entry,exit');
    expect(human.files).toBe(3);
    expect(human.labels).toEqual({ entry: 2, exit: 1 });
    // --min-classes 2 leaves out files with only one of the classes.
    const both = create(path.join(root, 'snap-min2'), '--sources', 'human,stepcode', '--classes', 'entry,exit', '--min-classes', '2');
    expect(both.files).toBe(2);
  });

  it('--folder takes only the files below that folder', () => {
    const out = path.join(root, 'snap-folder');
    const s = create(out, ...STEPCODE, '--folder', path.join(fx.data, 'b'));
    const m = manifestOf(out);
    expect(m.selection.folder).toBe(path.join(fx.data, 'b'));
    expect(s.files).toBe(5); // six in b, one of them unlabelled
    for (const f of m.files) expect(f.path.startsWith(path.join(fx.data, 'b') + path.sep)).toBe(true);
  });

  it.skipIf(!hasPython)('writes arrays numpy reads with the shapes, labels and normalisation of the manifest', () => {
    const out = path.join(root, 'snap-numpy');
    create(out, '--sources', 'human,stepcode', '--classes', 'entry,cfrp_ti_transition,exit', '--channels', 'torque_net,thrust_net,torque', '--step-mm', '0.05');
    const script = String.raw`
import json, sys, hashlib, numpy as np
d = sys.argv[1]
m = json.load(open(d + "/manifest.json"))
labels = np.load(d + "/labels.npy", allow_pickle=False)
out = {"labels": [labels.dtype.str, list(labels.shape)], "files": [], "nan": [[bool(v) for v in row] for row in np.isnan(labels)], "values": [[None if np.isnan(v) else float(v) for v in row] for row in labels]}
train = []
for f in m["files"]:
    a = np.load(d + "/" + f["signal"], allow_pickle=False)
    sha = hashlib.sha256(open(d + "/" + f["signal"], "rb").read()).hexdigest()
    out["files"].append({"dtype": a.dtype.str, "shape": list(a.shape), "c": bool(a.flags.c_contiguous), "sha": sha})
    if f["split"] == "train": train.append(a.astype(np.float64))
cat = np.concatenate(train, axis=1)
out["mean"] = cat.mean(axis=1).tolist()
out["std"] = cat.std(axis=1).tolist()
print(json.dumps(out))`;
    const res = spawnSync(PYTHON, ['-c', script, out], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`numpy could not read the snapshot: ${res.stderr}`);
    const py = JSON.parse(res.stdout) as {
      labels: [string, number[]];
      files: Array<{ dtype: string; shape: number[]; c: boolean; sha: string }>;
      nan: boolean[][];
      values: Array<Array<number | null>>;
      mean: number[];
      std: number[];
    };
    const m = manifestOf(out);
    expect(py.labels).toEqual(['<f8', [m.files.length, 3]]);
    m.files.forEach((f, i) => {
      expect(py.files[i]).toEqual({ dtype: '<f4', shape: [3, f.length], c: true, sha: f.signalSha256 });
      m.classes.forEach((c, j) => expect(py.values[i]![j]).toBe(c in f.labels ? f.labels[c] : null));
      // The labels lie on the file's depth grid.
      for (const d of Object.values(f.labels)) expect(d).toBeGreaterThanOrEqual(f.depthStartMm - 0.05);
      for (const d of Object.values(f.labels)) expect(d).toBeLessThanOrEqual(f.depthStartMm + (f.length - 1) * 0.05 + 0.05);
    });
    m.normalisation.mean.forEach((v, c) => expect(v).toBeCloseTo(py.mean[c]!, 6));
    m.normalisation.std.forEach((v, c) => expect(v).toBeCloseTo(py.std[c]!, 6));
    // Total torque = net + no-load, so it sits above the net channel.
    expect(m.normalisation.mean[2]!).toBeGreaterThan(m.normalisation.mean[0]!);
  });

  it('refuses bad flag values with exit 2, naming the flag and what it expected', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--val-fraction', '1.5'], /--val-fraction: expected a fraction between 0 and 0\.9, got '1\.5'/],
      [['--sources', 'human,robots'], /--sources: 'robots' is not one of human, stepcode, heuristic, model/],
      [['--group-by', 'colour'], /--group-by: expected head, folder, counter-block:N/],
      [['--folds', '1'], /--folds: expected a whole number of folds from 2 to 50, got '1'/],
      [['--seed', '1.5'], /--seed: expected a whole number from 0 to 2147483647, got '1\.5'/],
      [['--val-order', 'oldest'], /--val-order: expected random or latest, got 'oldest'/],
      [['--classes', 'exit,nope'], /--classes: 'nope' is not a class of the label schema; expected one of .*exit/],
      [['--classes', 'exit', '--min-classes', '2'], /--min-classes: 2: expected at most the number of classes/],
      [['--channels', 'torque_net,step'], /--channels: 'step' is not one of torque_net/],
    ];
    for (const [args, message] of cases) {
      const res = udw('dataset', 'create', '--out', path.join(root, 'never'), ...args);
      expect(res.status, args.join(' ')).toBe(2);
      expect(res.stderr).toMatch(message);
    }
    expect(fs.existsSync(path.join(root, 'never'))).toBe(false);
    expect(udw('dataset', 'frobnicate').status).toBe(2);
  });

  it('refuses an output folder that holds something else, and leaves it alone', () => {
    const out = path.join(root, 'not-a-snapshot');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'precious.txt'), 'keep me');
    const res = udw('dataset', 'create', '--out', out, ...STEPCODE, '--json');
    expect(res.status).toBe(1);
    expect(res.stderr).toContain(`${out}: is not empty and holds no manifest.json`);
    expect(fs.readdirSync(out)).toEqual(['precious.txt']);
  });

  it('replaces an older snapshot in the same folder', () => {
    const out = path.join(root, 'snap-replaced');
    const a = create(out, ...STEPCODE, '--seed', '1');
    const b = create(out, ...STEPCODE, '--seed', '9');
    expect(b.snapshotId).not.toBe(a.snapshotId);
    expect(b.reused).toBe(false);
    expect(manifestOf(out).snapshotId).toBe(b.snapshotId);
  });

  it('udw dataset list shows the snapshots built, newest first, from the catalog', () => {
    const out = path.join(root, 'snap-listed');
    const s = create(out, ...STEPCODE, '--seed', '77');
    const res = udw('dataset', 'list', '--json');
    expect(res.status).toBe(0);
    const rows = (JSON.parse(res.stdout) as unknown[]).map((r) => SnapshotSummary.parse(r));
    expect(rows[0]).toMatchObject({ snapshotId: s.snapshotId, dir: out });
    const db = new Database(fx.catalog, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT dir FROM snapshots WHERE snapshot_id = ?').pluck().get(s.snapshotId)).toBe(out);
    } finally {
      db.close();
    }
    // A snapshot folder deleted by hand is no longer listed.
    fs.rmSync(out, { recursive: true });
    const after = JSON.parse(udw('dataset', 'list', '--json').stdout) as SnapshotSummary[];
    expect(after.map((r) => r.snapshotId)).not.toContain(s.snapshotId);
  });
});
