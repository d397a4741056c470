/**
 * The training manager's mechanics on a real catalog, a real terminal and a real Python running a
 * stand-in bridge (test/helpers/fakeBridge/fake_bridge.py: the real protocol, no torch): events into the
 * run record and out as training.event, the console into console.log and training.console, cancel (exit 6)
 * and resume, SIGKILL for a bridge that ignores SIGTERM, crashes and bridge errors as failed runs, stale
 * runs of a stopped workstation, and dispose. The real bridge has its own tests (trainingBridge, trainCorpus).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventChannel } from '../../src/shared/api/contract';
import { openCatalog, type CatalogDb } from '../../src/main/db/openCatalog';
import { EventHub } from '../../src/main/services/eventHub';
import { ProcessSupervisor } from '../../src/main/process/processSupervisor';
import { STALE_RUN_ERROR, TrainingManager } from '../../src/main/training/trainingManager';
import { RunStore } from '../../src/main/training/runStore';
import { writeOwner } from '../../src/main/training/runOwner';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fakeBridge = path.join(repoRoot, 'test/helpers/fakeBridge/fake_bridge.py');
const venvPython = path.join(repoRoot, '.venv', 'bin', 'python');
const python = fs.existsSync(venvPython) ? venvPython : 'python3';
const SNAPSHOT_ID = 'a'.repeat(64);

let dir: string;
let db: CatalogDb;
let hub: EventHub;
/** What the tests read of an event's payload (the contract validated it on the way out). */
interface Payload {
  runId?: string;
  status?: string;
  data?: string;
  event?: { type: string };
}
let seen: Array<{ channel: EventChannel; payload: Payload }>;
let supervisor: ProcessSupervisor;
const managers: TrainingManager[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-training-'));
  db = openCatalog(path.join(dir, 'catalog.sqlite'));
  hub = new EventHub();
  seen = [];
  hub.subscribe((channel, payload) => seen.push({ channel, payload: payload as Payload }));
  supervisor = new ProcessSupervisor();
  fs.mkdirSync(path.join(dir, 'snapshot'));
  fs.writeFileSync(path.join(dir, 'snapshot', 'manifest.json'), JSON.stringify({ snapshotId: SNAPSHOT_ID }));
});

