/**
 * Issue 14's acceptance, end to end against a real `mlflow server` (SQLite backend, proxied artifacts in a
 * temp folder): a local run with params, 10,000 metric points and a real python-bridge ONNX model, registered
 * as a version with an alias, goes through the outbox (`udw sync`), is on the server exactly once and reads
 * back through REST; then `udw models pull NAME@ALIAS` brings it into a second, fresh catalog, where
 * `udw infer --paths` gives the very predictions the first catalog's copy gives. Pulling again does nothing;
 * once the alias is moved to another version, a pull brings that one and says the alias moved (so does
 * `udw models --json`). Unknown models and aliases, a version without ONNX and an unreachable server are
 * refused clearly. Skipped when the .venv has no MLflow.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import { freePort, haveMlflow, MlflowServer } from '../helpers/mlflowServer';
import { onnxWithRunId } from '../helpers/onnxWithRunId';
import { addFixtureRun, openTempCatalog, TINY_ONNX, type FixtureRun } from '../helpers/syncRuns';

if (!haveMlflow) console.warn('SKIPPED: models pull needs MLflow in .venv (scripts/bootstrap installs it)');

const MODEL = 'udw-drill-pull';

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}
interface PullJson {
  model: { id: string; name: string; version: string; alias: string | null; runId: string | null; path: string; trainingRunId: string | null; server: string; sha256: string };
  pulled: boolean;
  aliasMoved: { from: string; to: string } | null;
  verified: 'sha256' | 'size' | null;
}
interface InferJson {
  model: { id: string };
  files: Array<{ path: string; predictions: Array<{ classId: string; depth: number; confidence: number }> }>;
  failed: unknown[];
}
interface ModelJson {
  id: string;
  remote?: { server: string; name: string; version: string; runId: string | null; aliases: string[]; aliasMoves: Array<{ alias: string; from: string | null; to: string }> };
}

/** The built CLI in its own process, asynchronously (a blocked event loop would stop reading the server's output). */
function udw(args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/udw.js', ...args], { cwd: path.resolve('.'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function ok<T>(args: string[]): Promise<T> {
  const res = await udw(args);
  if (res.status !== 0) throw new Error(`udw ${args.join(' ')} exited ${res.status}:\n${res.stdout}\n${res.stderr}`);
  return JSON.parse(res.stdout) as T;
}

const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let server: MlflowServer;
let root: string;
let catalogA: string;
let catalogB: string;
let run1: FixtureRun;
let setitec: string;

