/**
 * The training channels through a real back end's dispatch (the path the GUI takes over IPC or the web
 * host), with the real python-bridge on a small synthetic snapshot: start, live events and console, cancel,
 * resume as a new run, runs.list/get, errors for unknown snapshots and runs, python.setup on an interpreter
 * that has everything, a run cancelled by the back end's dispose, and a stale run failed at the next start.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import { RunDetail, type RunSummary } from '../../src/shared/api/training.contract';
import { RunStore } from '../../src/main/training/runStore';
import { writeOwner } from '../../src/main/training/runOwner';
import { STALE_RUN_ERROR } from '../../src/main/training/trainingManager';
import { makeSyntheticSnapshot, type SyntheticSnapshot } from '../helpers/fakeBridge/syntheticSnapshot';

/** A bound for a test that runs the real bridge (torch on a shared 2-core machine): only a hang reaches it. */
const REAL_BRIDGE_MS = 600_000;

let root: string;
let fx: SyntheticSnapshot;
const backends: Backend[] = [];

/** What the tests read of an event's payload (the contract validated it on the way out). */
interface Payload {
  runId?: string;
  status?: string;
  data?: string;
  line?: string;
  event?: { type: string };
}

beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-training-handlers-'));
  fx = makeSyntheticSnapshot(root);
}, 300_000);

