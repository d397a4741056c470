/**
 * The Sync view's channels against a real `mlflow server` (SQLite backend, proxied artifacts): the remote set
 * through remote.set, a finished local run queued, sync.now draining it in the background with sync.progress
 * events (steps, upload bytes, the end), and the status then showing it done with the MLflow run id and a
 * link that the MLflow UI answers. Skipped when the .venv has no MLflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../src/shared/api/contract';
import type { SyncStatus } from '../../src/shared/api/sync.contract';
import { haveMlflow, MlflowServer } from '../helpers/mlflowServer';
import { addFixtureRun } from '../helpers/syncRuns';
import { tempBackend, type TempBackend } from '../helpers/tempBackend';

let server: MlflowServer;
let t: TempBackend;

describe.skipIf(!haveMlflow)('the sync channels against a real MLflow server', () => {
  beforeAll(async () => {
    server = await MlflowServer.start();
    t = tempBackend('web');
  }, 400_000);

  afterAll(async () => {
    await t?.cleanup();
    await server?.dispose();
  });

  it('syncs a finished run with Sync now and links to it in the MLflow UI', async () => {
    const call = <T>(channel: string, payload: unknown = {}): Promise<T> => t.backend.dispatch(channel, payload) as Promise<T>;
    addFixtureRun(t.backend.context.db, t.dir, { runId: 'run-handlers01', epochs: 40, keys: 3, bigFileBytes: 300_000 });
    await call('remote.set', { mlflowUrl: server.url, experiment: 'udw-handlers' });
    const queued = await call<SyncStatus>('sync.status');
    expect(queued.runs).toMatchObject([{ localId: 'run-handlers01', status: 'pending', mlflowRunId: null }]);

    const events: Array<EventPayload<'sync.progress'>> = [];
    const finished = new Promise<EventPayload<'sync.progress'>>((resolve) => {
      t.backend.events.subscribe((channel, payload) => {
        if (channel !== 'sync.progress') return;
        const p = payload as EventPayload<'sync.progress'>;
        events.push(p);
        if (p.type === 'drain' && p.state === 'finished') resolve(p);
      });
    });
    expect(await call('sync.now')).toEqual({ started: true, message: null });
    expect(await finished).toMatchObject({ outcome: 'done', message: null });

    const steps = events.filter((e) => e.type === 'step');
    expect(steps.length).toBe(queued.runs[0]!.steps.total);
    expect(steps.every((s) => s.outcome === 'done')).toBe(true);
    const bytes = events.filter((e) => e.type === 'bytes' && e.file.endsWith('predictions.bin'));
    expect(bytes.at(-1)).toMatchObject({ sent: 300_000, total: 300_000 });

    const status = await call<SyncStatus>('sync.status');
    expect(status).toMatchObject({ pending: 0, running: 0, done: 1, failed: 0, drain: { by: null }, lastDrain: { outcome: 'done' } });
    const run = status.runs[0]!;
    expect(run).toMatchObject({ status: 'done', lastError: null, nextRetryAt: null, offline: false, currentStep: null });
    expect(run.steps.done).toBe(run.steps.total);
    expect(run.mlflowRunId).toMatch(/^[0-9a-f]{32}$/);
    const read = await server.api<{ run: { info: { experiment_id: string; status: string; run_name: string } } }>('GET', `api/2.0/mlflow/runs/get?run_id=${run.mlflowRunId}`);
    expect(read.run.info).toMatchObject({ status: 'FINISHED', run_name: 'run-handlers01' });
    expect(run.link).toBe(`${server.url}/#/experiments/${read.run.info.experiment_id}/runs/${run.mlflowRunId}`);
    expect(await call('sync.openRun', { localId: 'run-handlers01' })).toEqual({ opened: false, link: run.link });
    const page = await fetch(run.link!.split('#')[0]!);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
  }, 300_000);

  it('Stop ends the drain after the step it is sending; the next Sync now goes on from there, and the server has the run once', async () => {
    const call = <T>(channel: string, payload: unknown = {}): Promise<T> => t.backend.dispatch(channel, payload) as Promise<T>;
    addFixtureRun(t.backend.context.db, t.dir, { runId: 'run-handlersstop1', epochs: 40, keys: 3, bigFileBytes: 8_000_000 });
    await call('remote.set', { mlflowUrl: server.url, experiment: 'udw-handlers-stop' });
    expect(await call('sync.stop')).toEqual({ stopped: false });
    const firstStep = new Promise<void>((resolve) => {
      const off = t.backend.events.subscribe((channel, payload) => {
        const p = payload as EventPayload<'sync.progress'>;
        if (channel === 'sync.progress' && p.type === 'step' && p.localId === 'run-handlersstop1' && p.outcome === 'done') {
          off();
          resolve();
        }
      });
    });
    expect(await call('sync.now')).toEqual({ started: true, message: null });
    await firstStep;
    expect(await call('sync.stop')).toEqual({ stopped: true });
    const stopped = await call<SyncStatus>('sync.status');
    expect(stopped).toMatchObject({ drain: { by: null }, lastDrain: { outcome: 'cancelled' } });
    const halfway = stopped.runs.find((r) => r.localId === 'run-handlersstop1')!;
    expect(halfway.status).toBe('pending');
    expect(halfway.steps.done).toBeGreaterThanOrEqual(1);
    expect(halfway.steps.done).toBeLessThan(halfway.steps.total);

    const finished = new Promise<void>((resolve) => {
      const off = t.backend.events.subscribe((channel, payload) => {
        const p = payload as EventPayload<'sync.progress'>;
        if (channel === 'sync.progress' && p.type === 'drain' && p.state === 'finished') {
          off();
          resolve();
        }
      });
    });
    expect(await call('sync.now')).toEqual({ started: true, message: null });
    await finished;
    const done = (await call<SyncStatus>('sync.status')).runs.find((r) => r.localId === 'run-handlersstop1')!;
    expect(done).toMatchObject({ status: 'done', lastError: null });
    const exp = await server.api<{ experiment: { experiment_id: string } }>('GET', 'api/2.0/mlflow/experiments/get-by-name?experiment_name=udw-handlers-stop');
    const runs = await server.api<{ runs?: Array<{ info: { run_id: string } }> }>('POST', 'api/2.0/mlflow/runs/search', { experiment_ids: [exp.experiment.experiment_id] });
    expect(runs.runs?.map((r) => r.info.run_id)).toEqual([done.mlflowRunId]);
  }, 300_000);
});
