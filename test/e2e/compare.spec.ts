/**
 * Comparing a hole with its neighbours, end to end at 1366×768 and 1920×1080 against the real back end and
 * renderer: overlay the previous and next holes of the head and find their traces in plotly's own data,
 * cycle the focused reference with j/k, align by the entry label, add a file by name, open a neighbour from
 * the strip, and open the head's trend (the hole that breaks the series listed, a click on a point opens it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { COMPARE_HEAD, OUTLIER_COUNTER, compareHoles, overlayDrawn, overlayOpenMs, plotTraces, type CompareHoles } from './compareFixtures';

const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, `${name}.png`), body);
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

const folderName = (folder: string): RegExp => new RegExp(`(^|/)${path.basename(folder).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

async function waitPlotted(page: Page, fileId: number): Promise<void> {
  await expect(page.getByTestId('signal-plot')).toHaveAttribute('data-plotted', String(fileId), { timeout: 30_000 });
}

async function openFromCatalog(page: Page, holes: CompareHoles, fileId: number): Promise<void> {
  await page.getByRole('navigation', { name: 'Folders' }).getByRole('button', { name: folderName(holes.folder) }).click();
  await page.locator(`[role="row"][data-file-id="${fileId}"]`).dblclick();
  await waitPlotted(page, fileId);
}

/** The x of a shape of the signal plot's layout, by name. */
function shapeX(page: Page, name: string): Promise<number | null> {
  return page.evaluate((n) => {
    const gd = document.querySelector('[data-testid="signal-plot"]') as HTMLElement & { layout?: { shapes?: Array<{ name?: string; x0: number }> } };
    return gd.layout?.shapes?.find((s) => s.name === n)?.x0 ?? null;
  }, name);
}

