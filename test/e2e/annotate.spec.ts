/**
 * The annotation workspace end to end, against the real back end and the real renderer build in Chromium:
 * catalog → filter → open → place entry/transition/exit with hotkeys → nudge → drag → undo/redo →
 * attribute + verdict → next unlabelled → reload → everything is still there (UI and back end).
 *
 * Runs on real corpus files (../shared/setitec, skipped with a message when absent) and on generated
 * synthetic files (always). Screenshots of the catalog and the signal view are attached to the report and
 * written to test-results/screenshots/.
 */
import type { Page, TestInfo } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import type { Label } from '../../src/shared/api/labels.contract';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import { expect, openApp, test, type WebHostFixture } from './fixtures';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = process.env.UDW_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'setitec');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

async function dispatch<T>(web: WebHostFixture, channel: string, payload: unknown): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, `${name}.png`), body);
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

interface PlotBox {
  left: number;
  width: number;
  top: number;
  height: number;
  range: [number, number];
}

async function plotBox(page: Page): Promise<PlotBox> {
  return page.evaluate(() => {
    const gd = document.querySelector('[data-testid="signal-plot"]') as HTMLElement & {
      _fullLayout: { xaxis: { _offset: number; _length: number; range: [number, number] }; _size: { t: number; h: number } };
    };
    const r = gd.getBoundingClientRect();
    const xa = gd._fullLayout.xaxis;
    return { left: r.left + xa._offset, width: xa._length, top: r.top + gd._fullLayout._size.t, height: gd._fullLayout._size.h, range: [xa.range[0], xa.range[1]] as [number, number] };
  });
}

const pxOf = (box: PlotBox, depth: number): number => box.left + ((depth - box.range[0]) / (box.range[1] - box.range[0])) * box.width;

async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByRole('status', { name: 'Save state' })).toHaveText('Saved');
}

async function waitPlotted(page: Page, fileId: number): Promise<void> {
  await expect(page.getByTestId('signal-plot')).toHaveAttribute('data-plotted', String(fileId), { timeout: 30_000 });
}

async function openFileId(page: Page): Promise<number> {
  return Number(await page.getByTestId('signal-plot').getAttribute('data-file-id'));
}