describe.skipIf(!haveMlflow)('udw models pull from a real MLflow server', () => {
  beforeAll(async () => {
    const built = spawnSync('node', ['scripts/build-node.mjs'], { encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
    server = await MlflowServer.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-models-pull-'));
    const a = openTempCatalog(path.join(root, 'a'));
    catalogA = a.file;
    // 2,500 epochs × 4 metrics = 10,000 points; the model is the python-bridge fixture (a real export).
    run1 = addFixtureRun(a.db, path.join(root, 'a'), { runId: 'run-pullsource1', epochs: 2500, keys: 4 });
    a.db.close();
    const b = openTempCatalog(path.join(root, 'b'));
    catalogB = b.file;
    b.db.close();
    const g = generateSetitec({ seed: 4242, version: 9, family: 'mdbmql', rows: 600 });
    setitec = path.join(root, g.expected.fileName);
    fs.writeFileSync(setitec, encodeLatin1(g.text));
    await ok(['remote', 'set', '--mlflow', server.url, '--experiment', 'udw-pull', '--db', catalogA, '--json']);
    await ok(['remote', 'set', '--mlflow', server.url, '--db', catalogB, '--json']);
  }, 400_000);

  afterAll(async () => {
    await server?.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('syncs a run with its model exactly once, pulls it by alias into a fresh catalog, and it predicts the same there', async () => {
    await ok(['sync', 'register', run1.runId, '--model', MODEL, '--alias', 'champion', '--db', catalogA, '--json']);
    const summary = await ok<{ done: number; failed: number; runs: Array<{ mlflowRunId: string }> }>(['sync', '--once', '--json', '--db', catalogA]);
    expect(summary).toMatchObject({ done: 1, failed: 0 });
    const mlflowRunId = summary.runs[0]!.mlflowRunId;

    // Exactly once on the server, and as it was sent.
    const exp = await server.api<{ experiment: { experiment_id: string } }>('GET', 'api/2.0/mlflow/experiments/get-by-name?experiment_name=udw-pull');
    const runs = await server.api<{ runs?: Array<{ info: { run_id: string }; data: { params?: Array<{ key: string; value: string }> } }> }>('POST', 'api/2.0/mlflow/runs/search', { experiment_ids: [exp.experiment.experiment_id] });
    expect(runs.runs?.map((r) => r.info.run_id)).toEqual([mlflowRunId]);
    expect(Object.fromEntries((runs.runs![0]!.data.params ?? []).map((p) => [p.key, p.value]))).toMatchObject({ epochs: '2500', lr: '0.001' });
    let points = 0;
    for (const key of Object.keys(run1.metrics)) {
      const h = await server.api<{ metrics?: Array<{ value: number }> }>('GET', `api/2.0/mlflow/metrics/get-history?run_id=${mlflowRunId}&metric_key=${encodeURIComponent(key)}&max_results=25000`);
      expect(h.metrics?.map((m) => m.value).sort((x, y) => x - y), key).toEqual([...run1.metrics[key]!].sort((x, y) => x - y));
      points += h.metrics!.length;
    }
    expect(points).toBe(10_000);
    const alias = await server.api<{ model_version: { version: string; run_id: string; tags?: Array<{ key: string; value: string }> } }>('GET', `api/2.0/mlflow/registered-models/alias?name=${MODEL}&alias=champion`);
    expect(alias.model_version).toMatchObject({ version: '1', run_id: mlflowRunId });
    expect(Object.fromEntries((alias.model_version.tags ?? []).map((t) => [t.key, t.value]))).toMatchObject({ 'udw.onnx_sha256': sha(TINY_ONNX), 'udw.onnx_file': 'model.onnx' });

    // The first catalog registers its own run's model; the second, fresh one pulls the version by alias.
    const local = await ok<{ id: string }>(['models', 'import', '--run', run1.runId, '--db', catalogA, '--json']);
    const pulled = await ok<PullJson>(['models', 'pull', `${MODEL}@champion`, '--db', catalogB, '--json']);
    expect(pulled).toMatchObject({ pulled: true, aliasMoved: null, verified: 'sha256' });
    expect(pulled.model).toMatchObject({ name: MODEL, version: '1', alias: 'champion', runId: mlflowRunId, trainingRunId: 'run-tinyfixture01', server: server.url, sha256: sha(TINY_ONNX) });
    expect(pulled.model.id).toBe(local.id);
    expect(pulled.model.path.startsWith(path.join(root, 'b', 'models'))).toBe(true);
    expect(sha(pulled.model.path)).toBe(sha(TINY_ONNX));

    const there = await ok<InferJson>(['infer', '--model', pulled.model.id, '--paths', setitec, '--db', catalogB, '--json']);
    const here = await ok<InferJson>(['infer', '--model', local.id, '--paths', setitec, '--db', catalogA, '--json']);
    expect(there.failed).toEqual([]);
    expect(there.files).toHaveLength(1);
    expect(there.files[0]!.predictions.map((p) => p.classId)).toEqual(['entry', 'cfrp_ti_transition', 'exit']);
    expect(there.files).toEqual(here.files);

    // Pulling again while the alias stays put does nothing.
    const again = await ok<PullJson>(['models', 'pull', `${MODEL}@champion`, '--db', catalogB, '--json']);
    expect(again).toMatchObject({ pulled: false, aliasMoved: null, model: { id: pulled.model.id, version: '1' } });
    const listed = await ok<ModelJson[]>(['models', '--db', catalogB, '--json']);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.remote).toMatchObject({ server: server.url, name: MODEL, version: '1', runId: mlflowRunId, aliases: ['champion'], aliasMoves: [] });

    // The alias moves to another version: a pull brings that one and says the alias moved from 1 to 2.
    // A second run whose model is the same network with other metadata: other bytes, still a valid model.
    const a = openTempCatalog(path.join(root, 'a'));
    const run2 = addFixtureRun(a.db, path.join(root, 'a'), { runId: 'run-pullsource2', epochs: 5, keys: 1 });
    a.db.close();
    onnxWithRunId(TINY_ONNX, run2.artifacts['model/model.onnx']!, run2.runId);
    await ok(['sync', 'register', run2.runId, '--model', MODEL, '--alias', 'champion', '--db', catalogA, '--json']);
    expect(await ok<{ done: number; failed: number }>(['sync', '--once', '--json', '--db', catalogA])).toMatchObject({ done: 2, failed: 0 });

    const moved = await ok<PullJson>(['models', 'pull', `${MODEL}@champion`, '--db', catalogB, '--json']);
    expect(moved).toMatchObject({ pulled: true, aliasMoved: { from: '1', to: '2' }, verified: 'sha256', model: { version: '2', alias: 'champion', trainingRunId: run2.runId } });
    expect(sha(moved.model.path)).toBe(sha(run2.artifacts['model/model.onnx']!));
    const both = await ok<ModelJson[]>(['models', '--db', catalogB, '--json']);
    const byVersion = new Map(both.map((m) => [m.remote?.version, m]));
    expect(byVersion.get('2')).toMatchObject({ id: moved.model.id, remote: { aliases: ['champion'], aliasMoves: [{ alias: 'champion', from: '1', to: '2' }] } });
    expect(byVersion.get('1')!.remote).toMatchObject({ aliases: [], aliasMoves: [{ alias: 'champion', from: '1', to: '2' }] });

    // Settled again: nothing to do; a version asked for by number is the one already here.
    expect(await ok<PullJson>(['models', 'pull', `${MODEL}@champion`, '--db', catalogB, '--json'])).toMatchObject({ pulled: false, aliasMoved: null, model: { version: '2' } });
    expect(await ok<PullJson>(['models', 'pull', `${MODEL}/1`, '--db', catalogB, '--json'])).toMatchObject({ pulled: false, aliasMoved: null, model: { version: '1', alias: null } });
  }, 900_000);

  it('refuses an unknown model, an unknown alias, a version without ONNX and an unreachable server, saying which', async () => {
    const c = openTempCatalog(path.join(root, 'c'));
    const catalogC = c.file;
    c.db.close();
    await ok(['remote', 'set', '--mlflow', server.url, '--db', catalogC, '--json']);
    const refused = async (args: string[], ...parts: string[]): Promise<void> => {
      const res = await udw(['models', 'pull', ...args, '--db', catalogC, '--json']);
      expect(res.status, res.stdout).toBe(1);
      const message = (JSON.parse(res.stdout) as { error: { message: string } }).error.message;
      for (const part of parts) expect(message).toContain(part);
      expect(res.stderr).toContain(message);
    };
    await refused(['no-such-model@champion'], `has no registered model 'no-such-model'`, server.url);

    // A version whose folder holds no .onnx file (registered by hand, not by udw sync), with an alias.
    const info = await server.api<{ run: { info: { artifact_uri: string; run_id: string } } }>('POST', 'api/2.0/mlflow/runs/create', { experiment_id: '0' });
    const proxied = info.run.info.artifact_uri.replace(/^mlflow-artifacts:\/*/, '');
    const put = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${proxied}/weights/README.txt`, { method: 'PUT', body: 'no model here' });
    expect(put.ok).toBe(true);
    await server.api('POST', 'api/2.0/mlflow/registered-models/create', { name: 'udw-empty' });
    await server.api('POST', 'api/2.0/mlflow/model-versions/create', { name: 'udw-empty', source: `${info.run.info.artifact_uri}/weights`, run_id: info.run.info.run_id });
    await server.api('POST', 'api/2.0/mlflow/registered-models/alias', { name: 'udw-empty', alias: 'staging', version: '1' });
    await refused(['udw-empty@staging'], 'version 1', 'has no .onnx file', 'weights (it has README.txt)');
    await refused(['udw-empty/1'], 'version 1', 'has no .onnx file');
    await refused(['udw-empty@nosuch'], `model 'udw-empty' on ${server.url} has no alias 'nosuch'`, 'its aliases: staging → 1');
    await refused(['udw-empty/9'], `model 'udw-empty' on ${server.url} has no version 9`);

    const nobody = `http://127.0.0.1:${await freePort()}`;
    await refused([`${MODEL}@champion`, '--mlflow', nobody], `MLflow server ${nobody} is unreachable`, 'nothing was pulled');
    await refused(['no-alias-given'], 'expected NAME@ALIAS');
    expect(await ok<ModelJson[]>(['models', '--db', catalogC, '--json'])).toEqual([]);
  }, 300_000);
});

/** Rewrites the `udw` metadata's runId of an ONNX file (argv: source, target, run id). */
