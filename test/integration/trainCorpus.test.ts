/**
 * The CI acceptance run of issue 12: a real short training on corpus-derived labels, end to end through the
 * CLI a user runs. 40 real MDB-MQL files (../shared/setitec, skipped clearly without it) are imported into a
 * fresh catalog, their stop-code proposals committed and accepted, a grouped snapshot made, then `udw train
 * --epochs 2` runs the real python-bridge (torch on CPU): the ONNX model must exist, be verified against
 * PyTorch by the export (the bridge fails it otherwise), carry its metadata and run in onnxruntime-node; the
 * run must be stored as finished and listed by `udw runs`; `udw evaluate` must give the exit MAE. Small
 * epochs and batches keep it short on 2 cores; nothing here asserts how long it took or how good the model is.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunDetail, RunId, RunSummary } from '../../src/shared/api/training.contract';
import { CORPUS, hasCorpus } from './importFixtures';

const MDB = path.join(CORPUS, 'MDB-MQL');
const SUBSET = 40;
const venvPython = path.resolve('.venv', 'bin', 'python');
const python = fs.existsSync(venvPython) ? venvPython : 'python3';
if (!hasCorpus) console.warn(`SKIPPED: the training acceptance test (udw train on MDB-MQL) needs the corpus at ${CORPUS}`);

/** A bound for a test that runs the real bridge (torch on a shared 2-core machine): only a hang reaches it. */
const REAL_BRIDGE_MS = 600_000;

let root: string;
let db: string;
let snapshot: string;
let trained: { runId: string; status: string; metrics: Record<string, number>; model: string | null; evaluation: Record<string, { n: number; mae: number | null }> | null; dir: string };

/** The project's interpreter for the training commands, named the way a user would (UDW_PYTHON). */
function udw(...args: string[]) {
  return spawnSync('node', ['bin/udw.js', ...args, '--db', db], { encoding: 'utf8', timeout: 900_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, UDW_PYTHON: python } });
}

function ok(res: ReturnType<typeof udw>, what: string): unknown {
  if (res.status !== 0) throw new Error(`udw ${what} failed (exit ${res.status}):\n${res.stdout}\n${res.stderr.slice(-4000)}`);
  return JSON.parse(res.stdout);
}

