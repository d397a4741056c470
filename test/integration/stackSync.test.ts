/**
 * `udw sync` through the shared-server stack's own MLflow command line, run natively: a throw-away PostgreSQL
 * from Debian's package, `moto_server` as the S3-compatible store, and deploy/server/mlflow/entrypoint.sh (the
 * image's entrypoint) with the compose file's environment for the `mlflow` service (basic auth, allowed hosts,
 * PostgreSQL backend, artifacts proxied to s3://BUCKET). A run with params, metrics, the ONNX model and a
 * larger file, registered with an alias, lands exactly once: in PostgreSQL's tables, its metrics point for
 * point through the REST API, and its artifacts byte for byte both as downloaded and as stored in the bucket.
 * Skipped, naming what is missing, without the PostgreSQL binaries, moto or mlflow[auth] (scripts/bootstrap
 * installs all three).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveMlflowAuth } from '../helpers/mlflowServer';
import { PostgresServer, postgresMissing } from '../helpers/postgresServer';
import { motoMissing, S3Server } from '../helpers/s3Server';
import { interpolateCompose, STACK_DIR, STACK_ENTRYPOINT, stackMlflowEnvironment, StackMlflowServer } from '../helpers/stackMlflowServer';
import { addFixtureRun, jsonOf, openTempCatalog, runUdw, type FixtureRun } from '../helpers/syncRuns';

interface Summary {
  pending: number;
  done: number;
  failed: number;
  runs: Array<{ localId: string; mlflowRunId: string | null; status: string }>;
}
interface RunRead {
  info: { run_id: string; status: string; artifact_uri: string };
  data: { params?: Array<{ key: string; value: string }>; tags?: Array<{ key: string; value: string }> };
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const BUCKET = 'mlflow-artifacts';

const missing = postgresMissing ?? motoMissing ?? (haveMlflowAuth ? null : '.venv has no mlflow[auth] (Flask-WTF): run scripts/bootstrap');

describe('the stack image runs the script this test runs', () => {
  it('the mlflow Dockerfile makes entrypoint.sh its entrypoint and compose does not override it', () => {
    const dockerfile = fs.readFileSync(path.join(STACK_DIR, 'mlflow', 'Dockerfile'), 'utf8');
    const copied = /^COPY\b.*\s(\S+\.sh)\s+(\S+)\s*$/m.exec(dockerfile);
    expect(copied?.[1], 'COPY of the start script').toBe(path.basename(STACK_ENTRYPOINT));
    expect(dockerfile).toMatch(new RegExp(`^ENTRYPOINT \\["${copied![2]!.replace(/[/.]/g, '\\$&')}"\\]\\s*$`, 'm'));
    const compose = fs.readFileSync(path.join(STACK_DIR, 'docker-compose.yml'), 'utf8');
    const mlflowService = /^ {2}mlflow:\n((?: {4}.*\n|\s*\n)+)/m.exec(compose)?.[1] ?? '';
    expect(mlflowService).toContain('dockerfile: Dockerfile');
    expect(mlflowService).not.toMatch(/^ {4}(entrypoint|command):/m);
  });

  it("reads the mlflow service's environment from the compose file as compose interpolates it", () => {
    expect(interpolateCompose('a${X:-d}$${Y}/${Z}', { Z: 'z' }, 'w')).toBe('ad${Y}/z');
    expect(() => stackMlflowEnvironment({})).toThrow(/docker-compose\.yml: services\.mlflow\.environment\.MLFLOW_BACKEND_STORE_URI: \$\{POSTGRES_PASSWORD\} is not set .*\(compose says: set POSTGRES_PASSWORD\)/);
  });
});

let pg: PostgresServer;
let s3: S3Server;
let mlflow: StackMlflowServer;
let root: string;
let catalog: string;
let run: FixtureRun;

describe.skipIf(missing !== null)(`udw sync through the stack's MLflow on PostgreSQL and S3${missing ? ` — SKIPPED: ${missing}` : ''}`, () => {
  beforeAll(async () => {
    // Both at once; one that started is still assigned (and so stopped in afterAll) when the other fails.
    const [pgStart, s3Start] = await Promise.allSettled([PostgresServer.start(), S3Server.start({ bucket: BUCKET })]);
    if (pgStart.status === 'fulfilled') pg = pgStart.value;
    if (s3Start.status === 'fulfilled') s3 = s3Start.value;
    for (const started of [pgStart, s3Start]) if (started.status === 'rejected') throw started.reason;
    mlflow = await StackMlflowServer.start(pg, s3);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-stack-sync-'));
    const { db, file } = openTempCatalog(root);
    catalog = file;
    run = addFixtureRun(db, root, { runId: 'run-stacksync1', epochs: 300, keys: 3, bigFileBytes: 1024 * 1024 });
    db.close();
  }, 400_000);

  afterAll(async () => {
    await mlflow?.dispose();
    await Promise.all([s3?.stop(), pg?.dispose()]);
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** Status of a GET with a chosen Host header (fetch does not let one set it). */
  function statusWithHost(host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: mlflow.port, path: '/api/2.0/mlflow/experiments/search?max_results=1', headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', reject);
    });
  }

  it('enforces allowed hosts and basic auth as the stack configures them', async () => {
    // A private address passes MLflow's default host check; the stack's MLFLOW_ALLOWED_HOSTS lets in only its own names.
    expect(await statusWithHost(`10.1.2.3:${mlflow.port}`)).toBe(403);
    expect(await statusWithHost('evil.example.org')).toBe(403);
    expect(await statusWithHost(`localhost:${mlflow.port}`)).toBe(401);
    // The script wrote the auth config private and without the admin's password (MLflow takes that from the environment).
    const ini = mlflow.env.MLFLOW_AUTH_CONFIG_PATH!;
    expect(fs.statSync(ini).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(ini, 'utf8')).toContain(`database_uri = postgresql+psycopg2://${pg.user}:`);
    expect(fs.readFileSync(ini, 'utf8')).not.toContain(mlflow.admin.password);
    expect((await fetch(`${mlflow.url}/api/2.0/mlflow/experiments/search?max_results=1`)).status).toBe(401);
    expect(await mlflow.api<{ experiments: unknown[] }>('GET', 'api/2.0/mlflow/experiments/search?max_results=1')).toHaveProperty('experiments');
  });

  it('syncs a run exactly once into PostgreSQL and the S3 bucket', async () => {
    const creds = { UDW_MLFLOW_USERNAME: mlflow.admin.username, UDW_MLFLOW_PASSWORD: mlflow.admin.password, UDW_MLFLOW_TOKEN: '' };
    const set = await runUdw(['remote', 'set', '--mlflow', mlflow.url, '--experiment', 'udw-stack', '--db', catalog, '--json'], creds);
    expect(set.status, set.stderr).toBe(0);
    const register = await runUdw(['sync', 'register', run.runId, '--model', 'udw-drill', '--alias', 'candidate', '--db', catalog, '--json'], creds);
    expect(register.status, register.stderr).toBe(0);

    const res = await runUdw(['sync', '--once', '--json', '--db', catalog], creds);
    expect(res.status, `${res.stdout}\n${res.stderr}\n${mlflow.output()}`).toBe(0);
    const summary = jsonOf<Summary>(res);
    expect(summary).toMatchObject({ pending: 0, done: 1, failed: 0 });
    const mlflowRunId = summary.runs[0]!.mlflowRunId!;

    const exp = await mlflow.api<{ experiment: { experiment_id: string } }>('GET', 'api/2.0/mlflow/experiments/get-by-name?experiment_name=udw-stack');
    const expId = exp.experiment.experiment_id;
    const found = await mlflow.api<{ runs?: RunRead[] }>('POST', 'api/2.0/mlflow/runs/search', { experiment_ids: [expId], max_results: 10 });
    expect(found.runs?.map((r) => r.info.run_id)).toEqual([mlflowRunId]);
    const remote = found.runs![0]!;
    expect(remote.info.status).toBe('FINISHED');
    // Proxied: clients send artifacts through the tracking server, never to the store directly.
    expect(remote.info.artifact_uri).toBe(`mlflow-artifacts:/${expId}/${mlflowRunId}/artifacts`);
    expect(Object.fromEntries((remote.data.params ?? []).map((p) => [p.key, p.value]))).toMatchObject({ epochs: '300', lr: '0.001', batchSize: '16', seed: '7' });
    expect(Object.fromEntries((remote.data.tags ?? []).map((t) => [t.key, t.value]))['udw.local_run_id']).toBe(run.runId);

    for (const [key, values] of Object.entries(run.metrics)) {
      const got = await mlflow.api<{ metrics?: Array<{ value: number; step: number }> }>('GET', `api/2.0/mlflow/metrics/get-history?run_id=${mlflowRunId}&metric_key=${encodeURIComponent(key)}&max_results=25000`);
      const points = (got.metrics ?? []).sort((a, b) => a.step - b.step);
      expect(points.map((m) => m.step), key).toEqual(values.map((_, i) => i + 1));
      expect(points.map((m) => m.value), key).toEqual(values);
    }

    // The tracking store is the PostgreSQL database, not a file beside the server.
    expect(pg.psql('SELECT run_uuid, status FROM runs')).toEqual([`${mlflowRunId}\tFINISHED`]);
    const totalPoints = Object.values(run.metrics).reduce((n, v) => n + v.length, 0);
    expect(pg.psql(`SELECT count(*) FROM metrics WHERE run_uuid = '${mlflowRunId}'`)).toEqual([String(totalPoints)]);

    // The artifacts are objects in the bucket, byte for byte, and download the same through the server.
    const prefix = `${expId}/${mlflowRunId}/artifacts/`;
    expect(await s3.keys(BUCKET, prefix)).toEqual(Object.keys(run.artifacts).map((a) => prefix + a).sort());
    for (const [artifactPath, local] of Object.entries(run.artifacts)) {
      const want = sha(fs.readFileSync(local));
      expect(sha(await s3.object(BUCKET, prefix + artifactPath)), `s3://${BUCKET}/${prefix}${artifactPath}`).toBe(want);
      expect(sha(await mlflow.download(`api/2.0/mlflow-artifacts/artifacts/${prefix}${artifactPath}`)), artifactPath).toBe(want);
    }

    const alias = await mlflow.api<{ model_version: { version: string; run_id: string; status: string } }>('GET', 'api/2.0/mlflow/registered-models/alias?name=udw-drill&alias=candidate');
    expect(alias.model_version).toMatchObject({ version: '1', run_id: mlflowRunId, status: 'READY' });

    // A second sync sends nothing again.
    const again = await runUdw(['sync', '--once', '--json', '--db', catalog], creds);
    expect(again.status, again.stderr).toBe(0);
    expect(jsonOf<Summary>(again)).toMatchObject({ pending: 0, done: 1, failed: 0 });
    expect(pg.psql('SELECT count(*) FROM runs')).toEqual(['1']);
    expect(pg.psql(`SELECT count(*) FROM metrics WHERE run_uuid = '${mlflowRunId}'`)).toEqual([String(totalPoints)]);
  }, 300_000);
});