afterAll(async () => {
  for (const b of backends) await b.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function backend(): { b: Backend; seen: Array<{ channel: string; payload: Payload }> } {
  const b = createBackend({ host: 'memory', catalogPath: fx.catalog });
  backends.push(b);
  const seen: Array<{ channel: string; payload: Payload }> = [];
  b.events.subscribe((channel, payload) => seen.push({ channel, payload: payload as Payload }));
  return { b, seen };
}

/** Resolves on the first event that matches (a handshake with the back end, not a wait). */
function eventWhere(b: Backend, match: (channel: string, payload: Payload) => boolean): Promise<Payload> {
  return new Promise((resolve) => {
    const off = b.events.subscribe((channel, raw) => {
      const payload = raw as Payload;
      if (!match(channel, payload)) return;
      off();
      resolve(payload);
    });
  });
}

const ended = (b: Backend, runId: string) => eventWhere(b, (c, p) => c === 'runs.changed' && p.runId === runId && ['finished', 'failed', 'cancelled'].includes(p.status ?? ''));

describe('training over the contract', () => {
  it('answers unknown snapshots and runs with not_found, naming them', async () => {
    const { b } = backend();
    await expect(b.dispatch('training.start', { snapshotId: 'c'.repeat(64), params: {} })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining(`snapshot ${'c'.repeat(64)} is not on this workstation`) });
    await expect(b.dispatch('runs.get', { runId: 'run-nosuchrun' })).rejects.toMatchObject({ code: 'not_found', message: 'runs.get: no run run-nosuchrun' });
    await expect(b.dispatch('training.cancel', { runId: 'run-nosuchrun' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(b.dispatch('training.start', { snapshotId: fx.snapshotId, params: { epochs: 0 } })).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(b.dispatch('training.start', { snapshotId: fx.snapshotId, params: { python: '/bin/sh' } })).rejects.toMatchObject({ code: 'invalid_payload' });
  }, REAL_BRIDGE_MS);

  it('start streams events and console; cancel checkpoints; resume continues as a new run that finishes', async () => {
    const { b, seen } = backend();
    // Cancelled mid-epoch (after its first step), the resumed run finishes that same epoch from the checkpoint.
    const params = { epochs: 1, batchSize: 2, device: 'cpu' as const, seed: 3 };
    const { runId } = (await b.dispatch('training.start', { snapshotId: fx.snapshotId, params })) as { runId: string };
    await eventWhere(b, (c, p) => c === 'training.event' && p.runId === runId && p.event?.type === 'step');
    expect(await b.dispatch('training.cancel', { runId })).toEqual({ runId, status: 'cancelled' });
    const types = seen.filter((s) => s.channel === 'training.event' && s.payload.runId === runId).map((s) => s.payload.event!.type);
    expect(types[0]).toBe('start');
    expect(types).toContain('checkpoint');
    expect(types.at(-1)).toBe('done');
    expect(seen.some((s) => s.channel === 'training.console' && s.payload.runId === runId && /epoch 1\/1 train/.test(s.payload.data ?? ''))).toBe(true);

    const { runId: next } = (await b.dispatch('training.resume', { runId })) as { runId: string };
    const done = ended(b, next);
    expect(await done).toEqual({ runId: next, status: 'finished' });
    const detail = RunDetail.parse(await b.dispatch('runs.get', { runId: next }));
    expect(detail).toMatchObject({ status: 'finished', resumedFrom: runId, epoch: 1, epochs: 1, snapshotId: fx.snapshotId, params });
    expect(detail.epochsLog.map((e) => e.epoch)).toEqual([1]);
    expect(detail.evaluation?.keypoints.exit).toBeDefined();
    expect(detail.model).toBe(path.join(detail.dir, 'model.onnx'));
    expect(detail.consoleTail.join('\n')).toMatch(/done: best epoch/);
    const list = (await b.dispatch('runs.list', {})) as RunSummary[];
    expect(list.slice(0, 2).map((r) => [r.runId, r.status])).toEqual([
      [next, 'finished'],
      [runId, 'cancelled'],
    ]);
    await expect(b.dispatch('training.resume', { runId: next })).rejects.toMatchObject({ code: 'conflict' });
  }, REAL_BRIDGE_MS);

  it('nproc 2 runs the bridge under torchrun (gloo); rank 0 reports over the same socket', async () => {
    const { b, seen } = backend();
    const { runId } = (await b.dispatch('training.start', { snapshotId: fx.snapshotId, params: { epochs: 1, batchSize: 2, device: 'cpu', nproc: 2, dryRun: true } })) as { runId: string };
    expect(await ended(b, runId)).toEqual({ runId, status: 'finished' });
    const start = seen.find((s) => s.channel === 'training.event' && s.payload.runId === runId && s.payload.event?.type === 'start')!.payload.event as unknown as { world: { size: number; rank: number; backend: string } };
    expect(start.world).toEqual({ size: 2, rank: 0, backend: 'gloo' });
    const starts = seen.filter((s) => s.channel === 'training.event' && s.payload.runId === runId && s.payload.event?.type === 'start');
    expect(starts).toHaveLength(1);
    const detail = RunDetail.parse(await b.dispatch('runs.get', { runId }));
    expect(detail).toMatchObject({ status: 'finished', params: { nproc: 2 } });
    expect(fs.existsSync(detail.model!)).toBe(true);
  }, REAL_BRIDGE_MS);

  it('python.setup says an interpreter with torch, onnx and numpy needs nothing, with progress lines', async () => {
    const { b, seen } = backend();
    const res = (await b.dispatch('python.setup', {})) as { ok: boolean; installed: string[]; message: string };
    expect(res).toMatchObject({ ok: true, installed: [], venv: '' });
    expect(res.message).toMatch(/already has torch/);
    expect(seen.filter((s) => s.channel === 'python.setupProgress').map((s) => s.payload.line)).toEqual([expect.stringMatching(/^checking .* for torch, onnx, numpy/), res.message]);
  }, REAL_BRIDGE_MS);

  it("the back end's dispose cancels a live run; a run whose owner died is failed when the next back end starts", async () => {
    const { b } = backend();
    const { runId } = (await b.dispatch('training.start', { snapshotId: fx.snapshotId, params: { epochs: 200, batchSize: 2, device: 'cpu' } })) as { runId: string };
    await eventWhere(b, (c, p) => c === 'training.event' && p.runId === runId && p.event?.type === 'step');
    await b.dispose();
    // A run left `running` by a process that is gone, as a crash leaves it.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const next = backend().b;
    const store = new RunStore(next.context.db);
    const orphanDir = path.join(root, 'runs-orphan');
    fs.mkdirSync(orphanDir);
    writeOwner(orphanDir, { host: os.hostname(), pid: dead });
    store.create({ runId: 'run-orphaned1', snapshotId: fx.snapshotId, datasetDir: fx.snapshot, dir: orphanDir, params: {}, python: 'python3', nproc: 1, resumedFrom: null });
    store.markRunning('run-orphaned1');
    const third = backend().b;
    const runs = (await third.dispatch('runs.list', {})) as RunSummary[];
    expect(runs.find((r) => r.runId === runId)).toMatchObject({ status: 'cancelled' });
    expect(runs.find((r) => r.runId === 'run-orphaned1')).toMatchObject({ status: 'failed', error: STALE_RUN_ERROR });
  }, REAL_BRIDGE_MS);
});
