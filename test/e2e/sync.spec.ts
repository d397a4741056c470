/**
 * The Sync view (issue 14) against the real back end, a real `mlflow server` started here and the renderer
 * build in Chromium: the remote configured in the view's form (credentials stored in the back end and shown
 * back only as who), a finished run seen queued, Sync now pressed from the keyboard, the run then done with
 * its MLflow run id and a link the MLflow UI answers; the run's model registered from the view's form
 * (a reserved alias refused first) appears on the server as version 1 with its alias; with the server gone,
 * the reason is shown. Every spec
 * shares one catalog: the runs, outbox rows, remote and credentials added here are taken out in afterAll.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import type { RemoteInfo } from '../../src/shared/api/sync.contract';
import { freePort, haveMlflow, MlflowServer } from '../helpers/mlflowServer';
import { addFixtureRun } from '../helpers/syncRuns';
import { expect, openApp, test, type WebHostFixture } from './fixtures';

const SCREENSHOTS = path.resolve('test-results', 'screenshots');

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ fullPage: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, `${name}.png`), body);
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

async function dispatch<T>(web: WebHostFixture, channel: string, payload: unknown = {}): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

async function openSync(page: Page, web: WebHostFixture): Promise<void> {
  await openApp(page, web);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Sync', exact: true }).click();
  await expect(page.getByTestId('sync-page')).toBeVisible();
}

async function setServer(page: Page, url: string, experiment: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Sync server' });
  await form.getByLabel('MLflow tracking URI').fill(url);
  await form.getByLabel('Experiment').fill(experiment);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('sync-configured-mlflow')).toHaveText(url);
}

test.describe.serial('the Sync view', () => {
  test.skip(!haveMlflow, 'no MLflow in .venv: `scripts/bootstrap` installs python-bridge/requirements-dev.txt');
  const tag = Date.now().toString(36);
  const runIds = [`run-e2esync1${tag}`, `run-e2esync2${tag}`];
  const password = `e2e-secret-${tag}`;
  let server: MlflowServer;
  let before: RemoteInfo;
  let queuedBefore: Set<string>;

  test.beforeAll(async ({ web }) => {
    test.setTimeout(400_000);
    server = await MlflowServer.start();
    before = await dispatch<RemoteInfo>(web, 'remote.get');
    queuedBefore = new Set(web.backend.context.db.prepare('SELECT local_run_id FROM sync_runs').pluck().all() as string[]);
    addFixtureRun(web.backend.context.db, web.dir, { runId: runIds[0]!, epochs: 12, keys: 3 });
  });

  test.afterAll(async ({ web }) => {
    const db = web.backend.context.db;
    for (const id of db.prepare('SELECT local_run_id FROM sync_runs').pluck().all() as string[]) {
      if (!queuedBefore.has(id)) db.prepare('DELETE FROM sync_runs WHERE local_run_id = ?').run(id);
    }
    for (const id of runIds) {
      db.prepare('DELETE FROM runs WHERE id = ?').run(id);
      fs.rmSync(path.join(web.dir, 'runs', id), { recursive: true, force: true });
    }
    await dispatch(web, 'remote.set', { mlflowUrl: before.mlflowUrl, dvcRemote: before.dvcRemote, experiment: before.experiment });
    await dispatch(web, 'remote.setCredentials', { credentials: null });
    await server?.dispose();
  });

  test('configure the server, see a finished run queued, Sync now, and open it in MLflow', async ({ page, web }, testInfo) => {
    await openSync(page, web);
    await expect(page.getByTestId('sync-unqueued')).toContainText(runIds[0]!);
    await setServer(page, server.url, `udw-e2e-${tag}`);

    // Credentials go to the back end once; the view shows who, and the secret is nowhere on the page.
    const creds = page.getByRole('form', { name: 'MLflow credentials' });
    await creds.getByLabel('Username', { exact: true }).fill('e2e-user');
    await creds.getByLabel('Password', { exact: true }).fill(password);
    await creds.getByRole('button', { name: 'Store credentials' }).click();
    await expect(page.getByTestId('sync-configured-credentials')).toHaveText('user e2e-user (stored)');
    await expect(creds.getByLabel('Password', { exact: true })).toHaveValue('');
    expect(await page.content()).not.toContain(password);
    expect(JSON.stringify(await dispatch(web, 'remote.get'))).not.toContain(password);

    const row = page.locator(`tr[data-local-id="${runIds[0]}"]`);
    await expect(row).toHaveAttribute('data-status', 'pending');
    await expect(row).toContainText('next: create run');

    // Keyboard: focus Sync now and press Enter.
    await page.getByTestId('sync-now').focus();
    await page.keyboard.press('Enter');
    await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('sync-drain')).toContainText('everything that could go went');
    await screenshot(page, testInfo, 'sync-done');

    const mlflowRunId = (await row.getByTestId('sync-mlflow-run-id').textContent())!;
    expect(mlflowRunId).toMatch(/^[0-9a-f]{32}$/);
    const read = await server.api<{ run: { info: { experiment_id: string; status: string; run_name: string } } }>('GET', `api/2.0/mlflow/runs/get?run_id=${mlflowRunId}`);
    expect(read.run.info).toMatchObject({ status: 'FINISHED', run_name: runIds[0] });
    const link = row.getByTestId('sync-mlflow-link');
    const href = (await link.getAttribute('href'))!;
    expect(href).toBe(`${server.url}/#/experiments/${read.run.info.experiment_id}/runs/${mlflowRunId}`);
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    const ui = await page.request.get(href.split('#')[0]!);
    expect(ui.status()).toBe(200);
    expect(await ui.text()).toMatch(/<html/i);
  });

  test("register a synced run's model from the view: a new version with its alias on the server", async ({ page, web }) => {
    test.setTimeout(120_000);
    await openSync(page, web);
    const row = page.locator(`tr[data-local-id="${runIds[0]}"]`);
    await expect(row).toHaveAttribute('data-status', 'done');
    const mlflowRunId = (await row.getByTestId('sync-mlflow-run-id').textContent())!;
    const model = `udw-e2e-model-${tag}`;
    const form = page.getByRole('form', { name: "Register a run's model" });
    await form.getByLabel('Run with a model').selectOption(runIds[0]!);
    await form.getByLabel('Registered model').fill(model);
    // An alias MLflow reserves is refused before anything is queued.
    await form.getByLabel('Alias').fill('v2');
    await expect(form).toContainText("Alias: 'v2' is reserved by MLflow");
    await expect(form.getByRole('button', { name: 'Queue registration' })).toBeDisabled();
    await form.getByLabel('Alias').fill('champion');
    await form.getByRole('button', { name: 'Queue registration' }).click();
    await expect(page.getByTestId('sync-drain')).toContainText(`The model of ${runIds[0]} will be registered as ${model}@champion on the next Sync now.`);
    await expect(row).toHaveAttribute('data-status', 'pending');
    await expect(row).toContainText(`next: register model ${model}`);

    await page.getByTestId('sync-now').click();
    await expect(row).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    const alias = await server.api<{ model_version: { version: string; run_id: string; status: string } }>(
      'GET',
      `api/2.0/mlflow/registered-models/alias?name=${encodeURIComponent(model)}&alias=champion`,
    );
    expect(alias.model_version).toMatchObject({ version: '1', run_id: mlflowRunId, status: 'READY' });
  });

  test('with the server gone, a queued run shows the reason and when it is tried again', async ({ page, web }, testInfo) => {
    test.setTimeout(120_000);
    addFixtureRun(web.backend.context.db, web.dir, { runId: runIds[1]!, epochs: 4, keys: 1 });
    const gone = `http://127.0.0.1:${await freePort()}`;
    await openSync(page, web);
    await setServer(page, gone, `udw-e2e-${tag}`);
    const row = page.locator(`tr[data-local-id="${runIds[1]}"]`);
    await expect(row).toHaveAttribute('data-status', 'pending');
    await page.getByTestId('sync-now').click();
    await expect(row.getByTestId('sync-reason')).toHaveText('server unreachable', { timeout: 60_000 });
    await expect(row).toContainText(`MLflow server ${gone} is unreachable (ECONNREFUSED)`);
    await expect(row).toContainText('offline');
    await expect(row.locator('td').nth(5)).toContainText(/not before \d\d:\d\d:\d\d|on the next Sync now/);
    await expect(page.getByTestId('sync-last-drain')).toContainText('is unreachable');
    await expect(page.getByTestId('sync-drain')).toContainText('the server could not be reached');
    await screenshot(page, testInfo, 'sync-unreachable');
    // The run synced before stays done.
    await expect(page.locator(`tr[data-local-id="${runIds[0]}"]`)).toHaveAttribute('data-status', 'done');
  });
});