/** The folder's button in the tree: its last segment, possibly compacted with empty parents ('a/b'). */
const folderName = (folder: string): RegExp => new RegExp(`(^|/)${path.basename(folder).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const byClass = (labels: Label[], classId: string): Label | undefined => labels.find((l) => l.classId === classId);

/** The whole flow on the files of `folder` (already imported). */
async function annotateFlow(page: Page, web: WebHostFixture, testInfo: TestInfo, folder: string, tag: string): Promise<void> {
  const files = await dispatch<FileRow[]>(web, 'catalog.listFiles', {});
  const inFolder = files.filter((f) => f.folder === folder);
  expect(inFolder.length).toBeGreaterThanOrEqual(2);

  await openApp(page, web);
  // --- catalog: filter to the folder through the tree
  await expect(page.getByRole('main', { name: 'Catalog' })).toBeVisible();
  const tree = page.getByRole('navigation', { name: 'Folders' });
  const folderButton = tree.getByRole('button', { name: folderName(folder) });
  await folderButton.click();
  await expect(page.getByTestId('catalog-counts')).toContainText(`${inFolder.length} shown of ${files.length}`);
  const rows = page.getByRole('grid', { name: 'Files' }).getByRole('row').filter({ has: page.getByRole('gridcell') });
  await expect(rows.first()).toBeVisible();
  await screenshot(page, testInfo, `${tag}-catalog`);

  // --- open the first row with the keyboard
  await page.getByLabel('File rows (arrow keys move, Enter opens)').focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
  const firstId = Number(await rows.first().getAttribute('data-file-id'));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main', { name: 'Annotate' })).toBeVisible();
  await waitPlotted(page, firstId);
  const fileId = await openFileId(page);
  expect(fileId).toBe(firstId);
  await expect(page.getByTestId('open-file-name')).toHaveText(inFolder.find((f) => f.id === fileId)!.name);

  // --- place entry / transition / exit with their hotkeys at the mouse pointer
  let box = await plotBox(page);
  const yMid = box.top + box.height * 0.4;
  for (const [frac, key] of [
    [0.25, 'e'],
    [0.5, 't'],
    [0.75, 'x'],
  ] as const) {
    await page.mouse.move(box.left + box.width * frac, yMid);
    await expect(page.getByTestId('cursor-depth')).not.toHaveText('cursor –');
    await page.keyboard.press(key);
  }
  await waitSaved(page);
  let stored = await dispatch<Label[]>(web, 'labels.list', { fileId });
  expect(stored.map((l) => l.classId).sort()).toEqual(['cfrp_ti_transition', 'entry', 'exit']);
  const entry0 = byClass(stored, 'entry')!.depth!;
  const exit0 = byClass(stored, 'exit')!.depth!;
  expect(entry0).toBeLessThan(byClass(stored, 'cfrp_ti_transition')!.depth!);
  expect(byClass(stored, 'cfrp_ti_transition')!.depth!).toBeLessThan(exit0);
  await expect(page.getByRole('table', { name: 'Labels' }).locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('readout-grip')).not.toHaveText('–');

  // --- nudge the selected label (exit, the last placed): ] ] } = +0.12 mm
  await page.keyboard.press(']');
  await page.keyboard.press(']');
  await page.keyboard.press('}');
  await waitSaved(page);
  stored = await dispatch<Label[]>(web, 'labels.list', { fileId });
  expect(byClass(stored, 'exit')!.depth).toBeCloseTo(exit0 + 0.12, 6);
  await expect(page.getByLabel('Exit depth')).toHaveValue(String(byClass(stored, 'exit')!.depth));

  // --- drag the entry line: one edit, on release
  const entryId = byClass(stored, 'entry')!.id;
  const eventsBefore = (await dispatch<{ labelId: string }[]>(web, 'labels.history', { fileId })).length;
  box = await plotBox(page);
  const startX = pxOf(box, entry0);
  await page.mouse.move(startX, yMid);
  await page.mouse.down();
  for (let k = 1; k <= 8; k++) await page.mouse.move(startX + k * 5, yMid);
  await page.mouse.up();
  await waitSaved(page);
  const history = await dispatch<{ labelId: string; op: string }[]>(web, 'labels.history', { fileId });
  expect(history.slice(eventsBefore)).toEqual([expect.objectContaining({ labelId: entryId, op: 'update' })]);
  stored = await dispatch<Label[]>(web, 'labels.list', { fileId });
  const entry1 = byClass(stored, 'entry')!.depth!;
  expect(entry1).toBeGreaterThan(entry0);
  // The x range was not zoomed by the drag.
  expect((await plotBox(page)).range).toEqual(box.range);

  // --- undo and redo (durable: through labels.apply)
  await page.keyboard.press('Control+z');
  await waitSaved(page);
  expect(byClass(await dispatch<Label[]>(web, 'labels.list', { fileId }), 'entry')!.depth).toBe(entry0);
  await page.keyboard.press('Control+Shift+Z');
  await waitSaved(page);
  expect(byClass(await dispatch<Label[]>(web, 'labels.list', { fileId }), 'entry')!.depth).toBe(entry1);
  await expect(page.getByLabel('Entry depth')).toHaveValue(String(entry1));

  // --- type an exact depth in the table
  const typed = Math.round((entry1 + 0.05) * 1000) / 1000;
  await page.getByLabel('Entry depth').fill(String(typed));
  await page.getByLabel('Entry depth').press('Enter');
  await waitSaved(page);
  expect(byClass(await dispatch<Label[]>(web, 'labels.list', { fileId }), 'entry')!.depth).toBe(typed);

  // --- ranges: drawn with the mouse (class armed in the palette) and with the keyboard (key at start and end)
  box = await plotBox(page);
  await page.getByRole('toolbar', { name: 'Label classes' }).getByRole('button', { name: /CFRP\s*2/ }).click();
  await page.mouse.move(box.left + box.width * 0.3, yMid);
  await page.mouse.down();
  for (let k = 1; k <= 6; k++) await page.mouse.move(box.left + box.width * (0.3 + k * 0.025), yMid);
  await page.mouse.up();
  await waitSaved(page);
  let cfrp = byClass(await dispatch<Label[]>(web, 'labels.list', { fileId }), 'cfrp');
  expect(cfrp!.depthEnd! - cfrp!.depth!).toBeGreaterThan(0);
  expect((await plotBox(page)).range).toEqual(box.range); // drawing did not zoom
  await page.keyboard.press('Delete'); // the new range is selected
  await waitSaved(page);
  await page.mouse.move(box.left + box.width * 0.6, yMid);
  await page.keyboard.press('3');
  await expect(page.getByRole('note')).toContainText('press 3 again');
  await page.mouse.move(box.left + box.width * 0.7, yMid);
  await page.keyboard.press('3');
  await waitSaved(page);
  stored = await dispatch<Label[]>(web, 'labels.list', { fileId });
  cfrp = byClass(stored, 'cfrp');
  expect(cfrp).toBeUndefined();
  const ti = byClass(stored, 'ti')!;
  expect(ti.depth!).toBeLessThan(ti.depthEnd!);
  await page.getByRole('button', { name: 'Delete Ti' }).click();
  await waitSaved(page);
  expect(byClass(await dispatch<Label[]>(web, 'labels.list', { fileId }), 'ti')).toBeUndefined();

  // --- attributes and review
  await page.getByLabel('Stack thickness (measured)').fill('6.35');
  await page.getByLabel('Stack thickness (measured)').press('Enter');
  await page.getByLabel('Predrilled').selectOption('yes');
  await page.getByRole('group', { name: 'Verdict' }).getByRole('button', { name: 'good', exact: true }).click();
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'labelled', exact: true }).click();
  await waitSaved(page);
  stored = await dispatch<Label[]>(web, 'labels.list', { fileId });
  expect(byClass(stored, 'stack_thickness')!.value).toBe(6.35);
  expect(byClass(stored, 'predrilled')!.value).toBe(true);
  expect(await dispatch(web, 'files.getReview', { fileId })).toMatchObject({ status: 'labelled', verdict: 'good' });
  await screenshot(page, testInfo, `${tag}-signal-view`);

  // --- help overlay
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Next unlabelled file');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);

  // --- next unlabelled file
  await page.mouse.move(box.left + 5, box.top - 60); // off the plot
  await page.keyboard.press('Shift+N');
  await expect.poll(() => openFileId(page)).not.toBe(fileId);
  const nextId = await openFileId(page);
  const afterFiles = await dispatch<FileRow[]>(web, 'catalog.listFiles', {});
  expect(afterFiles.find((f) => f.id === nextId)!.status).toBe('unlabelled');
  await waitPlotted(page, nextId);

  // --- reload: the app comes back to the same file; the labelled one still holds everything
  await page.reload();
  await waitPlotted(page, nextId);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Catalog', exact: true }).click();
  await folderButton.click();
  const row = page.locator(`[role="row"][data-file-id="${fileId}"]`);
  await expect(row).toContainText('labelled');
  await expect(row).toContainText('good');
  await row.dblclick();
  await waitPlotted(page, fileId);
  await expect(page.getByRole('table', { name: 'Labels' }).locator('tbody tr')).toHaveCount(3);
  await expect(page.getByLabel('Entry depth')).toHaveValue(String(typed));
  await expect(page.getByLabel('Exit depth')).toHaveValue(String(byClass(stored, 'exit')!.depth));
  await expect(page.getByLabel('Stack thickness (measured)')).toHaveValue('6.35');
  await expect(page.getByLabel('Predrilled')).toHaveValue('yes');
  await expect(page.getByRole('group', { name: 'Verdict' })).toHaveAttribute('data-value', 'good');
  await expect(page.getByRole('group', { name: 'Status' })).toHaveAttribute('data-value', 'labelled');
  stored = await dispatch<Label[]>(web, 'labels.list', { fileId });
  expect(stored.map((l) => l.classId).sort()).toEqual(['cfrp_ti_transition', 'entry', 'exit', 'predrilled', 'stack_thickness']);

  // --- leaving for the catalog and coming back to the same file redraws it
  const sections = page.getByRole('navigation', { name: 'Sections' });
  await sections.getByRole('button', { name: 'Catalog', exact: true }).click();
  await sections.getByRole('button', { name: 'Annotate', exact: true }).click();
  await waitPlotted(page, fileId);
  await expect(page.getByRole('table', { name: 'Labels' }).locator('tbody tr')).toHaveCount(3);
}

test.describe('annotation workspace', () => {
  test('real corpus files: label, undo, review, next, reload', async ({ page, web, consoleErrors }, testInfo) => {
    const folder = path.join(CORPUS, 'TUHH', '009_V9');
    test.skip(!fs.existsSync(folder), `the shared corpus is not at ${CORPUS} (set UDW_CORPUS); the synthetic variant covers the flow`);
    const summary = await dispatch<{ failed: number }>(web, 'catalog.import', { dirs: [path.join(CORPUS, 'misc'), folder] });
    expect(summary.failed).toBe(0);
    await annotateFlow(page, web, testInfo, folder, 'corpus');
    expect(consoleErrors).toEqual([]);
  });

  test('generated synthetic files: label, undo, review, next, reload', async ({ page, web, consoleErrors }, testInfo) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-synth-'));
    const folder = path.join(dir, 'synthetic');
    fs.mkdirSync(folder);
    try {
      for (let i = 0; i < 4; i++) {
        const g = generateSetitec({ seed: 4242 + i, version: ([9, 11, 4, 7] as const)[i]! });
        fs.writeFileSync(path.join(folder, `synthetic_${i + 1}.xls`), encodeLatin1(g.text));
      }
      const summary = await dispatch<{ imported: number }>(web, 'catalog.import', { dirs: [folder] });
      expect(summary.imported).toBe(4);
      await annotateFlow(page, web, testInfo, folder, 'synthetic');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(consoleErrors).toEqual([]);
  });

  test('a key remapped in Settings drives the annotation view', async ({ page, web, consoleErrors }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-keys-'));
    try {
      for (let i = 0; i < 2; i++) fs.writeFileSync(path.join(dir, `key_${i}.xls`), encodeLatin1(generateSetitec({ seed: 700 + i, version: 11 }).text));
      await dispatch(web, 'catalog.import', { dirs: [dir] });
      await openApp(page, web);
      const sections = page.getByRole('navigation', { name: 'Sections' });
      await sections.getByRole('button', { name: 'Settings', exact: true }).click();
      await page.getByRole('button', { name: 'Change key of Next file', exact: true }).click();
      await page.keyboard.press('p'); // taken by "Previous file": refused
      await expect(page.locator('.keymap-message')).toContainText('Previous file');
      await page.getByRole('button', { name: 'Change key of Next file', exact: true }).click();
      await page.keyboard.press('q');
      await page.getByRole('button', { name: 'Save keyboard map' }).click();
      await expect(page.locator('.keymap-message')).toHaveText('Keyboard map saved.');
      expect((await dispatch<{ keymap: Record<string, string> }>(web, 'settings.get', {})).keymap).toMatchObject({ nextFile: 'q' });

      await sections.getByRole('button', { name: 'Catalog', exact: true }).click();
      await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: folderName(dir) }).click();
      const rows = page.locator('[role="row"][data-file-id]');
      await expect(rows).toHaveCount(2);
      const [first, second] = [Number(await rows.nth(0).getAttribute('data-file-id')), Number(await rows.nth(1).getAttribute('data-file-id'))];
      await rows.nth(0).dblclick();
      await waitPlotted(page, first);
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('q');
      await page.keyboard.press('Escape');
      await page.keyboard.press('n'); // no longer bound
      await page.waitForTimeout(300);
      expect(await openFileId(page)).toBe(first);
      await page.keyboard.press('q');
      await waitPlotted(page, second);
    } finally {
      await dispatch(web, 'settings.update', { keymap: {} });
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(consoleErrors).toEqual([]);
  });

  test('import form with progress, and the catalog table sorts', async ({ page, web, consoleErrors }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-import-'));
    try {
      for (let i = 0; i < 6; i++) fs.writeFileSync(path.join(dir, `imp_${i}.xls`), encodeLatin1(generateSetitec({ seed: 900 + i, version: 9 }).text));
      await openApp(page, web);
      await page.getByLabel('Folder to import').fill(dir);
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(page.getByTestId('import-summary')).toContainText('Imported 6 of 6 files');
      await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: folderName(dir) }).click();
      await expect(page.getByTestId('catalog-counts')).toContainText('6 shown');
      const names = page.locator('[role="row"][data-file-id] [role="gridcell"]:nth-child(2)');
      await page.getByRole('columnheader', { name: /Name/ }).getByRole('button').click();
      await expect(names.first()).toHaveText('imp_0.xls');
      await page.getByRole('columnheader', { name: /Name/ }).getByRole('button').click();
      await expect(names.first()).toHaveText('imp_5.xls');
      await page.getByLabel('Search files').fill('imp_3');
      await expect(page.getByTestId('catalog-counts')).toContainText('1 shown');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(consoleErrors).toEqual([]);
  });
});
