/**
 * How the Training view's store follows a run from its events (each one checked with the contract's own
 * event schema first): only the followed run counts, epochs and metrics become curve points, console data
 * goes through the terminal buffer, statuses only move forward, events that arrive before the start answer
 * are replayed once the run id is known, and a stored run's detail fills in what was missed.
 */
import { describe, expect, it, vi } from 'vitest';
import { CONTRACT, type EventPayload } from '../../../src/shared/api/contract';
import { RunDetail } from '../../../src/shared/api/training.contract';
import { createMemoryApi } from '../../../src/renderer/api/memoryApi';
import { startRun } from '../../../src/renderer/features/training/trainingActions';
import { applyConsole, applyDetail, applyEvent, applyRunChanged, followTraining } from '../../../src/renderer/features/training/trainingEvents';
import { createTrainingStore, isActive, type FollowedRun } from '../../../src/renderer/features/training/trainingStore';

const RUN = 'run-abc123';
const OTHER = 'run-zzz999';
const T = 1_700_000_000;

const ev = (runId: string, event: Record<string, unknown>): EventPayload<'training.event'> => CONTRACT['training.event'].payload.parse({ runId, event: { v: 1, t: T, ...event } });
const start = (runId = RUN) =>
  ev(runId, { type: 'start', command: 'train', bridge: '0.2.0', torch: '2.5.0', python: '3.11.9', device: 'cpu', world: { size: 1, rank: 0, backend: null }, params: {}, dataset: null, epochs: 3, startEpoch: 0 });
const epoch = (n: number, runId = RUN) => ev(runId, { type: 'epoch', epoch: n, epochs: 3, trainLoss: 1 / n, valLoss: 2 / n, lr: 0.001, seconds: 1, samplesPerSecond: 10, best: true });
const metrics = (n: number | null, runId = RUN) => ev(runId, { type: 'metrics', epoch: n, metrics: { 'val/exit_mae_mm': 0.1 * (n ?? 0.5) } });
const done = (status: 'finished' | 'cancelled') => ev(RUN, { type: 'done', status, reason: null, bestEpoch: 2, metrics: { 'val/exit_mae_mm': 0.05 }, model: status === 'finished' ? '/runs/x/model.onnx' : null, seconds: 3 });
const consoleData = (data: string, runId = RUN): EventPayload<'training.console'> => CONTRACT['training.console'].payload.parse({ runId, data });

function following(): ReturnType<typeof createTrainingStore> {
  const store = createTrainingStore();
  const run: FollowedRun = { runId: RUN, chain: [], status: 'queued', device: null, epoch: 0, epochs: null, lr: null, step: null, done: null, finalMetrics: {}, model: null, error: null, cancelling: false };
  store.setState({ run });
  return store;
}

