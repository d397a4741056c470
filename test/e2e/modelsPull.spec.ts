/**
 * Models from the shared server on the Models page (issue 14): against the real back end, a real `mlflow
 * server` started here and the renderer build in Chromium. Two versions of a registered model are put on
 * the server through its REST API (two real ONNX exports that differ in their metadata, so they are two
 * models); the page pulls NAME@champion from the keyboard, shows what it did and the model's lineage on its
 * card; after the alias is moved on the server a second pull brings the other version and both cards say
 * where the alias went. An unknown alias is refused with the server's name and the aliases it has.
 * The shared catalog is left as found: the pulled models are removed and the remote is restored.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ModelInfo } from '../../src/shared/api/models.contract';
import type { RemoteInfo } from '../../src/shared/api/sync.contract';
import { haveMlflow, MlflowServer } from '../helpers/mlflowServer';
import { onnxWithRunId } from '../helpers/onnxWithRunId';
import { expect, openApp, test, type WebHostFixture } from './fixtures';
import { TINY_MODEL } from './modelsFixtures';

async function dispatch<T>(web: WebHostFixture, channel: string, payload: unknown = {}): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

/** A run on the server holding `onnx` as model/model.onnx, registered as the next version of `name`. */
async function putVersion(server: MlflowServer, name: string, onnx: string): Promise<{ runId: string }> {
  const created = await server.api<{ run: { info: { artifact_uri: string; run_id: string } } }>('POST', 'api/2.0/mlflow/runs/create', { experiment_id: '0' });
  const { artifact_uri: uri, run_id: runId } = created.run.info;
  const proxied = uri.replace(/^mlflow-artifacts:\/*/, '');
  const put = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${proxied}/model/model.onnx`, { method: 'PUT', body: fs.readFileSync(onnx) });
  expect(put.ok, `PUT model.onnx: ${put.status}`).toBe(true);
  await server.api('POST', 'api/2.0/mlflow/model-versions/create', { name, source: `${uri}/model`, run_id: runId });
  return { runId };
}

async function pull(page: Page, ref: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Pull a model from the server' });
  await form.getByLabel('Registered model').fill(ref);
  await form.getByLabel('Registered model').press('Enter');
}

const card = (page: Page, id: string) => page.locator(`[data-testid="model-card"][data-model-id="${id}"]`);

test.describe.serial('pulling a model from the server on the Models page', () => {
  test.skip(!haveMlflow, 'no MLflow in .venv: `scripts/bootstrap` installs python-bridge/requirements-dev.txt');
  const tag = Date.now().toString(36);
  const name = `udw-e2e-pull-${tag}`;
  let server: MlflowServer;
  let before: RemoteInfo;
  let modelsBefore: Set<string>;
  let runs: Array<{ runId: string }>;

  test.beforeAll(async ({ web }) => {
    test.setTimeout(300_000);
    server = await MlflowServer.start();
    before = await dispatch<RemoteInfo>(web, 'remote.get');
    modelsBefore = new Set((await dispatch<ModelInfo[]>(web, 'models.list')).map((m) => m.id));
    await dispatch(web, 'remote.set', { mlflowUrl: server.url });
    const files = [1, 2].map((v) => {
      const out = path.join(web.dir, `pull-${tag}-v${v}.onnx`);
      onnxWithRunId(TINY_MODEL, out, `run-e2epull${v}${tag}`);
      return out;
    });
    await server.api('POST', 'api/2.0/mlflow/registered-models/create', { name });
    runs = [await putVersion(server, name, files[0]!), await putVersion(server, name, files[1]!)];
    await server.api('POST', 'api/2.0/mlflow/registered-models/alias', { name, alias: 'champion', version: '1' });
  });

  test.afterAll(async ({ web }) => {
    for (const m of await dispatch<ModelInfo[]>(web, 'models.list')) {
      if (!modelsBefore.has(m.id)) await dispatch(web, 'models.remove', { modelId: m.id });
    }
    await dispatch(web, 'remote.set', { mlflowUrl: before.mlflowUrl, dvcRemote: before.dvcRemote, experiment: before.experiment });
    await server?.dispose();
  });

  test('pull by alias, see the lineage, move the alias on the server, pull again and see that it moved', async ({ page, web }) => {
    await openApp(page, web);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Models', exact: true }).click();

    await pull(page, `${name}@champion`);
    const result = page.getByTestId('model-pull-result');
    await expect(result).toContainText(`${name}@champion: pulled version 1 as model-`);
    await expect(result).toContainText('checked: size, metadata and graph');
    const first = (await dispatch<ModelInfo[]>(web, 'models.list')).find((m) => m.runId === `run-e2epull1${tag}`);
    expect(first, 'the pulled version 1 is in the registry').toBeDefined();
    await expect(card(page, first!.id).getByTestId('model-remote')).toContainText(`From ${server.url}: ${name} version 1 @champion (MLflow run ${runs[0]!.runId})`);

    // Again, with the alias where it was: nothing is downloaded.
    await pull(page, `${name}@champion`);
    await expect(result).toContainText(`version 1 is already here as ${first!.id}; the alias has not moved, nothing to do`);

    await server.api('POST', 'api/2.0/mlflow/registered-models/alias', { name, alias: 'champion', version: '2' });
    await pull(page, `${name}@champion`);
    await expect(result).toContainText('pulled version 2');
    await expect(result).toContainText('(the alias moved from version 1 to 2)');
    const second = (await dispatch<ModelInfo[]>(web, 'models.list')).find((m) => m.runId === `run-e2epull2${tag}`);
    expect(second, 'the pulled version 2 is in the registry').toBeDefined();
    await expect(card(page, second!.id).getByTestId('model-remote')).toContainText(`${name} version 2 @champion`);
    await expect(card(page, second!.id).getByTestId('model-alias-moved')).toHaveText('@champion moved here from version 1');
    await expect(card(page, first!.id).getByTestId('model-alias-moved')).toHaveText('@champion moved away to version 2');
  });

  test('an unknown alias is refused with what the server has', async ({ page, web, consoleErrors }) => {
    await openApp(page, web);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Models', exact: true }).click();
    await pull(page, `${name}@nosuch`);
    await expect(page.getByRole('alert')).toContainText(`model '${name}' on ${server.url} has no alias 'nosuch' (its aliases: champion → 2)`);
    // The refusal is the web host's 422 answer, which Chromium logs; that one is expected, nothing else is.
    expect(consoleErrors).toEqual([expect.stringContaining('status of 422')]);
    consoleErrors.length = 0;
  });
});
