/**
 * Local training runs for the sync tests, written through the training manager's RunStore into a real temp
 * catalog (metrics in bulk straight into run_metrics, as the store keeps them): `epochs` × `keys` metric
 * points, the tiny ONNX fixture as the model, an evaluation file and optionally a larger random file, so an
 * artifact's bytes can be compared after the upload.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openCatalog, type CatalogDb } from '../../src/main/db/openCatalog';
import { RunStore } from '../../src/main/training/runStore';
import { PROTOCOL_VERSION } from '../../src/shared/training/protocol';

export const TINY_ONNX = path.resolve('test/fixtures/models/tiny.onnx');

export interface FixtureRun {
  runId: string;
  dir: string;
  /** Artifact path (as synced) → local file. */
  artifacts: Record<string, string>;
  /** Every metric point: key → value per epoch (1-based). */
  metrics: Record<string, number[]>;
}

export function openTempCatalog(root: string): { db: CatalogDb; file: string } {
  fs.mkdirSync(root, { recursive: true });
  const file = path.join(root, 'catalog.sqlite');
  return { db: openCatalog(file), file };
}

/** The snapshot id a fixture run names: a valid one (64 hex digits), made from the run id. */
export function fixtureSnapshotId(runId: string): string {
  return createHash('sha256').update(`snapshot of ${runId}`).digest('hex');
}

export function addFixtureRun(db: CatalogDb, root: string, opts: { runId: string; epochs: number; keys: number; bigFileBytes?: number; status?: 'finished' | 'failed' | 'cancelled' }): FixtureRun {
  const store = new RunStore(db);
  const dir = path.join(root, 'runs', opts.runId);
  fs.mkdirSync(dir, { recursive: true });
  const base = Date.parse('2026-03-01T10:00:00.000Z');
  store.create({ runId: opts.runId, snapshotId: fixtureSnapshotId(opts.runId), datasetDir: path.join(root, 'snapshot'), dir, params: { epochs: opts.epochs, lr: 0.001, batchSize: 16, seed: 7 }, python: 'python3', nproc: 1, resumedFrom: null, createdAt: new Date(base).toISOString() });
  store.markRunning(opts.runId, new Date(base + 1000).toISOString());
  const metrics: Record<string, number[]> = {};
  const put = db.prepare('INSERT INTO run_metrics (run_id, epoch, key, value) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let k = 0; k < opts.keys; k++) {
      const key = k === 0 ? 'train/loss' : `val/metric_${k}`;
      metrics[key] = [];
      for (let e = 1; e <= opts.epochs; e++) {
        const value = Math.round((1 / e + k + Math.sin(e * (k + 1)) * 0.01) * 1e9) / 1e9;
        metrics[key].push(value);
        put.run(opts.runId, e, key, value);
      }
    }
  })();
  const artifacts: Record<string, string> = {};
  const onnx = path.join(dir, 'model.onnx');
  fs.copyFileSync(TINY_ONNX, onnx);
  artifacts['model/model.onnx'] = onnx;
  const evaluation = path.join(dir, 'evaluation.json');
  fs.writeFileSync(evaluation, JSON.stringify({ runId: opts.runId, keypoints: {} }));
  artifacts['evaluation.json'] = evaluation;
  const event = (e: Record<string, unknown>) => ({ v: PROTOCOL_VERSION, t: base / 1000, ...e }) as never;
  store.applyEvent(opts.runId, event({ type: 'artifact', kind: 'onnx', path: onnx }));
  store.applyEvent(opts.runId, event({ type: 'artifact', kind: 'evaluation', path: evaluation }));
  if (opts.bigFileBytes) {
    const big = path.join(dir, 'plots', 'predictions.bin');
    fs.mkdirSync(path.dirname(big), { recursive: true });
    fs.writeFileSync(big, randomBytes(opts.bigFileBytes));
    artifacts['plots/predictions.bin'] = big;
    store.applyEvent(opts.runId, event({ type: 'artifact', kind: 'other', path: big }));
  }
  store.finish(opts.runId, { status: opts.status ?? 'finished', exitCode: 0, error: null, endedAt: new Date(base + 3_600_000).toISOString() });
  return { runId: opts.runId, dir, artifacts, metrics };
}

export interface UdwResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `udw <args>` from the sources (tsx) in its own process, with extra environment. */
export function spawnUdw(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<UdwResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli/udw.ts', ...args], { cwd: path.resolve('.'), env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<UdwResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

export async function runUdw(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string): Promise<UdwResult> {
  const { child, done } = spawnUdw(args, env);
  child.stdin!.end(stdin ?? '');
  return await done;
}

/** The JSON a `--json` command printed, or an error showing what it printed instead. */
export function jsonOf<T>(res: UdwResult): T {
  try {
    return JSON.parse(res.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`);
  }
}
