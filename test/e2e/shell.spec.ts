import { SECTIONS, SECTION_TITLES } from '../../src/renderer/state/navStore';
import { expect, openApp, test } from './fixtures';

test('loads the real renderer and navigates every section without console errors', async ({ page, web, consoleErrors }) => {
  await openApp(page, web);
  for (const section of SECTIONS) {
    const title = SECTION_TITLES[section];
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: title, exact: true }).click();
    await expect(page.getByRole('main', { name: title })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  }
  expect(consoleErrors).toEqual([]);
});

test('settings round-trip through the back end and the doctor reports components', async ({ page, web }) => {
  await openApp(page, web);
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const annotator = page.getByLabel('Annotator name');
  await annotator.fill('Ada Expert');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  expect(web.backend.context.settings.get().annotator).toBe('Ada Expert');
  await page.reload();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByLabel('Annotator name')).toHaveValue('Ada Expert');
  await page.getByRole('button', { name: 'Check installation' }).click();
  const report = page.getByRole('table', { name: 'Doctor report' });
  await expect(report).toContainText('sqlite', { timeout: 60_000 });
  await expect(report).toContainText('node');
});

test('without the token the page explains what is missing and the API refuses', async ({ page, web, consoleErrors }) => {
  await page.goto(web.host.url);
  await expect(page.getByRole('alert')).toContainText('token');
  expect(consoleErrors).toEqual([]);
  const status = await page.evaluate(async () => (await fetch('/api/app.info', { method: 'POST', body: '{}' })).status);
  expect(status).toBe(403);
  // Chromium logs the refused request ("… 403 (Forbidden)"): that refusal is what this test wants.
  expect(consoleErrors).toEqual([expect.stringContaining('403')]);
  consoleErrors.length = 0;
});
