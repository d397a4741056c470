/**
 * The pictures of docs/USER_GUIDE.md (and the README's catalog and signal view), taken at 1366×768 in the light
 * theme by walking through the app the way the guide tells a new user to: import a folder, browse the
 * catalog, auto-label with a preview, review proposals in the signal view, the key map, a label sheet, the
 * Training, Models and Sync sections and the doctor in Settings. Each step also checks what the guide says
 * about it, so a picture is only taken of a screen that works. guideShot (screenshots.ts) writes
 * docs/screenshots/; the folder names are the same every run so a picture changes only when the screen does.
 */
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import { createBackend } from '../../src/main/backend/createBackend';
import { startHttpHost } from '../../src/main/host/httpHost';
import { RENDERER_DIR, expect, openApp, stopWebHost, test, type WebHostFixture } from './fixtures';
import { GUIDE_VIEWPORT, guideShot } from './screenshots';

/** A line's export folder and the workstation's data folder; fixed, because screens show their paths. */
const GUIDE_DIR = path.join(os.tmpdir(), 'udw-guide');
const LINE = path.join(GUIDE_DIR, 'line-7');
const DATA = path.join(GUIDE_DIR, 'data');
const ROOT = path.resolve(RENDERER_DIR, '..', '..');
const FILES = 8;

let web: WebHostFixture;
let rows: FileRow[];

async function dispatch<T>(channel: string, payload: unknown): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

const section = (page: Page, title: string) => page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: title, exact: true }).click();

async function openFile(page: Page, row: FileRow): Promise<void> {
  await section(page, 'Catalog');
  await page.getByRole('searchbox', { name: 'Search files' }).fill(row.name);
  await page.locator(`[role="row"][data-file-id="${row.id}"]`).dblclick();
  await expect(page.getByTestId('signal-plot')).toHaveAttribute('data-plotted', String(row.id), { timeout: 30_000 });
  // Labels and proposals are in the table, and the neighbouring holes drawn, before the picture.
  await expect(page.getByRole('table', { name: 'Labels' }).locator('tbody tr').first()).toBeVisible();
  const strip = page.getByTestId('neighbour-strip');
  await expect(strip.locator('svg.neighbour-thumb').first()).toBeVisible();
  await expect(strip.locator('svg.neighbour-thumb:not(:has(polyline))')).toHaveCount(0);
}

test.use({ viewport: GUIDE_VIEWPORT, colorScheme: 'light' });
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  fs.rmSync(GUIDE_DIR, { recursive: true, force: true });
  fs.mkdirSync(LINE, { recursive: true });
  // A program with sensing triggers (stop-code proposals) for most files, and one anomalous cycle.
  for (let i = 0; i < FILES; i++) {
    const g = generateSetitec({ seed: 9100 + i, version: 9, family: 'mdbmql', rows: 900, globalCounter: 2400 + i, anomaly: i === FILES - 1 });
    fs.writeFileSync(path.join(LINE, g.expected.fileName), encodeLatin1(g.text));
  }
  const backend = createBackend({ host: 'web', catalogPath: path.join(DATA, 'catalog.sqlite'), projectRoot: ROOT });
  web = { backend, host: await startHttpHost({ backend, staticDir: RENDERER_DIR }), dir: GUIDE_DIR };
  await web.backend.dispatch('settings.update', { annotator: 'A. Expert' });
});

test.afterAll(async () => {
  // Removes GUIDE_DIR (the fixture's folder) with the catalog in it.
  await stopWebHost(web);
});

test('import a folder and browse the catalog', async ({ page }, testInfo) => {
  await openApp(page, web);
  await page.getByRole('textbox', { name: 'Folder to import' }).fill(LINE);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('import-summary')).toContainText(`Imported ${FILES} of ${FILES} files`, { timeout: 60_000 });
  await expect(page.getByTestId('catalog-counts')).toContainText(`${FILES} shown of ${FILES} · ${FILES} unlabelled`);
  rows = (await dispatch<FileRow[]>('catalog.listFiles', {})).sort((a, b) => a.name.localeCompare(b.name));
  expect(rows).toHaveLength(FILES);
  // The summary line says how long the import took: the picture is of the catalog, not of that figure.
  await page.reload();
  await section(page, 'Catalog');
  await expect(page.getByTestId('catalog-counts')).toContainText(`${FILES} shown`);
  await guideShot(page, testInfo, 'catalog');
});

