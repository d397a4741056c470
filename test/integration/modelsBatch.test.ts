/**
 * Batch inference through the back end's dispatch (payloads validated by the contract), with the real
 * inference child: killing that child mid-batch is reported (`models.inferenceCrashed`) and the batch goes
 * on in a restarted one; a cancelled batch keeps what it stored and, resumed with its job id, does only the
 * files it had not done. Each test has its own copy of a catalog whose model was imported with `udw models`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import type { InferBatchResult, InferProgress } from '../../src/shared/api/models.contract';
import { TINY, inferenceChildPids, makeCatalogFixture, udwSync, type CatalogFixture } from '../fixtures/models/modelsFixture';

const FILES = 5;
let root: string;
let fx: CatalogFixture;
let modelId: string;
let backend: Backend | null = null;

beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-models-batch-'));
  fx = makeCatalogFixture(root, FILES, 400);
  const imported = udwSync(['models', 'import', TINY, '--db', fx.catalog, '--json']);
  if (imported.status !== 0) throw new Error(imported.stderr + imported.stdout);
  modelId = (JSON.parse(imported.stdout) as { id: string }).id;
  const activated = udwSync(['models', 'activate', modelId, '--db', fx.catalog, '--json']);
  if (activated.status !== 0) throw new Error(activated.stderr + activated.stdout);
}, 240_000);

afterEach(async () => {
  await backend?.dispose();
  backend = null;
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function open(name: string): Backend {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  fs.copyFileSync(fx.catalog, path.join(dir, 'catalog.sqlite'));
  backend = createBackend({ host: 'memory', catalogPath: path.join(dir, 'catalog.sqlite') });
  return backend;
}

function modelLabels(b: Backend): number {
  return b.context.db.prepare("SELECT count(*) FROM labels WHERE source = 'model' AND state = 'proposed'").pluck().get() as number;
}

describe('models.inferBatch', () => {
  it('goes on after the inference process is killed mid-batch, and reports the crash', async () => {
    const b = open('crash');
    const crashes: unknown[] = [];
    let killed: number | null = null;
    b.events.subscribe((channel, payload) => {
      if (channel === 'models.inferenceCrashed') crashes.push(payload);
      if (channel === 'models.progress' && (payload as InferProgress).done === 1 && killed === null) {
        const pids = inferenceChildPids();
        expect(pids).toHaveLength(1);
        killed = pids[0]!;
        process.kill(killed, 'SIGKILL');
      }
    });
    const result = (await b.dispatch('models.inferBatch', { scope: { kind: 'all' } })) as InferBatchResult;
    expect(killed).not.toBeNull();
    expect(result).toMatchObject({ state: 'complete', files: FILES, done: FILES, crashes: 1, failed: [], created: FILES * 3, modelId });
    expect(crashes).toHaveLength(1);
    expect((crashes[0] as { message: string; pid: number }).message).toMatch(/killed by SIGKILL; inference is disabled until the next request restarts it/);
    expect((crashes[0] as { pid: number }).pid).toBe(killed);
    expect(modelLabels(b)).toBe(FILES * 3);
    // A fresh process serves the next request.
    const [pid] = inferenceChildPids();
    expect(pid).not.toBe(killed);
    const one = (await b.dispatch('models.predict', { fileId: 1 })) as { predictions: unknown[] };
    expect(one.predictions).toHaveLength(3);
  }, 180_000);

  it('can be cancelled and resumed: the resumed run does only the files not done', async () => {
    const b = open('cancel');
    const cancel: { reply: Promise<unknown> | null } = { reply: null };
    b.events.subscribe((channel, payload) => {
      if (channel === 'models.progress' && (payload as InferProgress).done === 1 && cancel.reply === null) cancel.reply = b.dispatch('models.cancel', { jobId: 'job-1' });
    });
    const first = (await b.dispatch('models.inferBatch', { scope: { kind: 'all' }, jobId: 'job-1' })) as InferBatchResult;
    expect(await cancel.reply).toEqual({ cancelled: true });
    expect(first.state).toBe('cancelled');
    expect(first.done).toBeGreaterThanOrEqual(1);
    expect(first.done).toBeLessThan(FILES);
    expect(modelLabels(b)).toBe(first.done * 3);
    const second = (await b.dispatch('models.inferBatch', { scope: { kind: 'all' }, jobId: 'job-1' })) as InferBatchResult;
    expect(second).toMatchObject({ state: 'complete', done: FILES, resumedFrom: first.done, failed: [] });
    // Cumulative per job: every file stored exactly once, nothing replaced.
    expect(second.created).toBe(FILES * 3);
    expect(second.removed).toBe(0);
    expect(modelLabels(b)).toBe(FILES * 3);
    expect(await b.dispatch('models.cancel', { jobId: 'job-1' })).toEqual({ cancelled: false });
  }, 180_000);

  it('validates payloads and names what is missing', async () => {
    const b = open('refusals');
    await expect(b.dispatch('models.inferBatch', { scope: { kind: 'files', fileIds: [999] } })).rejects.toThrow(/file id 999 not in the catalog/);
    await expect(b.dispatch('models.predict', { fileId: 1, modelId: 'model-0000000000000000' })).rejects.toThrow(/model model-0000000000000000: not in the registry/);
    await expect(b.dispatch('models.import', { runId: 'run-nosuchrun1' })).rejects.toThrow(/training run run-nosuchrun1: not in the catalog/);
    await expect(b.dispatch('models.predict', { fileId: 'one' })).rejects.toThrow();
    const list = (await b.dispatch('models.list', {})) as Array<{ id: string; active: boolean }>;
    expect(list).toEqual([expect.objectContaining({ id: modelId, active: true })]);
  }, 60_000);
});
