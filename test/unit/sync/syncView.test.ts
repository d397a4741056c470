/**
 * The Sync view's store and wording, against a real back end through the in-memory AppApi (its events wired
 * to the back end's event hub): loading the remote and the outbox, saving them, errors shown as the back end
 * words them, live upload bytes, and a reload when a drain ends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryApi, type MemoryApi } from '../../../src/renderer/api/memoryApi';
import { drainText, progressText, reasonText, retryText } from '../../../src/renderer/features/sync/syncFormat';
import { createSyncStore, followSync, loadSync, registerRunModel, retryRun, saveCredentials, saveRemote, stopSync, syncNow, type SyncStore } from '../../../src/renderer/features/sync/syncStore';
import type { SyncStatus } from '../../../src/shared/api/sync.contract';
import { addFixtureRun } from '../../helpers/syncRuns';
import { tempBackend, type TempBackend } from '../../helpers/tempBackend';

let t: TempBackend;
let api: MemoryApi;
let store: SyncStore;

beforeEach(() => {
  t = tempBackend();
  api = createMemoryApi(t.backend.dispatch);
  t.backend.events.subscribe((channel, payload) => api.emit(channel, payload));
  store = createSyncStore();
});
afterEach(() => t.cleanup());

const until = async (ok: () => boolean): Promise<void> => {
  while (!ok()) await new Promise((r) => setTimeout(r, 10));
};

describe('the Sync view store', () => {
  it("queues a run's model for registration and says so; Stop with no drain running changes nothing", async () => {
    addFixtureRun(t.backend.context.db, t.dir, { runId: 'run-view00009', epochs: 2, keys: 1 });
    expect(await registerRunModel(store, api, { localId: 'run-view00009', model: 'udw-drill', alias: 'champion' })).toBe(false);
    expect(store.getState().error).toContain('no MLflow server set for this catalog');
    expect(await saveRemote(store, api, { mlflowUrl: 'http://127.0.0.1:9' })).toBe(true);
    expect(await registerRunModel(store, api, { localId: 'run-view00009', model: 'udw-drill', alias: 'champion' })).toBe(true);
    expect(store.getState()).toMatchObject({ error: null, message: 'The model of run-view00009 will be registered as udw-drill@champion on the next Sync now.', busy: { register: false } });
    expect(store.getState().status!.runs.find((r) => r.localId === 'run-view00009')!.steps.total).toBeGreaterThan(2);
    await stopSync(store, api);
    expect(store.getState()).toMatchObject({ error: null, message: null, busy: { stop: false } });
  });

  it('loads, saves the remote and credentials, and shows refusals as the back end words them', async () => {
    await loadSync(store, api);
    expect(store.getState()).toMatchObject({ loaded: true, error: null, remote: { mlflowUrl: null, experiment: 'udw' }, status: { runs: [] } });

    expect(await saveRemote(store, api, { mlflowUrl: 'http://ana:pw@mlflow.lab' })).toBe(false);
    expect(store.getState().error).toMatch(/credentials do not belong in the URL/);
    expect(store.getState().busy.remote).toBe(false);

    addFixtureRun(t.backend.context.db, t.dir, { runId: 'run-view00001', epochs: 2, keys: 1 });
    expect(await saveRemote(store, api, { mlflowUrl: 'http://127.0.0.1:9', experiment: 'drilling' })).toBe(true);
    expect(store.getState()).toMatchObject({ error: null, remote: { mlflowUrl: 'http://127.0.0.1:9', experiment: 'drilling' } });
    expect(store.getState().status!.runs.map((r) => r.localId)).toEqual(['run-view00001']);

    expect(await saveCredentials(store, api, { kind: 'basic', username: 'ana', password: 'secret-pw' }, false)).toBe(true);
    expect(store.getState().remote!.credentials).toEqual({ kind: 'basic', username: 'ana' });
    expect(JSON.stringify(store.getState())).not.toContain('secret-pw');

    await retryRun(store, api, 'run-view00001');
    expect(store.getState().error).toBe('sync.retry: run run-view00001 has no failed sync step to retry (it is pending)');
  });

  it('follows a drain: upload bytes in place, and the status again when it ends', async () => {
    await saveRemote(store, api, { mlflowUrl: 'http://127.0.0.1:9' });
    const off = followSync(store, api);
    try {
      api.emit('sync.progress', { type: 'bytes', localId: 'run-x', file: '/runs/run-x/model.onnx', sent: 50, total: 200 });
      expect(store.getState().bytes['run-x']).toEqual({ file: '/runs/run-x/model.onnx', sent: 50, total: 200 });
      addFixtureRun(t.backend.context.db, t.dir, { runId: 'run-view00002', epochs: 2, keys: 1 });
      await syncNow(store, api);
      await until(() => store.getState().status?.lastDrain?.outcome === 'unreachable');
      expect(store.getState().bytes).toEqual({});
      expect(store.getState().status!.runs[0]).toMatchObject({ localId: 'run-view00002', offline: true, lastError: { reason: 'unreachable' } });
    } finally {
      off();
    }
  });
});

describe('the Sync view wording', () => {
  it('words progress, retries, reasons and the last drain', () => {
    expect(progressText({ steps: { done: 2, total: 7 } })).toBe('2 / 7 steps');
    expect(progressText({ steps: { done: 2, total: 7 } }, { file: '/a/b/model.onnx', sent: 1, total: 4 })).toBe('2 / 7 steps, 25 % of model.onnx');
    const now = Date.parse('2026-12-02T10:00:00.000Z');
    expect(retryText(null, now)).toBe('—');
    expect(retryText('2026-12-02T10:00:40.000Z', now)).toBe(`not before ${new Date('2026-12-02T10:00:40.000Z').toTimeString().slice(0, 8)}`);
    expect(retryText('2026-12-04T10:00:40.000Z', now)).toMatch(/^not before 2026-12-0[345] \d\d:\d\d$/);
    expect(retryText('2026-12-02T09:59:00.000Z', now)).toBe('on the next Sync now');
    expect(reasonText('unreachable')).toBe('server unreachable');
    expect(reasonText('auth')).toBe('credentials missing or refused');
    const base: SyncStatus = { pending: 0, running: 0, done: 0, failed: 0, drain: { by: null, holder: null }, lastDrain: null, unqueued: [], runs: [] };
    expect(drainText(base)).toBe('Not synced since the app started.');
    expect(drainText({ ...base, drain: { by: 'app', holder: null } })).toBe('Syncing…');
    expect(drainText({ ...base, drain: { by: 'other', holder: 'pid 7 on lab since x' } })).toMatch(/Another process is syncing this catalog \(pid 7 on lab since x\)/);
    expect(drainText({ ...base, lastDrain: { at: '2026-12-02T10:00:00.000Z', outcome: 'unreachable', message: 'm' } })).toBe(`Last sync ${new Date('2026-12-02T10:00:00.000Z').toTimeString().slice(0, 8)}: the server could not be reached; queued work waits.`);
  });
});