for (const viewport of VIEWPORTS) {
  test.describe(`hole comparison at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('overlay the two neighbours, cycle the reference, align by entry, add a file by name, open a neighbour from the strip', async ({ page, web }, testInfo) => {
      const holes = await compareHoles(web);
      const [h0, h1, h2, h3, h4] = [holes.at(5000), holes.at(5001), holes.at(5002), holes.at(5003), holes.at(5004)];
      await openApp(page, web);
      await openFromCatalog(page, holes, h1.id);

      // The strip: the holes before and after by counter, the open one in the middle.
      const strip = page.getByTestId('neighbour-strip');
      await expect(strip.getByRole('button', { name: `Open hole #5000 (${h0.name})` })).toBeVisible();
      await expect(strip.getByRole('button', { name: `Open hole #5002 (${h2.name})` })).toBeVisible();
      await expect(strip.getByRole('button', { name: `Open hole #5003 (${h3.name})` })).toBeVisible();
      await expect(strip.locator('[aria-current="true"]')).toContainText('#5001');

      // o: the previous and next holes drawn into the plot, on both panels.
      await page.keyboard.press('o');
      await overlayDrawn(page, h1.id, [h0.id, h2.id]);
      const traces = await plotTraces(page);
      const own = traces.filter((t) => t.overlay === null && t.points > 0 && t.name !== 'Stop codes');
      for (const ref of [h0.id, h2.id]) {
        const drawn = traces.filter((t) => t.overlay === ref);
        expect(drawn.map((t) => t.panel)).toEqual(['i_torque', 'i_thrust']);
        for (const t of drawn) expect(t.points).toBeGreaterThan(50);
      }
      expect(own.length).toBeGreaterThanOrEqual(2);
      await expect(page.getByTestId('compare-reference')).toHaveText('1/2 prev #5000');
      expect(traces.filter((t) => t.focus).map((t) => t.overlay)).toEqual([h0.id, h0.id]);
      await screenshot(page, testInfo, `compare-overlay-${viewport.width}`);

      // j / k: the focused reference cycles (and wraps).
      await page.keyboard.press('j');
      await expect(page.getByTestId('compare-reference')).toHaveText('2/2 next #5002');
      await expect.poll(async () => (await plotTraces(page)).filter((t) => t.focus).map((t) => t.overlay)).toEqual([h2.id, h2.id]);
      await page.keyboard.press('j');
      await expect(page.getByTestId('compare-reference')).toHaveText('1/2 prev #5000');
      await page.keyboard.press('k');
      await expect(page.getByTestId('compare-reference')).toHaveText('2/2 next #5002');

      // Align by entry: each reference's entry line lands on this hole's entry; the list lets go of the keys.
      await expect.poll(() => shapeX(page, `overlay-label:${h2.id}:${h2.entryId}`)).toBeCloseTo(h2.entry, 6);
      await page.getByLabel('Align references by').selectOption('entry');
      await expect.poll(() => shapeX(page, `overlay-label:${h2.id}:${h2.entryId}`)).toBeCloseTo(h1.entry, 6);
      await expect.poll(() => shapeX(page, `overlay-label:${h0.id}:${h0.entryId}`)).toBeCloseTo(h1.entry, 6);
      await page.keyboard.press('k');
      await expect(page.getByTestId('compare-reference')).toHaveText('1/2 prev #5000');

      // Any file, chosen by name: a third reference, focused; its × takes it away again.
      await page.getByLabel('Add a file to compare (by name)').fill(h4.name);
      await overlayDrawn(page, h1.id, [h0.id, h2.id, h4.id]);
      await expect(page.getByTestId('compare-reference')).toHaveText('3/3 #5004');
      await page.getByRole('button', { name: `Stop comparing with ${h4.name}` }).click();
      await overlayDrawn(page, h1.id, [h0.id, h2.id]);

      // A neighbour opens from the strip; its own neighbours are overlaid.
      await strip.getByRole('button', { name: `Open hole #5002 (${h2.name})` }).click();
      await waitPlotted(page, h2.id);
      await overlayDrawn(page, h2.id, [h1.id, h3.id]);
      expect(await overlayOpenMs(page, h2.id)).toBeGreaterThan(0);

      // o again: the overlay goes.
      await page.keyboard.press('o');
      await overlayDrawn(page, h2.id, []);
      expect((await plotTraces(page)).some((t) => t.overlay !== null)).toBe(false);
      await page.getByLabel('Align references by').selectOption('depth');
    });

    test("the head's trend: every hole by counter, the open one marked, the odd one listed, a click opens a hole", async ({ page, web }, testInfo) => {
      const holes = await compareHoles(web);
      const [h1, h4] = [holes.at(5001), holes.at(5004)];
      const outlier = holes.at(OUTLIER_COUNTER);
      await openApp(page, web);
      await openFromCatalog(page, holes, h1.id);

      await page.getByRole('button', { name: 'Head trend' }).click();
      const dialog = page.getByRole('dialog', { name: `Trend of head ${COMPARE_HEAD}` });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('trend-summary')).toContainText('5 holes by global counter');
      const series = () =>
        page.evaluate(() => {
          const gd = document.querySelector('[data-testid="trend-plot"]') as HTMLElement & { data?: Array<{ x: number[]; y: number[]; customdata: number[]; meta?: { trend?: string } }> };
          return (gd.data ?? []).map((t) => ({ trend: t.meta?.trend ?? '', x: Array.from(t.x), customdata: Array.from(t.customdata) }));
        });
      await expect.poll(async () => (await series()).find((s) => s.trend === 'exit')?.x).toEqual([5000, 5001, 5002, 5003, 5004]);
      expect((await series()).find((s) => s.trend === 'exit-current')?.customdata).toEqual([h1.id]);
      expect((await series()).find((s) => s.trend === 'exit-outliers')?.customdata).toEqual([outlier.id]);
      await expect(dialog.getByRole('list', { name: 'Holes that break the series' })).toContainText(`#${OUTLIER_COUNTER}`);
      await screenshot(page, testInfo, `compare-trend-${viewport.width}`);

      // A click on the point of #5004 (exit panel) opens that hole; the trend stays and marks it.
      const at = await page.evaluate(
        ({ counter, value }) => {
          const gd = document.querySelector('[data-testid="trend-plot"]') as HTMLElement & {
            _fullLayout: { xaxis: { _offset: number; l2p(v: number): number }; yaxis: { _offset: number; l2p(v: number): number } };
          };
          const r = gd.getBoundingClientRect();
          const { xaxis, yaxis } = gd._fullLayout;
          return { x: r.left + xaxis._offset + xaxis.l2p(counter), y: r.top + yaxis._offset + yaxis.l2p(value) };
        },
        { counter: h4.counter, value: h4.exit },
      );
      await page.mouse.click(at.x, at.y);
      await waitPlotted(page, h4.id);
      await expect.poll(async () => (await series()).find((s) => s.trend === 'exit-current')?.customdata).toEqual([h4.id]);

      // The listed odd hole opens too; Escape closes the trend.
      await dialog.getByRole('button', { name: new RegExp(`#${OUTLIER_COUNTER} `) }).first().click();
      await waitPlotted(page, outlier.id);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
    });
  });
}
