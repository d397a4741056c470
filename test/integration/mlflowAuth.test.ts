/**
 * A basic-auth MLflow server (`mlflow server --app-name basic-auth`): `udw sync` without credentials is
 * refused with a message naming the server and how to give them, a wrong password likewise, and with the
 * credentials stored by `udw remote set --username … --password-stdin` (a 0600 file beside the catalog)
 * the run goes through. The password never shows in what the CLI prints.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveMlflowAuth, MlflowServer } from '../helpers/mlflowServer';
import { addFixtureRun, jsonOf, openTempCatalog, runUdw } from '../helpers/syncRuns';

let server: MlflowServer;
let root: string;
let catalog: string;

// Skipped when the .venv lacks mlflow[auth] (Flask-WTF): `.venv/bin/pip install 'mlflow[auth]'`.
describe.skipIf(!haveMlflowAuth)('sync to a basic-auth MLflow server', () => {
  beforeAll(async () => {
    server = await MlflowServer.start({ basicAuth: true });
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-sync-auth-'));
    const { db, file } = openTempCatalog(root);
    catalog = file;
    addFixtureRun(db, root, { runId: 'run-syncauth1', epochs: 20, keys: 2 });
    db.close();
  }, 400_000);

  afterAll(async () => {
    await server?.dispose();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses without credentials, with a clear message, and accepts with them', async () => {
    expect((await runUdw(['remote', 'set', '--mlflow', server.url, '--experiment', 'udw-auth', '--db', catalog])).status).toBe(0);
    const noEnv = { UDW_MLFLOW_USERNAME: '', UDW_MLFLOW_PASSWORD: '', UDW_MLFLOW_TOKEN: '' };

    const without = await runUdw(['sync', '--once', '--json', '--db', catalog], noEnv);
    expect(without.status).toBe(1);
    expect(jsonOf<{ error: { message: string } }>(without).error.message).toBe(
      `MLflow server ${server.url} (GET api/2.0/mlflow/experiments/search) wants credentials (401): set UDW_MLFLOW_USERNAME and UDW_MLFLOW_PASSWORD (or UDW_MLFLOW_TOKEN), or store them with \`udw remote set --username NAME --password-stdin\``,
    );

    const wrong = await runUdw(['sync', '--once', '--json', '--db', catalog], { ...noEnv, UDW_MLFLOW_USERNAME: 'admin', UDW_MLFLOW_PASSWORD: 'not-the-password' });
    expect(wrong.status).toBe(1);
    expect(jsonOf<{ error: { message: string } }>(wrong).error.message).toContain('wants credentials (401)');
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-password');

    const store = await runUdw(['remote', 'set', '--username', server.admin.username, '--password-stdin', '--db', catalog, '--json'], noEnv, `${server.admin.password}\n`);
    expect(store.status, store.stderr).toBe(0);
    const credentials = path.join(root, 'credentials.json');
    expect(jsonOf<{ credentialsFile: string; credentials: string }>(store)).toMatchObject({ credentialsFile: credentials, credentials: 'stored' });
    expect(fs.statSync(credentials).mode & 0o777).toBe(0o600);

    const ok = await runUdw(['sync', '--once', '--json', '--db', catalog], noEnv);
    expect(ok.status, ok.stderr).toBe(0);
    expect(jsonOf<{ done: number; failed: number }>(ok)).toMatchObject({ done: 1, failed: 0 });
    expect(ok.stdout + ok.stderr + store.stdout + store.stderr).not.toContain(server.admin.password);
    const exp = await server.api<{ experiment: { experiment_id: string } }>('GET', 'api/2.0/mlflow/experiments/get-by-name?experiment_name=udw-auth');
    const runs = await server.api<{ runs?: unknown[] }>('POST', 'api/2.0/mlflow/runs/search', { experiment_ids: [exp.experiment.experiment_id] });
    expect(runs.runs).toHaveLength(1);

    // A credentials file others can read is refused, naming it and the fix.
    fs.chmodSync(credentials, 0o644);
    const open = await runUdw(['sync', '--once', '--json', '--db', catalog], noEnv);
    expect(open.status).toBe(1);
    expect(jsonOf<{ error: { message: string } }>(open).error.message).toBe(`${credentials}: readable by others (mode 644); expected 0600 (\`chmod 600 ${credentials}\`)`);
  }, 400_000);
});