describe.skipIf(!hasCorpus)('udw train on real MDB-MQL stop-code labels', () => {
  beforeAll(() => {
    execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-train-corpus-'));
    db = path.join(root, 'catalog.sqlite');
    const data = path.join(root, 'data');
    fs.mkdirSync(data);
    const names = fs.readdirSync(MDB).filter((n) => n.endsWith('.xls')).sort().slice(0, SUBSET);
    for (const n of names) fs.copyFileSync(path.join(MDB, n), path.join(data, n));
    for (const [what, args] of [
      ['import', ['import', data, '--json']],
      ['autolabel', ['autolabel', '--commit', '--accept-above', '0.8', '--json']],
    ] as const) {
      const res = spawnSync('node', ['bin/udw.js', ...args, '--db', db], { encoding: 'utf8', timeout: 300_000 });
      if (res.status !== 0) throw new Error(`udw ${what} failed (exit ${res.status}): ${res.stderr}`);
    }
    snapshot = path.join(root, 'snapshot');
    ok(udw('dataset', 'create', '--out', snapshot, '--sources', 'stepcode', '--val-fraction', '0.2', '--json'), 'dataset create');
    trained = ok(udw('train', '--dataset', snapshot, '--epochs', '2', '--batch-size', '4', '--device', 'cpu', '--seed', '1', '--json'), 'train') as typeof trained;
  }, 1_200_000);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('finishes with metrics, a verified ONNX model and the per-keypoint evaluation', () => {
    expect(RunId.safeParse(trained.runId).success).toBe(true);
    expect(trained.status).toBe('finished');
    for (const key of ['train/loss', 'val/loss', 'val/exit_mae_mm', 'val/cfrp_ti_transition_mae_mm']) expect(Number.isFinite(trained.metrics[key]), key).toBe(true);
    // The export compares ONNX Runtime with PyTorch on the validation files and fails above 1e-4.
    expect(trained.metrics['export/max_abs_diff']).toBeLessThanOrEqual(1e-4);
    expect(trained.model).toBe(path.join(trained.dir, 'model.onnx'));
    expect(fs.statSync(trained.model!).size).toBeGreaterThan(0);
    expect(trained.evaluation!.exit!.n).toBeGreaterThan(0);
    expect(Number.isFinite(trained.evaluation!.exit!.mae)).toBe(true);
  }, REAL_BRIDGE_MS);

  it('embeds the run and snapshot in the model, which runs in onnxruntime-node with dynamic batch and length', async () => {
    const script = 'import json, sys, onnx\nm = onnx.load(sys.argv[1])\nprint(json.dumps({p.key: p.value for p in m.metadata_props}))';
    const meta = JSON.parse(execFileSync(python, ['-c', script, trained.model!], { encoding: 'utf8' })) as Record<string, string>;
    const manifest = JSON.parse(fs.readFileSync(path.join(snapshot, 'manifest.json'), 'utf8')) as { snapshotId: string; channels: string[]; classes: string[] };
    expect(JSON.stringify(meta)).toContain(trained.runId);
    expect(JSON.stringify(meta)).toContain(manifest.snapshotId);
    const session = await ort.InferenceSession.create(trained.model!);
    for (const [batch, length] of [
      [1, 640],
      [2, 1000],
    ] as const) {
      const input = new ort.Tensor('float32', new Float32Array(batch * manifest.channels.length * length), [batch, manifest.channels.length, length]);
      const out = Object.values(await session.run({ [session.inputNames[0]!]: input }))[0]!;
      expect(out.dims).toEqual([batch, manifest.classes.length, length]);
      expect(Array.from(out.data as Float32Array).every(Number.isFinite)).toBe(true);
    }
  }, REAL_BRIDGE_MS);

  it('is stored as finished, with its epochs, artifacts and evaluation, and `udw runs` lists it', () => {
    const list = (ok(udw('runs', '--json'), 'runs') as unknown[]).map((r) => RunSummary.parse(r));
    expect(list.map((r) => [r.runId, r.status])).toEqual([[trained.runId, 'finished']]);
    const detail = RunDetail.omit({ consoleTail: true }).passthrough().parse(ok(udw('runs', trained.runId, '--json'), 'runs ID'));
    expect(detail).toMatchObject({ status: 'finished', epoch: 2, epochs: 2, device: 'cpu', model: trained.model, versions: { torch: expect.any(String), bridge: expect.any(String) } });
    expect(detail.epochsLog.map((e) => e.epoch)).toEqual([1, 2]);
    expect(detail.artifacts.map((a) => a.kind)).toEqual(expect.arrayContaining(['onnx', 'evaluation', 'checkpoint']));
    expect(detail.evaluation?.keypoints.exit?.n).toBe(trained.evaluation!.exit!.n);
    expect(fs.readFileSync(path.join(trained.dir, 'console.log'), 'utf8')).toMatch(/epoch 2\/2/);
  }, REAL_BRIDGE_MS);

  it('`udw evaluate --run ID` evaluates the best checkpoint and gives the exit MAE', () => {
    const res = ok(udw('evaluate', '--run', trained.runId, '--device', 'cpu', '--json'), 'evaluate') as { runId: string; source: string; evaluation: Record<string, { n: number; mae: number | null }> };
    expect(res.runId).toBe(trained.runId);
    expect(res.source).toBe(path.join(trained.dir, 'checkpoints', 'best.pt'));
    expect(res.evaluation.exit!.n).toBe(trained.evaluation!.exit!.n);
    expect(res.evaluation.exit!.mae).toBeCloseTo(trained.evaluation!.exit!.mae!, 6);
  }, REAL_BRIDGE_MS);
});