describe('following a run from its events', () => {
  it('start, epochs and per-epoch metrics: status, progress and curve points', () => {
    const store = following();
    applyEvent(store, start());
    expect(store.getState().run).toMatchObject({ status: 'running', device: 'cpu', epochs: 3 });
    applyEvent(store, epoch(1));
    applyEvent(store, metrics(1));
    applyEvent(store, epoch(2));
    applyEvent(store, metrics(2));
    const s = store.getState();
    expect(s.run).toMatchObject({ epoch: 2, lr: 0.001 });
    expect(s.curves.loss.map((c) => [c.name, c.x])).toEqual([
      ['train/loss', [1, 2]],
      ['val/loss', [1, 2]],
    ]);
    expect(s.curves.metrics.map((c) => [c.name, c.y])).toEqual([['val/exit_mae_mm', [0.1, 0.2]]]);
  });

  it('events of another run change nothing', () => {
    const store = following();
    applyEvent(store, epoch(1, OTHER));
    applyConsole(store, consoleData('not ours\n', OTHER));
    expect(store.getState().curves.loss).toEqual([]);
    expect(store.console.text()).toEqual([]);
  });

  it('console data is applied as a terminal would: the progress bar stays one line', () => {
    const store = following();
    applyConsole(store, consoleData('epoch 1\n\r 10%|#'));
    applyConsole(store, consoleData('\r100%|##########|\n'));
    expect(store.console.text()).toEqual(['epoch 1', '100%|##########|']);
    expect(store.getState().consoleRevision).toBe(store.console.revision);
  });

  it('done gives the model and end-of-run metrics; the run ends when the back end says so, and never goes back', () => {
    const store = following();
    const api = createMemoryApi((channel) => Promise.reject(new Error(`${channel} is not served here`)));
    applyEvent(store, start());
    applyEvent(store, metrics(null));
    applyEvent(store, done('cancelled'));
    // The bridge is done, but the back end has not recorded the end yet: not resumable.
    expect(store.getState().run).toMatchObject({ status: 'running', finalMetrics: { 'val/exit_mae_mm': 0.05 } });
    expect(isActive(store.getState().run)).toBe(true);
    applyRunChanged(store, api, CONTRACT['runs.changed'].payload.parse({ runId: RUN, status: 'cancelled' }));
    expect(isActive(store.getState().run)).toBe(false);
    // A late "running" (an answer that left before the end) does not revive it.
    applyEvent(store, start());
    applyRunChanged(store, api, CONTRACT['runs.changed'].payload.parse({ runId: RUN, status: 'running' }));
    expect(store.getState().run!.status).toBe('cancelled');
  });

  it('a finished run keeps its model path from the done event', () => {
    const store = following();
    applyEvent(store, done('finished'));
    expect(store.getState().run).toMatchObject({ model: '/runs/x/model.onnx' });
  });

  it('events that arrive while the start is waiting for its answer are kept for that run', () => {
    const store = createTrainingStore({ starting: true });
    applyEvent(store, start());
    applyConsole(store, consoleData('loading snapshot\n'));
    expect(store.early.map((e) => e.channel)).toEqual(['training.event', 'training.console']);
    expect(store.getState().run).toBeNull();
  });

  it('…and replayed once the answer names the run (a back end that sends events before its answer)', async () => {
    // Scripted on purpose: the real back end's ordering of the answer and the first events is not
    // something a test can force, and this is the order the store must survive.
    const api = createMemoryApi(async (channel) => {
      if (channel !== 'training.start') throw new Error(`${channel} is not served here`);
      api.emit('training.event', start());
      api.emit('training.console', consoleData('reading the snapshot\n'));
      api.emit('training.event', epoch(1, OTHER));
      return { runId: RUN };
    });
    const store = createTrainingStore({ selectedSnapshot: 'f'.repeat(64) });
    followTraining(store, api);
    expect(await startRun(store, api)).toBe(RUN);
    const s = store.getState();
    expect(s.run).toMatchObject({ runId: RUN, status: 'running', device: 'cpu' });
    expect(store.console.text()).toEqual(['reading the snapshot']);
    expect(s.curves.loss).toEqual([]);
    expect(store.early).toEqual([]);
  });

  it('a stored run fills in epochs missed while the page was away, without duplicating live ones', () => {
    const store = following();
    applyEvent(store, epoch(1));
    const detail = RunDetail.parse({
      runId: RUN,
      status: 'running',
      snapshotId: null,
      createdAt: '2025-01-01T00:00:00Z',
      startedAt: '2025-01-01T00:00:01Z',
      endedAt: null,
      epoch: 2,
      epochs: 3,
      device: 'cpu',
      metrics: { 'val/exit_mae_mm': 0.2 },
      model: null,
      error: null,
      resumedFrom: null,
      params: {},
      epochsLog: [
        { epoch: 1, metrics: { 'train/loss': 1, 'val/loss': 2 } },
        { epoch: 2, metrics: { 'train/loss': 0.5, 'val/loss': 1, 'val/exit_mae_mm': 0.2 } },
      ],
      artifacts: [],
      evaluation: null,
      versions: { bridge: null, torch: null, python: null },
      dir: '/runs/x',
      consoleTail: ['line one', 'line two'],
    });
    applyDetail(store, detail, true);
    const s = store.getState();
    expect(s.curves.loss.map((c) => [c.name, c.x, c.y])).toEqual([
      ['train/loss', [1, 2], [1, 0.5]],
      ['val/loss', [1, 2], [2, 1]],
    ]);
    expect(s.run).toMatchObject({ status: 'running', epoch: 2, epochs: 3 });
    expect(store.console.text()).toEqual(['line one', 'line two']);
  });
});

describe('events through the api', () => {
  it('followTraining listens once per api, and runs.changed to an end status asks for the stored run', async () => {
    const asked: string[] = [];
    const api = createMemoryApi((channel, payload) => {
      asked.push(channel);
      return Promise.reject(new Error(`${channel} ${JSON.stringify(payload)} is not served here`));
    });
    const store = following();
    const off = followTraining(store, api);
    followTraining(store, api);
    api.emit('training.event', epoch(1));
    api.emit('training.console', consoleData('hello\n'));
    expect(store.getState().curves.loss.map((c) => c.x)).toEqual([[1], [1]]);
    // Listened to once: the line is there once.
    expect(store.console.text()).toEqual(['hello']);
    applyRunChanged(store, api, CONTRACT['runs.changed'].payload.parse({ runId: RUN, status: 'failed' }));
    expect(store.getState().run!.status).toBe('failed');
    // The failed lookup is reported, not thrown.
    await vi.waitFor(() => expect(store.getState().error).toMatch(/runs\.get .*run-abc123/));
    expect(asked).toEqual(['runs.get']);
    off();
    api.emit('training.event', epoch(2));
    expect(store.getState().curves.loss[0]!.x).toEqual([1]);
  });
});