test('auto-label the folder: a preview first, nothing stored before commit', async ({ page }, testInfo) => {
  await openApp(page, web);
  await page.getByRole('button', { name: 'Auto-label…' }).click();
  const panel = page.getByRole('region', { name: 'Auto-label' });
  await panel.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(panel.getByTestId('autolabel-headline')).toContainText(`of ${FILES} files`, { timeout: 60_000 });
  await expect(panel.getByTestId('autolabel-headline')).toContainText('Nothing is stored until you commit');
  await guideShot(page, testInfo, 'autolabel-preview');
  expect((await dispatch<unknown[]>('labels.list', { fileId: rows[0]!.id })).length).toBe(0);
  await panel.getByRole('button', { name: 'Commit' }).click();
  await expect(panel.getByTestId('autolabel-result')).toBeVisible();
});

test('review proposals in the signal view, and the key map', async ({ page }, testInfo) => {
  await openApp(page, web);
  await openFile(page, rows[0]!);
  const table = page.getByRole('table', { name: 'Labels' });
  await expect(table.locator('tbody tr[data-state="proposed"]').first()).toBeVisible();
  await page.keyboard.press('Alt+]');
  const selected = table.locator('tbody tr[aria-selected="true"][data-state="proposed"]');
  await expect(selected).toHaveCount(1);
  const id = await selected.getAttribute('data-label-id');
  await guideShot(page, testInfo, 'proposals');
  // Enter accepts it: a human label from now on, undoable.
  await page.keyboard.press('Enter');
  await expect(table.locator(`tbody tr[data-label-id="${id}"]`)).toHaveAttribute('data-state', 'confirmed');
  await expect(page.getByRole('status', { name: 'Save state' })).toHaveText('Saved');
  await guideShot(page, testInfo, 'signal-view');
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await guideShot(page, testInfo, 'keys-help');
  await page.keyboard.press('Escape');
});

test('a label sheet is previewed before it is applied', async ({ page }, testInfo) => {
  await openApp(page, web);
  await page.getByTestId('sheets-open').click();
  const panel = page.getByRole('region', { name: 'Label sheets' });
  const sheet = ['name,stack_thickness', `${rows[1]!.name},8.4`, `${rows[2]!.name},7.25`, 'not-in-the-catalog.xls,9', ''].join('\r\n');
  await panel.getByTestId('sheet-file-input').setInputFiles({ name: 'thickness.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet, 'utf8') });
  await expect(panel.getByTestId('sheet-preview')).toContainText('nothing is changed until you apply');
  await expect(panel.getByTestId('sheet-count-matched')).toHaveText('2');
  await expect(panel.getByTestId('sheet-count-unmatched')).toHaveText('1');
  await guideShot(page, testInfo, 'label-sheets');
});

test('training, models and sync', async ({ page }, testInfo) => {
  await openApp(page, web);
  await section(page, 'Training');
  await expect(page.getByRole('heading', { level: 1, name: 'Training' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'New dataset snapshot' })).toBeVisible();
  await guideShot(page, testInfo, 'training');
  await section(page, 'Models');
  await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
  await expect(page.getByText('No models in this catalog yet')).toBeVisible();
  await guideShot(page, testInfo, 'models');
  await section(page, 'Sync');
  await expect(page.getByRole('heading', { level: 1, name: 'Sync' })).toBeVisible();
  await guideShot(page, testInfo, 'sync');
});

test("the doctor's findings in Settings", async ({ page }, testInfo) => {
  await openApp(page, web);
  await section(page, 'Settings');
  const report = page.getByRole('table', { name: 'Doctor report' });
  // The quick check of every start is there at once; Check installation runs the whole doctor (it imports torch).
  await expect(report.getByRole('row').filter({ hasText: 'python' }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Check installation' }).click();
  await expect(report.getByRole('row').filter({ hasText: 'sqlite' })).toContainText('ok', { timeout: 90_000 });
  for (const component of ['node', 'onnxruntime', 'python', 'torch', 'training']) await expect(report).toContainText(component);
  await page.getByRole('heading', { level: 2, name: 'Doctor' }).scrollIntoViewIfNeeded();
  await guideShot(page, testInfo, 'doctor');
});
