/**
 * `udw sync` against a real `mlflow server` (SQLite backend, proxied artifacts in a temp folder): a local
 * run with params, 10,000 metric points, an ONNX model, an evaluation file and a 3 MB file, registered as a
 * model version with an alias, appears on the server exactly once and reads back through the REST API
 * point for point and byte for byte; a second sync sends nothing again. A step redone after its answer was
 * lost adds nothing; with the server unreachable, runs queue up (tagged udw.offline=true) and go, in order,
 * once it is back. Skipped when the .venv has no MLflow.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlflowClient } from '../../src/main/sync/mlflow/mlflowClient';
import { MlflowHttp } from '../../src/main/sync/mlflow/mlflowHttp';
import { drainOutbox } from '../../src/main/sync/outbox/drainOutbox';
import { enqueueEndedRuns } from '../../src/main/sync/outbox/enqueueRun';
import { OutboxStore } from '../../src/main/sync/outbox/outboxStore';
import { FaultProxy } from '../helpers/faultProxy';
import { haveMlflow, MlflowServer } from '../helpers/mlflowServer';
import { addFixtureRun, fixtureSnapshotId, jsonOf, openTempCatalog, runUdw, type FixtureRun } from '../helpers/syncRuns';

interface Summary {
  pending: number;
  done: number;
  failed: number;
  runs: Array<{ localId: string; mlflowRunId: string | null; status: string }>;
  errors: Array<{ localId: string; step: string | null; message: string }>;
}
interface RunRead {
  info: { run_id: string; status: string; end_time: number; artifact_uri: string; experiment_id: string };
  data: { params?: Array<{ key: string; value: string }>; tags?: Array<{ key: string; value: string }> };
  inputs?: { dataset_inputs?: Array<{ dataset: { name: string; digest: string } }> };
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

let server: MlflowServer;
let root: string;
let catalog: string;
let run: FixtureRun;

describe.skipIf(!haveMlflow)('udw sync to a real MLflow server', () => {
  beforeAll(async () => {
    server = await MlflowServer.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-sync-once-'));
    const { db, file } = openTempCatalog(root);
    catalog = file;
    run = addFixtureRun(db, root, { runId: 'run-synconce1', epochs: 2500, keys: 4, bigFileBytes: 3 * 1024 * 1024 });
    db.close();
  }, 400_000);

  afterAll(async () => {
    await server?.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  async function experimentRuns(experimentId: string): Promise<RunRead[]> {
    const res = await server.api<{ runs?: RunRead[] }>('POST', 'api/2.0/mlflow/runs/search', { experiment_ids: [experimentId], max_results: 100 });
    return res.runs ?? [];
  }

  async function history(runId: string, key: string): Promise<Array<{ value: number; step: number; timestamp: number }>> {
    const res = await server.api<{ metrics?: Array<{ value: number; step: number; timestamp: number }> }>('GET', `api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=${encodeURIComponent(key)}&max_results=25000`);
    return res.metrics ?? [];
  }

  it('syncs a run with 10,000 points, artifacts and a registered model exactly once', async () => {
    const set = await runUdw(['remote', 'set', '--mlflow', server.url, '--experiment', 'udw-once', '--db', catalog, '--json']);
    expect(set.status, set.stderr).toBe(0);
    expect(jsonOf<{ mlflowUrl: string; experiment: string }>(set)).toMatchObject({ mlflowUrl: server.url, experiment: 'udw-once' });

    const register = await runUdw(['sync', 'register', run.runId, '--model', 'udw-drill', '--alias', 'candidate', '--db', catalog, '--json']);
    expect(register.status, register.stderr).toBe(0);
    expect(jsonOf<Summary>(register)).toMatchObject({ pending: 1, done: 0, failed: 0 });

    const res = await runUdw(['sync', '--once', '--json', '--db', catalog]);
    expect(res.status, `${res.stdout}\n${res.stderr}`).toBe(0);
    const summary = jsonOf<Summary>(res);
    expect(Object.keys(summary)).toEqual(['pending', 'done', 'failed', 'runs', 'errors']);
    expect(summary).toMatchObject({ pending: 0, done: 1, failed: 0, errors: [] });
    expect(summary.runs).toHaveLength(1);
    const [synced] = summary.runs;
    expect(Object.keys(synced!)).toEqual(['localId', 'mlflowRunId', 'status']);
    expect(synced).toMatchObject({ localId: run.runId, status: 'done' });

    const exp = await server.api<{ experiment: { experiment_id: string } }>('GET', 'api/2.0/mlflow/experiments/get-by-name?experiment_name=udw-once');
    const runs = await experimentRuns(exp.experiment.experiment_id);
    expect(runs).toHaveLength(1);
    const remote = runs[0]!;
    expect(remote.info.run_id).toBe(synced!.mlflowRunId);
    expect(remote.info.status).toBe('FINISHED');
    expect(remote.info.end_time).toBe(Date.parse('2026-03-01T11:00:00.000Z'));
    const tags = Object.fromEntries((remote.data.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags['udw.local_run_id']).toBe(run.runId);
    expect(tags['udw.sync_id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(tags['udw.offline']).toBeUndefined();
    const params = Object.fromEntries((remote.data.params ?? []).map((p) => [p.key, p.value]));
    expect(params).toMatchObject({ epochs: '2500', lr: '0.001', batchSize: '16', seed: '7', nproc: '1' });
    expect(remote.inputs?.dataset_inputs?.map((d) => d.dataset.digest)).toEqual([fixtureSnapshotId(run.runId).slice(0, 36)]);

    let points = 0;
    for (const [key, values] of Object.entries(run.metrics)) {
      const got = (await history(remote.info.run_id, key)).sort((a, b) => a.step - b.step);
      expect(got.map((m) => m.step), key).toEqual(values.map((_, i) => i + 1));
      expect(got.map((m) => m.value), key).toEqual(values);
      points += got.length;
    }
    expect(points).toBe(10_000);

    for (const [artifactPath, local] of Object.entries(run.artifacts)) {
      const onServer = path.join(server.artifactsDir, exp.experiment.experiment_id, remote.info.run_id, 'artifacts', artifactPath);
      expect(sha(fs.readFileSync(onServer)), artifactPath).toBe(sha(fs.readFileSync(local)));
    }

    const alias = await server.api<{ model_version: { version: string; run_id: string; status: string; source: string } }>('GET', 'api/2.0/mlflow/registered-models/alias?name=udw-drill&alias=candidate');
    expect(alias.model_version).toMatchObject({ version: '1', run_id: remote.info.run_id, status: 'READY', source: `${remote.info.artifact_uri}/model` });

    // A second sync finds nothing to do and sends nothing again.
    const again = await runUdw(['sync', '--once', '--json', '--db', catalog]);
    expect(again.status, again.stderr).toBe(0);
    expect(jsonOf<Summary>(again)).toMatchObject({ pending: 0, done: 1, failed: 0 });
    expect(await experimentRuns(exp.experiment.experiment_id)).toHaveLength(1);
    expect(await history(remote.info.run_id, 'train/loss')).toHaveLength(2500);
    const versions = await server.api<{ model_versions?: unknown[] }>('GET', `api/2.0/mlflow/model-versions/search?filter=${encodeURIComponent("name='udw-drill'")}`);
    expect(versions.model_versions).toHaveLength(1);
  }, 600_000);

  it('redoing a step whose outcome was lost makes no second run and no second point', async () => {
    const dir = path.join(root, 'redo');
    const { db } = openTempCatalog(dir);
    const client = new MlflowClient(new MlflowHttp({ url: server.url }));
    try {
      addFixtureRun(db, dir, { runId: 'run-syncredo1', epochs: 600, keys: 3 });
      enqueueEndedRuns(db, { server: server.url, experiment: 'udw-redo', offline: false });
      const store = new OutboxStore(db);
      const retry = { attempts: 3, baseMs: 1, maxMs: 2 };
      await drainOutbox({ client, store, retry, once: true });
      expect(store.run('run-syncredo1')!.state).toBe('done');
      // As if the process died after sending each of these and before recording the answer.
      db.prepare(`UPDATE sync_steps SET state = 'sending', result_json = NULL WHERE kind IN ('create_run', 'log_batch', 'upload')`).run();
      db.prepare(`UPDATE sync_runs SET state = 'pending'`).run();
      await drainOutbox({ client, store, retry, once: true });
      expect(store.run('run-syncredo1')!.state).toBe('done');
      const results = db.prepare(`SELECT kind, result_json FROM sync_steps ORDER BY seq`).all() as Array<{ kind: string; result_json: string | null }>;
      const of = (kind: string) => results.filter((r) => r.kind === kind).map((r) => JSON.parse(r.result_json!) as Record<string, unknown>);
      expect(of('create_run')[0]).toMatchObject({ reused: true });
      expect(of('log_batch').map((r) => r.sent)).toEqual(of('log_batch').map(() => 0));
      expect(of('log_batch').reduce((n, r) => n + (r.alreadyThere as number), 0)).toBe(1800);
      expect(of('upload').every((r) => r.skipped === true)).toBe(true);
      const exp = await server.api<{ experiment: { experiment_id: string } }>('GET', 'api/2.0/mlflow/experiments/get-by-name?experiment_name=udw-redo');
      const runs = await experimentRuns(exp.experiment.experiment_id);
      expect(runs).toHaveLength(1);
      expect(await history(runs[0]!.info.run_id, 'train/loss')).toHaveLength(600);
    } finally {
      await client.http.close();
      db.close();
    }
  }, 300_000);

  it('checks the uploads before the run is marked finished, sends a copy that does not read back again, and lets a file deleted here since stand', async () => {
    const dir = path.join(root, 'check');
    const { db } = openTempCatalog(dir);
    const client = new MlflowClient(new MlflowHttp({ url: server.url }));
    try {
      const fixture = addFixtureRun(db, dir, { runId: 'run-synccheck', epochs: 20, keys: 1, bigFileBytes: 2 * 1024 * 1024 });
      enqueueEndedRuns(db, { server: server.url, experiment: 'udw-check', offline: false });
      const store = new OutboxStore(db);
      const steps = db.prepare(`SELECT kind, label FROM sync_steps WHERE kind IN ('upload', 'finish') ORDER BY seq`).all() as Array<{ kind: string; label: string }>;
      expect(steps.at(-1)).toEqual({ kind: 'finish', label: 'check 3 uploads, finish (FINISHED)' });
      // Once the uploads are in, spoil two copies on the server: one cut short, one of the same size with other bytes.
      const onServer = (p: string): string => {
        const r = store.run('run-synccheck')!;
        return path.join(server.artifactsDir, r.experiment_id!, r.mlflow_run_id!, 'artifacts', p);
      };
      const spoil = (): void => {
        const big = onServer('plots/predictions.bin');
        fs.truncateSync(big, 1000);
        const model = onServer('model/model.onnx');
        const bytes = fs.readFileSync(model);
        bytes[0] = bytes[0]! ^ 0xff;
        fs.writeFileSync(model, bytes);
        // And a file cleaned up here after its upload: nothing to compare it with, its upload stands.
        evaluation = fs.readFileSync(fixture.artifacts['evaluation.json']!);
        fs.rmSync(fixture.artifacts['evaluation.json']!);
      };
      let evaluation: Buffer | null = null;
      let spoilt = false;
      await drainOutbox({
        client,
        store,
        retry: { attempts: 3, baseMs: 1, maxMs: 2 },
        once: true,
        onProgress: (p) => {
          if (p.type === 'step' && p.outcome === 'done' && p.label.startsWith('upload ') && !spoilt) {
            const left = db.prepare(`SELECT count(*) FROM sync_steps WHERE kind = 'upload' AND state <> 'done'`).pluck().get() as number;
            if (left === 0) {
              spoil();
              spoilt = true;
            }
          }
        },
      });
      expect(spoilt).toBe(true);
      expect(store.run('run-synccheck')!.state).toBe('done');
      const finish = JSON.parse(db.prepare(`SELECT result_json FROM sync_steps WHERE kind = 'finish'`).pluck().get() as string) as { checked: number; sentAgain: string[]; goneHere?: string[] };
      expect(finish).toEqual({ checked: 2, sentAgain: ['model/model.onnx', 'plots/predictions.bin'], goneHere: ['evaluation.json'] });
      for (const [artifactPath, local] of Object.entries(fixture.artifacts)) {
        expect(sha(fs.readFileSync(onServer(artifactPath))), artifactPath).toBe(sha(artifactPath === 'evaluation.json' ? evaluation! : fs.readFileSync(local)));
      }
      const read = await server.api<{ run: RunRead }>('GET', `api/2.0/mlflow/runs/get?run_id=${store.run('run-synccheck')!.mlflow_run_id}`);
      expect(read.run.info.status).toBe('FINISHED');
    } finally {
      await client.http.close();
      db.close();
    }
  }, 300_000);

  it('queues runs while the server is unreachable and sends them in order once it is back', async () => {
    const dir = path.join(root, 'offline');
    const { db, file } = openTempCatalog(dir);
    const proxy = await FaultProxy.start(server.port);
    try {
      await proxy.goDown();
      addFixtureRun(db, dir, { runId: 'run-offline01', epochs: 50, keys: 2 });
      expect((await runUdw(['remote', 'set', '--mlflow', proxy.url, '--experiment', 'udw-offline', '--db', file])).status).toBe(0);
      const first = await runUdw(['sync', '--once', '--json', '--db', file]);
      expect(first.status, first.stderr).toBe(0);
      const waiting = jsonOf<Summary>(first);
      expect(waiting).toMatchObject({ pending: 1, done: 0, failed: 0, runs: [{ localId: 'run-offline01', mlflowRunId: null, status: 'pending' }] });
      expect(waiting.errors[0]!.message).toContain(`MLflow server ${proxy.url} is unreachable (ECONNREFUSED)`);

      // Work goes on offline: another run ends and is queued behind the first.
      addFixtureRun(db, dir, { runId: 'run-offline02', epochs: 50, keys: 2 });
      const second = jsonOf<Summary>(await runUdw(['sync', '--once', '--json', '--db', file]));
      expect(second).toMatchObject({ pending: 2, done: 0, failed: 0 });

      await proxy.comeUp();
      const back = await runUdw(['sync', '--once', '--json', '--db', file]);
      expect(back.status, back.stderr).toBe(0);
      expect(jsonOf<Summary>(back)).toMatchObject({ pending: 0, done: 2, failed: 0, errors: [] });
      const order = db.prepare(`SELECT local_run_id FROM sync_steps ORDER BY done_at, rowid`).pluck().all() as string[];
      expect(order).toEqual([...order].sort());
      const exp = await server.api<{ experiment: { experiment_id: string } }>('GET', 'api/2.0/mlflow/experiments/get-by-name?experiment_name=udw-offline');
      const runs = await experimentRuns(exp.experiment.experiment_id);
      expect(runs.map((r) => r.data.tags?.find((t) => t.key === 'udw.local_run_id')?.value).sort()).toEqual(['run-offline01', 'run-offline02']);
      for (const r of runs) expect(r.data.tags?.find((t) => t.key === 'udw.offline')?.value).toBe('true');
    } finally {
      await proxy.stop();
      db.close();
    }
  }, 300_000);
});
