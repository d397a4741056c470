/**
 * The outbox under fire: a TCP proxy between `udw sync` and a real `mlflow server` cuts connections at 20
 * random points of the traffic, the syncing process is SIGKILLed twice, and the server is restarted once.
 * Afterwards the server has exactly one run per local run, every metric point once (none missing, none
 * twice), every artifact byte-identical, and the registered version with its alias. Progress is read from
 * the catalog's outbox, so the kills land wherever the sync happens to be. Skipped without MLflow in .venv.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/main/db/openCatalog';
import { enqueueEndedRuns } from '../../src/main/sync/outbox/enqueueRun';
import { FaultProxy } from '../helpers/faultProxy';
import { haveMlflow, MlflowServer } from '../helpers/mlflowServer';
import { addFixtureRun, jsonOf, openTempCatalog, runUdw, spawnUdw, type FixtureRun, type UdwResult } from '../helpers/syncRuns';

const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/** Fast retries and a budget no planned fault can use up (the budget itself is tested in test/unit/sync). */
const ENV = { UDW_SYNC_BACKOFF_MS: '50', UDW_SYNC_BACKOFF_MAX_MS: '1000', UDW_SYNC_RETRIES: '100000' };
const RUNS = 3;
const EPOCHS = 1000;
const KEYS = 4;

let server: MlflowServer;
let proxy: FaultProxy;
let root: string;
let catalog: string;
const runs: FixtureRun[] = [];

function stepsDone(): { done: number; total: number } {
  const db = openCatalog(catalog, { verify: false });
  try {
    return db.prepare(`SELECT coalesce(sum(state = 'done'), 0) AS done, count(*) AS total FROM sync_steps`).get() as { done: number; total: number };
  } finally {
    db.close();
  }
}

