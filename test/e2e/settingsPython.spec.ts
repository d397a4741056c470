// The Settings page's Python interpreter in real Chromium: never a text field for a path; in the browser host
// only shown (the command line sets it), on a host with a file dialog chosen among candidates or by "Choose…".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../../src/main/backend/createBackend';
import { startHttpHost } from '../../src/main/host/httpHost';
import { writeFakePython } from '../helpers/fakePython';
import { RENDERER_DIR, expect, openApp, test } from './fixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('in the browser host the interpreter is shown, not changeable, and no path can be typed', async ({ page, web }) => {
  await openApp(page, web);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const select = page.getByRole('combobox', { name: 'Python interpreter' });
  await expect(select).toBeDisabled();
  await expect(page.getByRole('note')).toContainText('udw web --python PATH');
  await expect(page.getByRole('button', { name: 'Choose…' })).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: /python/i })).toHaveCount(0);
});

test.describe(() => {
  test.skip(process.platform === 'win32', 'the stand-in interpreters are POSIX shell scripts');

  test('with a file dialog the user picks a found interpreter or chooses one, and the doctor runs it', async ({ page }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-python-'));
    const found = writeFakePython(path.join(dir, 'bin'), '3.71.0');
    const picked = writeFakePython(path.join(dir, 'picked'), '3.72.0');
    // Stands in for Electron's dialog, the one capability this host cannot have here; the back end is real.
    const backend = createBackend({
      host: 'electron',
      catalogPath: path.join(dir, 'data', 'catalog.sqlite'),
      projectRoot: ROOT,
      python: { chooseFile: () => Promise.resolve(picked), env: { PATH: path.dirname(found) } },
    });
    const host = await startHttpHost({ backend, staticDir: RENDERER_DIR });
    try {
      await openApp(page, { backend, host, dir });
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const select = page.getByRole('combobox', { name: 'Python interpreter' });
      await expect(select).toBeEnabled();
      await select.selectOption({ label: `${found} (Python 3.71.0, PATH)` });
      await expect.poll(() => backend.context.settings.python()).toEqual({ path: found, origin: 'discovered' });

      await page.getByRole('button', { name: 'Choose…' }).click();
      await expect(page.getByText(`Using ${picked} (Python 3.72.0).`)).toBeVisible();
      expect(backend.context.settings.python()).toEqual({ path: picked, origin: 'dialog' });
      await expect(select.locator('option:checked')).toHaveText(`${picked} (Python 3.72.0, settings)`);

      await page.getByRole('button', { name: 'Check installation' }).click();
      await expect(page.getByRole('table', { name: 'Doctor report' })).toContainText('3.72.0', { timeout: 60_000 });
    } finally {
      await host.close();
      await backend.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
