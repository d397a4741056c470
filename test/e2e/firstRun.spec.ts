// First run of the workstation with no usable Python: the banner above every section, its "Set up Python"
// with the set-up's output streamed into it, "Use an interpreter…" through the desktop's file dialog, and the
// doctor's findings in Settings. Real back end, real doctor, real interpreters; only Electron's dialog is
// stood in for (the one capability this host cannot have here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend, type BackendOptions } from '../../src/main/backend/createBackend';
import { startHttpHost } from '../../src/main/host/httpHost';
import { venvPython } from '../../src/main/python/locatePython';
import { RENDERER_DIR, expect, openApp, test, type WebHostFixture } from './fixtures';
import { GUIDE_VIEWPORT, guideShot } from './screenshots';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** An interpreter that can train: the project's .venv (scripts/bootstrap), else the one UDW_PYTHON names. */
const TRAINING_PYTHON = fs.existsSync(venvPython(ROOT)) ? venvPython(ROOT) : (process.env.UDW_PYTHON ?? null);

/** A back end whose configured interpreter (UDW_PYTHON) does not exist: a fresh laptop, as far as Python goes. */
async function withoutPython(host: BackendOptions['host'], extra: BackendOptions['python'], body: (web: WebHostFixture & { missing: string }) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-first-run-'));
  // The same path every run, so the guide's picture changes only when the screen does.
  const missing = path.resolve('/', 'no-such-python', 'bin', 'python3');
  fs.mkdirSync(path.join(dir, 'empty-bin'));
  const backend = createBackend({
    host,
    catalogPath: path.join(dir, 'data', 'catalog.sqlite'),
    projectRoot: ROOT,
    python: { ...extra, env: { UDW_PYTHON: missing, PATH: path.join(dir, 'empty-bin') } },
  });
  const hostServer = await startHttpHost({ backend, staticDir: RENDERER_DIR });
  try {
    await body({ backend, host: hostServer, dir, missing });
  } finally {
    await hostServer.close();
    await backend.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test.use({ viewport: GUIDE_VIEWPORT, colorScheme: 'light' });

test.describe(() => {
  test.skip(!TRAINING_PYTHON, 'no Python that can train here (.venv from scripts/bootstrap, or UDW_PYTHON)');

  test('with no Python the banner offers the set-up; once an interpreter is chosen it goes away', async ({ page }, testInfo) => {
    await withoutPython('electron', { chooseFile: () => Promise.resolve(TRAINING_PYTHON) }, async (web) => {
      await openApp(page, web);
      const banner = page.getByRole('region', { name: 'First run' });
      await expect(banner).toContainText('Python is not ready for training yet');
      await expect(banner).toContainText(web.missing);
      await expect(banner.getByRole('listitem').filter({ hasText: /^python:/ })).toContainText('What to do: Set up Python');
      await expect(banner.getByRole('button', { name: 'Set up Python' })).toBeEnabled();
      await guideShot(page, testInfo, 'first-run');

      // Another section keeps the banner: it is the app's, not a page's.
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Training', exact: true }).click();
      await expect(banner).toBeVisible();

      await banner.getByRole('button', { name: 'Use an interpreter…' }).click();
      // The quick check finds torch, onnx, onnxruntime, numpy and tqdm in the chosen interpreter.
      await expect(banner).toHaveCount(0, { timeout: 30_000 });
      expect(web.backend.context.settings.python()).toEqual({ path: TRAINING_PYTHON, origin: 'dialog' });

      // The whole doctor agrees, in Settings.
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Check installation' }).click();
      const report = page.getByRole('table', { name: 'Doctor report' });
      const row = (component: string) => report.getByRole('row').filter({ has: page.getByRole('cell', { name: component, exact: true }) });
      await expect(page.getByTestId('doctor-verdict')).toContainText('Everything the workstation needs is there', { timeout: 90_000 });
      await expect(row('torch')).toContainText('ok');
      await expect(row('training')).toContainText('ok');
    });
  });
});

test('"Set up Python" streams the set-up into the banner and says how it ended', async ({ page }) => {
  // No package index: pip fails in seconds instead of downloading torch; what matters is the stream.
  const before = process.env.PIP_NO_INDEX;
  process.env.PIP_NO_INDEX = '1';
  try {
    await withoutPython('memory', {}, async (web) => {
      await openApp(page, web);
      const banner = page.getByRole('region', { name: 'First run' });
      await banner.getByRole('button', { name: 'Set up Python' }).click();
      const log = banner.getByLabel('Python set-up output');
      // The set-up makes a venv with the system's Python, since the configured one does not start.
      await expect(log).toContainText('-m venv', { timeout: 60_000 });
      await expect(banner.getByRole('status')).toContainText(/failed|interpreter from now on|not made the interpreter/, { timeout: 120_000 });
      await expect(log).toContainText('pip install');
      await expect(banner.getByRole('button', { name: 'Set up Python' })).toBeEnabled();
    });
  } finally {
    if (before === undefined) delete process.env.PIP_NO_INDEX;
    else process.env.PIP_NO_INDEX = before;
  }
});

test('in the browser host the banner says which command line sets the interpreter', async ({ page }) => {
  await withoutPython('web', {}, async (web) => {
    await openApp(page, web);
    const banner = page.getByRole('region', { name: 'First run' });
    await expect(banner.getByRole('listitem').filter({ hasText: /^python:/ })).toContainText('udw web --python PATH');
    await banner.getByRole('button', { name: 'Use an interpreter…' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Doctor report' }).getByRole('row').filter({ hasText: 'python' }).first()).toContainText('missing');
    // "Later" puts it away for this session.
    await banner.getByRole('button', { name: 'Later' }).click();
    await expect(banner).toHaveCount(0);
  });
});
