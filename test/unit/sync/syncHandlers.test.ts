/**
 * The sync channels against a real back end on a temp catalog (real SQLite, real outbox, real HTTP servers
 * that misbehave in one way each, a port nobody listens on): the remote and its credentials (who, never the
 * secret), queueing, the status the Sync view shows, Sync now in the background with its events, the drain
 * lock shared with `udw sync`, and retry. The happy path against a real MLflow server is
 * test/integration/syncHandlers.test.ts.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src/shared/api/contract';
import { CONTRACT } from '../../../src/shared/api/contract';
import { ApiError } from '../../../src/shared/api/errors';
import type { RemoteInfo, SyncStatus } from '../../../src/shared/api/sync.contract';
import { OutboxStore } from '../../../src/main/sync/outbox/outboxStore';
import { syncHandlers } from '../../../src/main/sync/syncHandlers';
import { freePort } from '../../helpers/mlflowServer';
import { addFixtureRun } from '../../helpers/syncRuns';
import { tempBackend, type TempBackend } from '../../helpers/tempBackend';

let t: TempBackend;
let events: Array<EventPayload<'sync.progress'>>;
const servers: http.Server[] = [];

beforeEach(() => {
  t = tempBackend();
  events = [];
  t.backend.events.subscribe((channel, payload) => {
    if (channel === 'sync.progress') events.push(payload as EventPayload<'sync.progress'>);
  });
});
afterEach(() => t.cleanup());
afterAll(async () => {
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
});

const call = <T>(channel: string, payload: unknown = {}): Promise<T> => t.backend.dispatch(channel, payload) as Promise<T>;
const failure = async (channel: string, payload: unknown = {}): Promise<ApiError> => {
  const err = await t.backend.dispatch(channel, payload).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, `${channel} should fail`).toBeInstanceOf(ApiError);
  return err as ApiError;
};
const addRun = (runId: string): void => void addFixtureRun(t.backend.context.db, t.dir, { runId, epochs: 3, keys: 2 });

function drainFinished(): Promise<EventPayload<'sync.progress'>> {
  return new Promise((resolve) => {
    const off = t.backend.events.subscribe((channel, payload) => {
      const p = payload as EventPayload<'sync.progress'>;
      if (channel === 'sync.progress' && p.type === 'drain' && p.state === 'finished') {
        off();
        resolve(p);
      }
    });
  });
}

async function answering(status: number, body: string): Promise<string> {
  const srv = http.createServer((req, res) => {
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
}

describe('remote.get / remote.set', () => {
  it('starts unset, stores what is set through the back end settings, and refuses URLs that would carry secrets', async () => {
    expect(await call<RemoteInfo>('remote.get')).toMatchObject({ mlflowUrl: null, experiment: 'udw', dvcRemote: null, credentials: null, credentialsSource: null, storage: { kind: 'file', encrypted: false } });
    const set = await call<RemoteInfo>('remote.set', { mlflowUrl: 'http://mlflow.lab:5000/', experiment: '  drilling ', dvcRemote: '/mnt/dvc' });
    expect(set).toMatchObject({ mlflowUrl: 'http://mlflow.lab:5000', experiment: 'drilling', dvcRemote: '/mnt/dvc' });
    // One settings service: what the app reads back is what was stored.
    expect(t.backend.context.settings.get()).toMatchObject({ mlflowUrl: 'http://mlflow.lab:5000', dvcRemote: '/mnt/dvc' });
    expect(JSON.parse(fs.readFileSync(path.join(t.dir, 'settings.json'), 'utf8'))).toMatchObject({ mlflowUrl: 'http://mlflow.lab:5000' });
    expect(await call<RemoteInfo>('remote.set', { mlflowUrl: null })).toMatchObject({ mlflowUrl: null, experiment: 'drilling' });

    expect((await failure('remote.set', { mlflowUrl: 'ftp://mlflow.lab' })).message).toMatch(/^remote\.set: invalid payload: mlflowUrl: expected an http:\/\/ or https:\/\/ MLflow tracking URI/);
    expect((await failure('remote.set', { mlflowUrl: 'http://ana:secret@mlflow.lab' })).message).toMatch(/mlflowUrl: credentials do not belong in the URL/);
    expect((await failure('remote.set', { experiment: '   ' })).message).toMatch(/experiment: expected an experiment name of 1 to 500 characters/);
  });
});

describe('remote.setCredentials', () => {
  it('stores them in the 0600 credentials file and answers only who they are for', async () => {
    const secret = 'hunter2-very-secret';
    const info = await call<RemoteInfo>('remote.setCredentials', { credentials: { kind: 'basic', username: 'ana', password: secret } });
    expect(info).toMatchObject({ credentials: { kind: 'basic', username: 'ana' }, credentialsSource: 'stored', credentialsProblem: null });
    expect(JSON.stringify(info)).not.toContain(secret);
    expect(JSON.stringify(await call('remote.get'))).not.toContain(secret);
    const file = path.join(t.dir, 'credentials.json');
    expect(fs.readFileSync(file, 'utf8')).toContain(secret);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const token = await call<RemoteInfo>('remote.setCredentials', { credentials: { kind: 'token', token: 'tok-secret-1' } });
    expect(token.credentials).toEqual({ kind: 'token' });
    expect(JSON.stringify(token)).not.toContain('tok-secret-1');
    expect((await call<RemoteInfo>('remote.setCredentials', { credentials: null })).credentials).toBeNull();
    expect((await failure('remote.setCredentials', { credentials: { kind: 'basic', username: '', password: 'x' } })).message).toMatch(/credentials\.username: expected a username/);
  });

  it('says when a loose credentials file cannot be used, and still opens', async () => {
    fs.writeFileSync(path.join(t.dir, 'credentials.json'), '{"mlflow":{"token":"x"}}', { mode: 0o644 });
    fs.chmodSync(path.join(t.dir, 'credentials.json'), 0o644);
    const info = await call<RemoteInfo>('remote.get');
    expect(info.credentials).toBeNull();
    expect(info.credentialsProblem).toMatch(/credentials\.json: readable by others \(mode 644\); expected 0600/);
  });

  it('reports credentials from the environment, which win over stored ones', async () => {
    await call('remote.setCredentials', { credentials: { kind: 'basic', username: 'ana', password: 'p' } });
    const h = syncHandlers(t.backend.context, { dataDir: t.dir, env: { UDW_MLFLOW_TOKEN: 'from-env-secret' } });
    const info = await h['remote.get']({});
    expect(info).toMatchObject({ credentials: { kind: 'token' }, credentialsSource: 'environment' });
    expect(CONTRACT['remote.get'].output.parse(info)).toEqual(info);
  });

  it('has answer schemas that refuse a secret instead of passing it on', () => {
    const base = { mlflowUrl: null, experiment: 'udw', dvcRemote: null, credentialsSource: 'stored', credentialsProblem: null, storage: { kind: 'file', encrypted: false, canEncrypt: true, note: '' } };
    expect(CONTRACT['remote.get'].output.safeParse({ ...base, credentials: { kind: 'basic', username: 'a' } }).success).toBe(true);
    expect(CONTRACT['remote.get'].output.safeParse({ ...base, credentials: { kind: 'basic', username: 'a', password: 'x' } }).success).toBe(false);
    expect(CONTRACT['remote.get'].output.safeParse({ ...base, credentials: { kind: 'token', token: 'x' } }).success).toBe(false);
  });
});

describe('queueing and the status', () => {
  it('refuses to queue without a server, then queues ended runs once each, with their steps', async () => {
    addRun('run-queue0001');
    expect((await failure('sync.queueRun', { runId: 'run-queue0001' })).message).toMatch(/^sync\.queueRun: no MLflow server set/);
    let status = await call<SyncStatus>('sync.status');
    expect(status).toMatchObject({ pending: 0, runs: [], unqueued: [{ runId: 'run-queue0001', status: 'finished' }], drain: { by: null }, lastDrain: null });

    // Setting a server queues the ended runs for it.
    await call('remote.set', { mlflowUrl: 'http://127.0.0.1:9', experiment: 'drilling' });
    expect(events).toContainEqual({ type: 'queued', localIds: ['run-queue0001'] });
    status = await call<SyncStatus>('sync.status');
    expect(status).toMatchObject({ pending: 1, running: 0, done: 0, failed: 0, unqueued: [] });
    const [run] = status.runs;
    expect(run).toMatchObject({ localId: 'run-queue0001', name: 'run-queue0001', experiment: 'drilling', status: 'pending', mlflowRunId: null, link: null, currentStep: 'create run', lastError: null, nextRetryAt: null, offline: false });
    expect(run!.steps.done).toBe(0);
    expect(run!.steps.total).toBeGreaterThanOrEqual(4);

    expect(await call('sync.queueRun', { runId: 'run-queue0001' })).toEqual({ queued: false, message: 'run run-queue0001 is queued for sync already' });
    addRun('run-queue0002');
    expect(await call('sync.queueRun', { runId: 'run-queue0002' })).toEqual({ queued: true, message: null });
    expect((await failure('sync.queueRun', { runId: 'run-nosuchrun' })).code).toBe('not_found');
    expect((await failure('sync.queueRun', { runId: 'not a run' })).message).toMatch(/^sync\.queueRun: invalid payload: runId: a run id/);
  });

  it('queues a run that ends while a server is set', async () => {
    await call('remote.set', { mlflowUrl: 'http://127.0.0.1:9' });
    addRun('run-ended0001');
    t.backend.events.emit('runs.changed', { runId: 'run-ended0001', status: 'finished' });
    await new Promise((r) => setImmediate(r));
    expect((await call<SyncStatus>('sync.status')).runs.map((r) => r.localId)).toEqual(['run-ended0001']);
  });

  it('retries a failed run, and says why it cannot retry others', async () => {
    await call('remote.set', { mlflowUrl: 'http://127.0.0.1:9' });
    addRun('run-retry0001');
    await call('sync.queueRun', { runId: 'run-retry0001' });
    expect((await failure('sync.retry', { localId: 'run-retry0001' })).message).toBe('sync.retry: run run-retry0001 has no failed sync step to retry (it is pending)');
    expect((await failure('sync.retry', { localId: 'run-nothere' })).code).toBe('not_found');
    const store = new OutboxStore(t.backend.context.db);
    store.markFailed(store.heads()[0]!, 'MLflow server http://127.0.0.1:9 (GET x) wants credentials (401): set UDW_MLFLOW_USERNAME');
    const failed = await call<SyncStatus>('sync.status');
    expect(failed).toMatchObject({ failed: 1, pending: 0 });
    expect(failed.runs[0]!.lastError).toEqual({ message: expect.stringMatching(/^create run: MLflow server/), reason: 'auth' });
    const retried = await call<SyncStatus>('sync.retry', { localId: 'run-retry0001' });
    expect(retried).toMatchObject({ failed: 0, pending: 1 });
  });
});

describe('sync.openRun', () => {
  it('opens the MLflow page the back end built (desktop), or answers it (other hosts), once the run is on the server', async () => {
    await call('remote.set', { mlflowUrl: 'http://mlflow.lab:5000' });
    addRun('run-open00001');
    await call('sync.queueRun', { runId: 'run-open00001' });
    expect((await failure('sync.openRun', { localId: 'run-nothere' })).code).toBe('not_found');
    expect((await failure('sync.openRun', { localId: 'run-open00001' })).message).toBe('sync.openRun: run run-open00001 is not on the MLflow server yet (Sync now sends it)');
    // As the create step records it.
    t.backend.context.db.prepare(`UPDATE sync_runs SET experiment_id = '7', mlflow_run_id = 'abc123' WHERE local_run_id = 'run-open00001'`).run();
    const link = 'http://mlflow.lab:5000/#/experiments/7/runs/abc123';
    expect(await call('sync.openRun', { localId: 'run-open00001' })).toEqual({ opened: false, link });
    expect((await call<SyncStatus>('sync.status')).runs[0]!.link).toBe(link);
    const opened: string[] = [];
    const desktop = syncHandlers(t.backend.context, { dataDir: t.dir, openExternal: async (url) => void opened.push(url) });
    expect(await desktop['sync.openRun']({ localId: 'run-open00001' })).toEqual({ opened: true, link });
    expect(opened).toEqual([link]);
  });
});

describe('sync.now', () => {
  it('needs a server', async () => {
    expect((await failure('sync.now')).message).toMatch(/^sync\.now: no MLflow server set for this catalog/);
  });

  it('drains in the background; an unreachable server leaves the run pending, offline, with the reason and a retry time', async () => {
    const port = await freePort();
    await call('remote.set', { mlflowUrl: `http://127.0.0.1:${port}` });
    addRun('run-offline01');
    const finished = drainFinished();
    expect(await call('sync.now')).toEqual({ started: true, message: null });
    // A second press while it runs starts nothing.
    expect(await call('sync.now')).toEqual({ started: false, message: expect.stringMatching(/already running in this app/) });
    expect((await call<SyncStatus>('sync.status')).drain.by).toBe('app');
    const end = await finished;
    expect(end).toMatchObject({ type: 'drain', state: 'finished', outcome: 'unreachable', message: expect.stringMatching(new RegExp(`MLflow server http://127\\.0\\.0\\.1:${port} is unreachable \\(ECONNREFUSED\\)`)) });
    expect(events[0]).toEqual({ type: 'drain', state: 'started' });
    const status = await call<SyncStatus>('sync.status');
    expect(status).toMatchObject({ pending: 1, drain: { by: null }, lastDrain: { outcome: 'unreachable' } });
    expect(status.runs[0]).toMatchObject({ localId: 'run-offline01', status: 'pending', offline: true, lastError: { reason: 'unreachable' } });
    expect(Date.parse(status.runs[0]!.nextRetryAt!)).toBeGreaterThan(Date.now() - 60_000);
    // The lock is free again for `udw sync`.
    expect(t.backend.context.db.prepare('SELECT count(*) FROM sync_lock').pluck().get()).toBe(0);
  });

  it('ends with the reason when the server refuses the credentials, and marks no run', async () => {
    const url = await answering(401, '');
    await call('remote.set', { mlflowUrl: url });
    addRun('run-refused01');
    const finished = drainFinished();
    await call('sync.now');
    expect(await finished).toMatchObject({ outcome: 'error', message: expect.stringMatching(/wants credentials \(401\)/) });
    const status = await call<SyncStatus>('sync.status');
    expect(status.lastDrain).toMatchObject({ outcome: 'error', message: expect.stringMatching(/wants credentials/) });
    expect(status.runs[0]).toMatchObject({ status: 'pending', lastError: null });
  });

  it('is refused while another live process holds the drain lock, and the status says who', async () => {
    await call('remote.set', { mlflowUrl: 'http://127.0.0.1:9' });
    const other = process.ppid;
    t.backend.context.db.prepare('INSERT INTO sync_lock (id, pid, host, since) VALUES (1, ?, ?, ?)').run(other, os.hostname(), '2026-12-02T00:00:00.000Z');
    const err = await failure('sync.now');
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(new RegExp(`^sync\\.now: another \`udw sync\` \\(pid ${other},`));
    expect((await call<SyncStatus>('sync.status')).drain).toEqual({ by: 'other', holder: `pid ${other} on ${os.hostname()} since 2026-12-02T00:00:00.000Z` });
  });
});