afterEach(async () => {
  for (const m of managers.splice(0)) await m.dispose();
  await supervisor.disposeAll();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function manager(mode: string, extra: { killTimeoutMs?: number; python?: string } = {}): TrainingManager {
  const m = new TrainingManager({
    db,
    runsDir: path.join(dir, 'runs'),
    python: () => extra.python ?? python,
    events: hub,
    bridge: { entry: [fakeBridge], dir: repoRoot, env: { FAKE_BRIDGE_MODE: mode } },
    killTimeoutMs: extra.killTimeoutMs ?? 10_000,
    supervisor,
  });
  managers.push(m);
  return m;
}

const snapshot = () => ({ snapshotId: SNAPSHOT_ID, dir: path.join(dir, 'snapshot') });
const ofChannel = (runId: string, channel: EventChannel) => seen.filter((s) => s.channel === channel && s.payload.runId === runId).map((s) => s.payload);

/** Resolves at the run's first protocol event of this type (a handshake, not a wait). */
function eventOf(runId: string, type: string): Promise<void> {
  return new Promise((resolve) => {
    const off = hub.subscribe((channel, raw) => {
      const payload = raw as Payload;
      if (channel === 'training.event' && payload.runId === runId && payload.event?.type === type) {
        off();
        resolve();
      }
    });
  });
}

describe('a run that finishes', () => {
  it('stores start, epochs, metrics, artifacts, model and evaluation; streams events and the console', async () => {
    const m = manager('ok');
    const runId = m.start({ snapshot: snapshot(), params: { epochs: 3, batchSize: 8, lr: 0.002, seed: 7, device: 'cpu', patience: 4 } });
    expect(runId).toMatch(/^run-[0-9a-z]{25}$/);
    const run = (await m.whenDone(runId))!;
    expect(run).toMatchObject({
      status: 'finished',
      snapshotId: SNAPSHOT_ID,
      epoch: 3,
      epochs: 3,
      device: 'cpu',
      error: null,
      exitCode: 0,
      bestEpoch: 3,
      resumedFrom: null,
      versions: { bridge: '0.0.0-fake', torch: 'none', python: expect.stringMatching(/^3\./) },
      model: path.join(run.dir, 'model.onnx'),
      params: { epochs: 3, batchSize: 8, lr: 0.002, seed: 7, device: 'cpu', patience: 4 },
      effectiveParams: { epochs: 3, mode: 'ok' },
    });
    expect(run.dir).toBe(path.join(dir, 'runs', runId));
    expect(run.startedAt).not.toBeNull();
    expect(run.endedAt).not.toBeNull();
    expect(run.epochsLog.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(run.epochsLog[1]!.metrics).toMatchObject({ 'train/loss': 0.5, 'val/loss': 1, 'val/exit_mae_mm': 0.25, lr: 0.001 });
    // Latest value: the end-of-run figure over the last epoch's.
    expect(run.metrics['val/exit_mae_mm']).toBe(0.04);
    expect(run.metrics['train/loss']).toBeCloseTo(1 / 3);
    expect(run.evaluation?.keypoints.exit).toMatchObject({ n: 2, mae: 0.04 });
    expect(run.artifacts.map((a) => a.kind).sort()).toEqual(['checkpoint', 'evaluation', 'onnx']);

    const argv = JSON.parse(fs.readFileSync(path.join(run.dir, 'argv.json'), 'utf8')) as string[];
    expect(argv).toEqual(['train', '--dataset', snapshot().dir, '--out', run.dir, '--run-id', runId, '--epochs', '3', '--batch-size', '8', '--lr', '0.002', '--seed', '7', '--device', 'cpu', '--patience', '4']);

    const types = ofChannel(runId, 'training.event').map((p) => p.event!.type);
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('done');
    expect(types.filter((t) => t === 'epoch')).toHaveLength(3);
    expect(types.filter((t) => t === 'step')).toHaveLength(9);
    expect(ofChannel(runId, 'runs.changed').map((p) => p.status)).toEqual(['queued', 'running', 'finished']);
    const consoleText = ofChannel(runId, 'training.console').map((p) => p.data).join('');
    expect(consoleText).toMatch(/epoch 3: 100%\|[^\r\n]*\| 3\/3/);
    expect(fs.readFileSync(path.join(run.dir, 'console.log'), 'utf8')).toBe(consoleText);
    expect(m.consoleTail(runId, run.dir)).toContain('done');
    expect(m.store.list().map((r) => r.runId)).toEqual([runId]);
  });

  it('passes --nproc only for more than one worker, and --dry-run', async () => {
    const m = manager('ok');
    const one = m.start({ snapshot: snapshot(), params: { epochs: 1, nproc: 1, dryRun: true } });
    const argv = async (runId: string) => JSON.parse(fs.readFileSync(path.join((await m.whenDone(runId))!.dir, 'argv.json'), 'utf8')) as string[];
    expect(await argv(one)).toEqual(expect.arrayContaining(['--epochs', '1', '--dry-run']));
    expect(await argv(one)).not.toContain('--nproc');
    const two = m.start({ snapshot: snapshot(), params: { epochs: 1, nproc: 2 } });
    expect((await argv(two)).join(' ')).toContain('--nproc 2');
    expect(m.store.get(two)!.nproc).toBe(2);
  });
});

describe('cancel and resume', () => {
  it('cancel: the bridge checkpoints and exits 6; resume continues from checkpoints/last.pt as a new run', async () => {
    const m = manager('wait');
    const runId = m.start({ snapshot: snapshot(), params: { epochs: 3 } });
    await eventOf(runId, 'checkpoint');
    expect(m.isLive(runId)).toBe(true);
    expect(await m.cancel(runId)).toBe('cancelled');
    const cancelled = m.store.get(runId)!;
    expect(cancelled).toMatchObject({ status: 'cancelled', exitCode: 6, error: null, epoch: 1 });
    expect(m.consoleTail(runId, cancelled.dir)).toContain('SIGTERM: writing a checkpoint');
    const checkpoint = path.join(cancelled.dir, 'checkpoints', 'last.pt');
    expect(fs.existsSync(checkpoint)).toBe(true);

    const next = m.resume(runId);
    expect(next).not.toBe(runId);
    const resumed = (await m.whenDone(next))!;
    expect(resumed).toMatchObject({ status: 'finished', resumedFrom: runId, epoch: 3, params: { epochs: 3 } });
    expect(resumed.epochsLog.map((e) => e.epoch)).toEqual([2, 3]);
    const argv = JSON.parse(fs.readFileSync(path.join(resumed.dir, 'argv.json'), 'utf8')) as string[];
    expect(argv.slice(-2)).toEqual(['--resume', checkpoint]);
  });

  it('resume refuses a finished run, a running one and one without a checkpoint, saying why', async () => {
    const m = manager('wait');
    const live = m.start({ snapshot: snapshot(), params: { epochs: 3 } });
    expect(() => m.resume(live)).toThrow(/is still (queued|running); cancel it first/);
    await eventOf(live, 'checkpoint');
    await m.cancel(live);
    fs.rmSync(path.join(m.store.get(live)!.dir, 'checkpoints'), { recursive: true });
    expect(() => m.resume(live)).toThrow(/left no checkpoint to continue from \(expected .*checkpoints\/last\.pt\)/);
    const done = manager('ok');
    const finished = done.start({ snapshot: snapshot(), params: { epochs: 1 } });
    await done.whenDone(finished);
    expect(() => done.resume(finished)).toThrow(/has finished; start a new run/);
    expect(() => done.resume('run-nosuchrun')).toThrow(/no run run-nosuchrun/);
  });

  it('a bridge that ignores SIGTERM is killed after the timeout, and the run says so', async () => {
    const m = manager('ignore-term', { killTimeoutMs: 1000 });
    const runId = m.start({ snapshot: snapshot(), params: { epochs: 3 } });
    await eventOf(runId, 'checkpoint');
    expect(await m.cancel(runId)).toBe('cancelled');
    expect(m.store.get(runId)!.error).toMatch(/did not stop within 1 s of SIGTERM and was killed/);
  });

  it('dispose cancels a live run and waits until its record is final', async () => {
    const m = manager('wait');
    const runId = m.start({ snapshot: snapshot(), params: { epochs: 3 } });
    await eventOf(runId, 'checkpoint');
    await m.dispose();
    expect(m.store.get(runId)).toMatchObject({ status: 'cancelled', exitCode: 6 });
    expect(() => m.start({ snapshot: snapshot(), params: {} })).toThrow(/shutting down/);
  });
});

describe('failures', () => {
  it('a crash is a failed run whose error quotes the console', async () => {
    const m = manager('crash');
    const run = (await m.whenDone(m.start({ snapshot: snapshot(), params: { epochs: 3 } })))!;
    expect(run).toMatchObject({ status: 'failed', exitCode: 1, epoch: 1 });
    expect(run.error).toMatch(/exited with code 1: an unexpected error in the bridge; the console ended with:\n[\s\S]*RuntimeError: the fake bridge crashed on purpose/);
  });

  it("a bridge error event is the run's error, with the exit code's meaning", async () => {
    const m = manager('error');
    const run = (await m.whenDone(m.start({ snapshot: snapshot(), params: {} })))!;
    expect(run.status).toBe('failed');
    expect(run.error).toBe(`dataset: labels.npy: expected (files, classes) float64 (${path.join(snapshot().dir, 'labels.npy')}) (exit 4: the dataset or a checkpoint is unreadable or invalid)`);
  });

  it('an interpreter that does not exist fails the run, naming it', async () => {
    const m = manager('ok', { python: '/nonexistent/python3' });
    const run = (await m.whenDone(m.start({ snapshot: snapshot(), params: {} })))!;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^cannot start \/nonexistent\/python3: /);
  });
});

describe('runs left running by a workstation that stopped', () => {
  it('are marked failed when a manager starts, unless their owner still runs them', () => {
    const store = new RunStore(db);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const base = { snapshotId: SNAPSHOT_ID, datasetDir: snapshot().dir, params: {}, python, nproc: 1, resumedFrom: null };
    const run = (runId: string, owner: { host: string; pid: number } | null) => {
      const runDir = path.join(dir, runId);
      fs.mkdirSync(runDir);
      if (owner) writeOwner(runDir, owner);
      store.create({ ...base, runId, dir: runDir });
    };
    run('run-deadowner', { host: os.hostname(), pid: dead });
    store.markRunning('run-deadowner');
    // No owner.json (a crash before it was written, or an older run): nobody can be running it.
    run('run-noownerfile', null);
    // The parent of this test process is alive, and so is a process on another machine as far as anyone here can tell.
    run('run-liveowner', { host: os.hostname(), pid: process.ppid });
    store.markRunning('run-liveowner');
    run('run-otherhost', { host: `not-${os.hostname()}`, pid: dead });
    const m = manager('ok');
    expect(m.staleMarked).toEqual(['run-deadowner', 'run-noownerfile']);
    expect(store.get('run-deadowner')).toMatchObject({ status: 'failed', error: STALE_RUN_ERROR });
    expect(store.get('run-deadowner')!.endedAt).not.toBeNull();
    expect(store.get('run-noownerfile')).toMatchObject({ status: 'failed', error: STALE_RUN_ERROR });
    expect(store.get('run-liveowner')!.status).toBe('running');
    expect(store.get('run-otherhost')!.status).toBe('queued');
    expect(seen.filter((s) => s.channel === 'runs.changed').map((s) => s.payload)).toEqual([
      { runId: 'run-deadowner', status: 'failed' },
      { runId: 'run-noownerfile', status: 'failed' },
    ]);
  });
});
