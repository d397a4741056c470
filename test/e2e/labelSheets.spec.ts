/**
 * Label sheets from the catalog page (issue 10), against the real back end and the real renderer build in
 * Chromium: import a CSV of measured stack thickness naming two catalog files and one unknown file → the
 * preview shows 2 matched, 1 unmatched and nothing is changed → apply → the result; export the files the
 * filter shows as CSV and read the downloaded file; open one of the files and see its attribute.
 *
 * The worker's catalog is shared with other specs, so this one imports its own generated files under names
 * no other spec uses and narrows the table to them with the search box.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import type { Label } from '../../src/shared/api/labels.contract';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import { expect, openApp, test, type WebHostFixture } from './fixtures';

async function dispatch<T>(web: WebHostFixture, channel: string, payload: unknown): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

const thickness = async (web: WebHostFixture, fileId: number): Promise<unknown> =>
  (await dispatch<Label[]>(web, 'labels.list', { fileId })).find((l) => l.classId === 'stack_thickness' && l.state === 'confirmed')?.value ?? null;

/** A CSV as a spreadsheet writes one: header row, CRLF line ends. */
const csv = (rows: string[][]): string => `${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;

/** The cells of a CSV line without quotes (the exported values here need none). */
const cells = (line: string): string[] => line.split(',').map((c) => c.replace(/^"|"$/g, ''));

test.describe('label sheets', () => {
  test('import a thickness sheet with a preview, apply it, export the filtered files as CSV, see the attribute', async ({ page, web, consoleErrors }) => {
    const token = `sheete2e${process.pid}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-sheets-'));
    const names = [`${token}-1.xls`, `${token}-2.xls`];
    try {
      // A third file the sheet does not name and the search leaves out, so that the filter narrows the table
      // even when this spec runs alone.
      [...names, `unlisted-${process.pid}.xls`].forEach((name, i) =>
        fs.writeFileSync(path.join(dir, name), encodeLatin1(generateSetitec({ seed: 7300 + i, version: 9, family: 'tuhh' }).text)),
      );
      expect((await dispatch<{ imported: number }>(web, 'catalog.import', { dirs: [dir] })).imported).toBe(3);
      const mine = (await dispatch<FileRow[]>(web, 'catalog.listFiles', {})).filter((f) => names.includes(f.name)).sort((a, b) => a.name.localeCompare(b.name));
      expect(mine.map((f) => f.name)).toEqual(names);
      const [first, second] = mine as [FileRow, FileRow];

      // --- import: pick the sheet, look at the preview
      await openApp(page, web);
      await page.getByTestId('sheets-open').click();
      const panel = page.getByRole('region', { name: 'Label sheets' });
      const sheet = csv([
        ['name', 'stack_thickness'],
        [names[0]!, '8.4'],
        [names[1]!, '7.25'],
        ['not-in-the-catalog.xls', '9'],
      ]);
      await panel.getByTestId('sheet-file-input').setInputFiles({ name: 'thickness.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet, 'utf8') });
      const preview = panel.getByTestId('sheet-preview');
      await expect(preview).toBeVisible();
      await expect(preview).toContainText('nothing is changed until you apply');
      await expect(panel.getByTestId('sheet-count-matched')).toHaveText('2');
      await expect(panel.getByTestId('sheet-count-unmatched')).toHaveText('1');
      await expect(panel.getByTestId('sheet-count-ambiguous')).toHaveText('0');
      await expect(panel.getByTestId('sheet-count-changes')).toHaveText('2');
      const problem = panel.getByTestId('sheet-problems').locator('tbody tr');
      await expect(problem).toHaveCount(1);
      await expect(problem.locator('td').nth(0)).toHaveText('4');
      await expect(problem.locator('td').nth(1)).toHaveText("name 'not-in-the-catalog.xls'");
      await expect(problem.locator('td').nth(2)).toHaveText('no file of the catalog has this name');
      // Nothing is changed before apply.
      expect(await thickness(web, first.id)).toBeNull();
      expect(await thickness(web, second.id)).toBeNull();

      // --- apply exactly what the preview showed
      const apply = panel.getByTestId('sheet-apply');
      await expect(apply).toHaveText('Apply 2 changes');
      await apply.click();
      await expect(panel.getByTestId('sheet-result')).toHaveText('Applied 2 changes to 2 files; 1 row not applied (unmatched, ambiguous or duplicate).');
      await expect(preview).toBeHidden();
      expect(await thickness(web, first.id)).toBe(8.4);
      expect(await thickness(web, second.id)).toBe(7.25);

      // --- export the files the filter shows as CSV, and read what was downloaded
      await page.getByRole('searchbox', { name: 'Search files' }).fill(token);
      await expect(page.getByTestId('catalog-counts')).toContainText('2 shown of');
      await panel.getByRole('radio', { name: 'Files shown by the filter (2 files)' }).check();
      await panel.getByTestId('sheet-export-format').selectOption('csv');
      const downloaded = page.waitForEvent('download');
      await panel.getByTestId('sheet-export').click();
      const download = await downloaded;
      expect(download.suggestedFilename()).toMatch(/^udw-labels-\d{8}-\d{6}\.csv$/);
      const text = fs.readFileSync(await download.path(), 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const lines = text.slice(1).trim().split(/\r?\n/);
      expect(lines).toHaveLength(3);
      const header = cells(lines[0]!);
      const col = (line: string, name: string): string | undefined => cells(line)[header.indexOf(name)];
      expect(header).toEqual(expect.arrayContaining(['path', 'name', 'stack_thickness']));
      expect(lines.slice(1).map((l) => [col(l, 'name'), col(l, 'stack_thickness')])).toEqual([
        [names[0], '8.4'],
        [names[1], '7.25'],
      ]);
      await expect(panel.getByTestId('sheet-exported')).toContainText(`${download.suggestedFilename()}: 2 files, 2 labels.`);

      // --- open the first file: its stack thickness is the sheet's
      await panel.getByRole('button', { name: 'Close' }).click();
      await expect(panel).toBeHidden();
      await page.locator(`[role="row"][data-file-id="${first.id}"]`).dblclick();
      await expect(page.getByRole('form', { name: 'File attributes' }).locator('#attr-stack_thickness')).toHaveValue('8.4');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(consoleErrors).toEqual([]);
  });
});