async function until(what: string, ok: () => boolean, child?: { done: Promise<UdwResult> }): Promise<void> {
  const seen: { exited: UdwResult | null } = { exited: null };
  void child?.done.then((r) => (seen.exited = r));
  const deadline = Date.now() + 400_000;
  while (!ok()) {
    if (seen.exited) throw new Error(`udw sync exited while waiting for ${what}: ${JSON.stringify(seen.exited)}`);
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} (outbox ${JSON.stringify(stepsDone())}; server:\n${server.output().slice(-2000)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!haveMlflow)('sync through cut connections, kills and a server restart', () => {
  beforeAll(async () => {
    server = await MlflowServer.start();
    proxy = await FaultProxy.start(server.port);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-sync-faults-'));
    const { db, file } = openTempCatalog(root);
    catalog = file;
    for (let i = 1; i <= RUNS; i++) runs.push(addFixtureRun(db, root, { runId: `run-syncfault${i}`, epochs: EPOCHS, keys: KEYS, bigFileBytes: 2 * 1024 * 1024 + i }));
    db.close();
  }, 400_000);

  afterAll(async () => {
    await proxy?.stop();
    await server?.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('ends with exactly one run per local run, every point once, every artifact identical', async () => {
    expect((await runUdw(['remote', 'set', '--mlflow', proxy.url, '--experiment', 'udw-faults', '--db', catalog])).status).toBe(0);
    // Queued up front (as `udw sync` would), so the kills can be placed by the share of steps done.
    const db = openCatalog(catalog, { verify: false });
    enqueueEndedRuns(db, { server: proxy.url, experiment: 'udw-faults', offline: false });
    db.close();
    const register = await runUdw(['sync', 'register', runs[0]!.runId, '--model', 'udw-faults-model', '--alias', 'candidate', '--db', catalog, '--json']);
    expect(register.status, register.stderr).toBe(0);
    const total = stepsDone().total;
    expect(total).toBeGreaterThan(RUNS * 10);
    proxy.cutRandomly(20, 20_000, 500_000);

    // Two syncs killed with SIGKILL wherever they are.
    for (const killAt of [Math.floor(total / 5), Math.floor((2 * total) / 5)]) {
      const sync = spawnUdw(['sync', '--json', '--db', catalog], ENV);
      sync.child.stdin!.end();
      await until(`${killAt} steps done`, () => stepsDone().done >= killAt, sync);
      sync.child.kill('SIGKILL');
      expect((await sync.done).signal).toBe('SIGKILL');
    }

    // A third keeps going across a restart of the server, then is stopped with Ctrl-C.
    const sync = spawnUdw(['sync', '--json', '--db', catalog], ENV);
    sync.child.stdin!.end();
    await until('three fifths of the steps', () => stepsDone().done >= Math.floor((3 * total) / 5), sync);
    await server.restart();
    await until('every step', () => stepsDone().done === total, sync);
    sync.child.kill('SIGINT');
    const stopped = await sync.done;
    expect(stopped.status, stopped.stderr).toBe(0);
    expect(jsonOf<{ done: number }>(stopped).done).toBe(RUNS);

    // The faults all happened during the sync.
    expect(proxy.cuts).toBe(20);

    const final = await runUdw(['sync', '--once', '--json', '--db', catalog], ENV);
    const summary = jsonOf<{ pending: number; done: number; failed: number; runs: Array<{ localId: string; mlflowRunId: string }> }>(final);
    expect(summary).toMatchObject({ pending: 0, done: RUNS, failed: 0 });

    const exp = await server.api<{ experiment: { experiment_id: string } }>('GET', 'api/2.0/mlflow/experiments/get-by-name?experiment_name=udw-faults');
    const expId = exp.experiment.experiment_id;
    const found = await server.api<{ runs?: Array<{ info: { run_id: string; status: string }; data: { tags?: Array<{ key: string; value: string }> } }> }>('POST', 'api/2.0/mlflow/runs/search', { experiment_ids: [expId], max_results: 100, run_view_type: 'ALL' });
    expect(found.runs).toHaveLength(RUNS);
    const byLocal = new Map((found.runs ?? []).map((r) => [r.data.tags?.find((t) => t.key === 'udw.local_run_id')?.value, r.info]));
    for (const run of runs) {
      const remote = byLocal.get(run.runId);
      expect(remote, run.runId).toBeDefined();
      expect(remote!.status).toBe('FINISHED');
      expect(summary.runs.find((r) => r.localId === run.runId)?.mlflowRunId).toBe(remote!.run_id);
      for (const [key, values] of Object.entries(run.metrics)) {
        const h = await server.api<{ metrics?: Array<{ step: number; value: number }> }>('GET', `api/2.0/mlflow/metrics/get-history?run_id=${remote!.run_id}&metric_key=${encodeURIComponent(key)}&max_results=25000`);
        const got = (h.metrics ?? []).sort((a, b) => a.step - b.step);
        expect(got.map((m) => m.step), `${run.runId} ${key}`).toEqual(values.map((_, i) => i + 1));
        expect(got.map((m) => m.value), `${run.runId} ${key}`).toEqual(values);
      }
      for (const [artifactPath, local] of Object.entries(run.artifacts)) {
        const onServer = path.join(server.artifactsDir, expId, remote!.run_id, 'artifacts', artifactPath);
        expect(sha(onServer), `${run.runId} ${artifactPath}`).toBe(sha(local));
      }
    }
    const alias = await server.api<{ model_version: { run_id: string; status: string } }>('GET', 'api/2.0/mlflow/registered-models/alias?name=udw-faults-model&alias=candidate');
    expect(alias.model_version).toMatchObject({ run_id: byLocal.get(runs[0]!.runId)!.run_id, status: 'READY' });
    const versions = await server.api<{ model_versions?: unknown[] }>('GET', `api/2.0/mlflow/model-versions/search?filter=${encodeURIComponent("name='udw-faults-model'")}`);
    expect(versions.model_versions).toHaveLength(1);
  }, 900_000);
});
