/**
 * Sync without pressing a button (sync/autoSync.ts): a back end started with autoSyncMs queues a run that
 * ended while the server was down, tries it (the drain ends "unreachable", the run stays pending), and once
 * the server is back sends it on its own — exactly one run on the server. Meanwhile, offline, work goes on:
 * files are imported, a label is placed and kept, another run ends and is queued. Against a real `mlflow server`;
 * skipped when the .venv has no MLflow. The quick back-off comes from UDW_SYNC_BACKOFF_MS, read per drain.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../src/shared/api/contract';
import type { SyncStatus } from '../../src/shared/api/sync.contract';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import { dueWork } from '../../src/main/sync/autoSync';
import { haveMlflow, MlflowServer } from '../helpers/mlflowServer';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import type { Label } from '../../src/shared/api/labels.contract';
import { encodeLatin1, generateCorpus } from '../../src/shared/setitec/generator/index';
import { addFixtureRun } from '../helpers/syncRuns';

let server: MlflowServer;
let backend: Backend;
let dir: string;

type Progress = EventPayload<'sync.progress'>;

function nextDrainEnd(b: Backend): Promise<Progress & { type: 'drain' }> {
  return new Promise((resolve) => {
    const off = b.events.subscribe((channel, payload) => {
      const p = payload as Progress;
      if (channel === 'sync.progress' && p.type === 'drain' && p.state === 'finished') {
        off();
        resolve(p);
      }
    });
  });
}

describe.skipIf(!haveMlflow)('automatic sync', () => {
  beforeAll(async () => {
    process.env.UDW_SYNC_BACKOFF_MS = '50';
    process.env.UDW_SYNC_BACKOFF_MAX_MS = '200';
    server = await MlflowServer.start();
    await server.stop(); // the port is kept: the laptop is "offline" until restart()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-autosync-'));
    backend = createBackend({ host: 'web', catalogPath: path.join(dir, 'catalog.sqlite'), autoSyncMs: 150 });
  }, 400_000);

  afterAll(async () => {
    await backend?.dispose();
    await server?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends runs queued while the server was down once it is back, without being asked; offline, import, labelling and training go on', async () => {
    const call = <T>(channel: string, payload: unknown = {}): Promise<T> => backend.dispatch(channel, payload) as Promise<T>;
    addFixtureRun(backend.context.db, dir, { runId: 'run-auto0001', epochs: 5, keys: 2 });
    expect(dueWork(backend.context.db, Date.now())).toBe(false); // nothing queued: no tick sends anything

    const offline = nextDrainEnd(backend);
    await call('remote.set', { mlflowUrl: server.url, experiment: 'udw-auto' });
    expect(await offline).toMatchObject({ outcome: 'unreachable' });
    const queued = await call<SyncStatus>('sync.status');
    expect(queued.runs).toMatchObject([{ localId: 'run-auto0001', status: 'pending', mlflowRunId: null }]);

    // Offline, the expert's work goes on: an import, a label placed, and another training run ends.
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    for (const f of generateCorpus(2, 77, { rows: 200 })) fs.writeFileSync(path.join(data, f.name), encodeLatin1(f.text));
    expect(await call<{ imported: number; failed: number }>('catalog.import', { dirs: [data] })).toMatchObject({ imported: 2, failed: 0 });
    const file = (await call<FileRow[]>('catalog.listFiles'))[0]!;
    await call('labels.apply', { op: 'create', fileId: file.id, label: { id: 'offline-entry', classId: 'entry', depth: 3.5, depthEnd: null, value: null } });
    addFixtureRun(backend.context.db, dir, { runId: 'run-auto0002', epochs: 5, keys: 2 });
    // The next automatic try (the server still down) queues the new run behind the first.
    let waiting = await call<SyncStatus>('sync.status');
    for (let i = 0; i < 300 && waiting.runs.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      waiting = await call<SyncStatus>('sync.status');
    }
    expect(waiting.runs.map((r) => [r.localId, r.status])).toEqual([
      ['run-auto0001', 'pending'],
      ['run-auto0002', 'pending'],
    ]);

    await server.restart();
    let status = waiting;
    for (let i = 0; i < 600 && status.done === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = await call<SyncStatus>('sync.status');
    }
    for (let i = 0; i < 600 && status.done < 2; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = await call<SyncStatus>('sync.status');
    }
    expect(status).toMatchObject({ pending: 0, done: 2, failed: 0 });
    expect(status.runs.every((r) => /^[0-9a-f]{32}$/.test(r.mlflowRunId ?? ''))).toBe(true);
    // The label placed offline is there as it was put.
    expect((await call<Label[]>('labels.list', { fileId: file.id })).map((l) => [l.id, l.classId, l.depth])).toEqual([['offline-entry', 'entry', 3.5]]);
    expect(dueWork(backend.context.db, Date.now())).toBe(false);

    const exp = await server.api<{ experiment: { experiment_id: string } }>('GET', 'api/2.0/mlflow/experiments/get-by-name?experiment_name=udw-auto');
    const found = await server.api<{ runs?: Array<{ info: { run_id: string } }> }>('POST', 'api/2.0/mlflow/runs/search', { experiment_ids: [exp.experiment.experiment_id], max_results: 10 });
    expect(found.runs?.map((r) => r.info.run_id).sort()).toEqual(status.runs.map((r) => r.mlflowRunId).sort());
  }, 400_000);
});
