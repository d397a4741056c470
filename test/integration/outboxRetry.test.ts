/**
 * The outbox's retry rules against real HTTP servers that misbehave in one way each (no mocks: a Node
 * server answering 503 or 401 to everything, and a port nobody listens on): a busy server is retried within
 * the budget, then the run is parked as failed with the reason until `retry`; a refusal is parked at once;
 * an unreachable server uses up no budget, leaves the work pending and marks it offline.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogDb } from '../../src/main/db/openCatalog';
import { MlflowClient } from '../../src/main/sync/mlflow/mlflowClient';
import { MlflowHttp } from '../../src/main/sync/mlflow/mlflowHttp';
import { drainOutbox } from '../../src/main/sync/outbox/drainOutbox';
import { enqueueEndedRuns } from '../../src/main/sync/outbox/enqueueRun';
import { OutboxStore } from '../../src/main/sync/outbox/outboxStore';
import { syncSummary } from '../../src/main/sync/outbox/syncSummary';
import { freePort } from '../helpers/mlflowServer';
import { addFixtureRun, openTempCatalog } from '../helpers/syncRuns';

let root: string;
const servers: http.Server[] = [];

async function answering(status: number, body: string): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const srv = http.createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, hits: () => hits };
}

function catalogWithRun(name: string, url: string): { db: CatalogDb; store: OutboxStore; client: MlflowClient } {
  const dir = path.join(root, name);
  const { db } = openTempCatalog(dir);
  addFixtureRun(db, dir, { runId: 'run-retry0001', epochs: 5, keys: 2 });
  enqueueEndedRuns(db, { server: url, experiment: 'e', offline: false });
  return { db, store: new OutboxStore(db), client: new MlflowClient(new MlflowHttp({ url, timeoutMs: 10_000 })) };
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-outbox-retry-'));
});

afterAll(async () => {
  for (const s of servers) await new Promise<void>((r) => s.close(() => r()));
  fs.rmSync(root, { recursive: true, force: true });
});

describe('outbox retries', () => {
  it('retries a busy server within the budget, then parks the run as failed until a manual retry', async () => {
    const busy = await answering(503, '{"error_code":"TEMPORARILY_UNAVAILABLE","message":"overloaded"}');
    const { db, store, client } = catalogWithRun('busy', busy.url);
    try {
      await drainOutbox({ client, store, retry: { attempts: 3, baseMs: 1, maxMs: 2 }, once: true });
      const summary = syncSummary(store);
      expect(summary).toMatchObject({ pending: 0, done: 0, failed: 1 });
      expect(summary.errors[0]!.message).toMatch(/^create run: gave up after 3 attempts \(`udw sync retry run-retry0001` tries again\): MLflow server http:\/\/127\.0\.0\.1:\d+ \(GET api\/2\.0\/mlflow\/experiments\/get-by-name\) answered 503 overloaded; will retry$/);
      expect(busy.hits()).toBe(3);
      expect(store.retry('run-retry0001')).toBe(true);
      expect(syncSummary(store)).toMatchObject({ pending: 1, failed: 0 });
      expect(store.heads()[0]).toMatchObject({ kind: 'create_run', attempts: 0, state: 'pending' });
      expect(store.retry('run-retry0001')).toBe(false);
    } finally {
      await client.http.close();
      db.close();
    }
  });

  it('parks a refusal at once with the reason (no retries)', async () => {
    const refusing = await answering(401, '');
    const { db, store, client } = catalogWithRun('refused', refusing.url);
    try {
      await drainOutbox({ client, store, retry: { attempts: 5, baseMs: 1, maxMs: 2 }, once: true });
      expect(refusing.hits()).toBe(1);
      const summary = syncSummary(store);
      expect(summary.failed).toBe(1);
      expect(summary.errors[0]!.message).toContain('wants credentials (401): set UDW_MLFLOW_USERNAME and UDW_MLFLOW_PASSWORD');
    } finally {
      await client.http.close();
      db.close();
    }
  });

  it('leaves work pending and offline, without using the budget, while the server is unreachable', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { db, store, client } = catalogWithRun('offline', url);
    try {
      for (let i = 0; i < 3; i++) {
        db.prepare('UPDATE sync_steps SET next_at = 0').run();
        expect(await drainOutbox({ client, store, retry: { attempts: 1, baseMs: 1, maxMs: 2 }, once: true })).toEqual({ unreachable: true });
      }
      const summary = syncSummary(store);
      expect(summary).toMatchObject({ pending: 1, done: 0, failed: 0, runs: [{ localId: 'run-retry0001', mlflowRunId: null, status: 'pending' }] });
      expect(summary.errors[0]!.message).toMatch(/is unreachable \(ECONNREFUSED\)/);
      expect(store.heads()[0]).toMatchObject({ kind: 'create_run', attempts: 0 });
      expect(store.run('run-retry0001')!.offline).toBe(1);
    } finally {
      await client.http.close();
      db.close();
    }
  });
});
