/**
 * Helpers of the crosshair, zoom-preset and legibility end-to-end tests: generated Setitec files imported
 * into the real back end, one opened in the annotation view, and what plotly drew read back from the graph
 * div (ranges, pixel geometry, annotation boxes).
 */
import type { Page, TestInfo } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileRow, FileDetail } from '../../src/shared/api/catalog.contract';
import type { Label } from '../../src/shared/api/labels.contract';
import type { LabelDraftValue } from '../../src/shared/labels/labelEditOps';
import { encodeLatin1, generateSetitec, type Family, type SetitecVersion } from '../../src/shared/setitec/generator/index';
import { expect, openApp, type WebHostFixture } from './fixtures';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The two window sizes every test here runs at (the acceptance). */
export const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

export async function dispatch<T>(web: WebHostFixture, channel: string, payload: unknown): Promise<T> {
  return (await web.backend.dispatch(channel, payload)) as T;
}

export interface GeneratedFile {
  name: string;
  seed: number;
  version: SetitecVersion;
  family?: Family;
}

/** Writes generated files into a fresh folder, imports it, and returns the catalog rows (in the order given). */
export async function importGenerated(web: WebHostFixture, files: readonly GeneratedFile[]): Promise<{ dir: string; rows: FileRow[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-e2e-cursor-'));
  for (const f of files) fs.writeFileSync(path.join(dir, f.name), encodeLatin1(generateSetitec({ seed: f.seed, version: f.version, ...(f.family ? { family: f.family } : {}) }).text));
  const summary = await dispatch<{ imported: number; failed: number }>(web, 'catalog.import', { dirs: [dir] });
  expect(summary.failed).toBe(0);
  const all = await dispatch<FileRow[]>(web, 'catalog.listFiles', {});
  const rows = files.map((f) => all.find((r) => r.folder === dir && r.name === f.name)!);
  expect(rows.every(Boolean)).toBe(true);
  return { dir, rows };
}

export async function fileDetail(web: WebHostFixture, id: number): Promise<FileDetail> {
  return dispatch<FileDetail>(web, 'catalog.getFile', { id });
}

/** Creates labels straight through the back end (as another window or the CLI would). */
export async function putLabels(web: WebHostFixture, fileId: number, labels: readonly LabelDraftValue[]): Promise<void> {
  for (const label of labels) await dispatch(web, 'labels.apply', { op: 'create', fileId, label });
}

export async function storedLabels(web: WebHostFixture, fileId: number): Promise<Label[]> {
  return dispatch<Label[]>(web, 'labels.list', { fileId });
}

export async function waitPlotted(page: Page, fileId: number): Promise<void> {
  await expect(page.getByTestId('signal-plot')).toHaveAttribute('data-plotted', String(fileId), { timeout: 30_000 });
}

/** Opens the app, finds the file by name in the catalog and opens it in the annotation view. */
export async function openInAnnotate(page: Page, web: WebHostFixture, row: FileRow): Promise<void> {
  await openApp(page, web);
  await page.getByLabel('Search files').fill(row.name);
  const line = page.locator(`[role="row"][data-file-id="${row.id}"]`);
  await expect(line).toBeVisible();
  await line.dblclick();
  await waitPlotted(page, row.id);
  // The default y fit has arrived and been drawn: every panel has a range and the figure shows it.
  await expect.poll(async () => (await plotState(page)).panels.length).toBeGreaterThanOrEqual(2);
}

export interface PlotState {
  /** The plot area in page pixels. */
  left: number;
  width: number;
  top: number;
  height: number;
  xRange: [number, number];
  panels: { axis: string; range: [number, number]; autorange: boolean }[];
}

/** What plotly shows now, read from the graph div's full layout. */
export async function plotState(page: Page): Promise<PlotState> {
  return page.evaluate(() => {
    type Axis = { _offset: number; _length: number; range: [number, number]; autorange: boolean };
    const gd = document.querySelector('[data-testid="signal-plot"]') as HTMLElement & { _fullLayout: Record<string, unknown> & { xaxis: Axis; _size: { t: number; h: number } } };
    const r = gd.getBoundingClientRect();
    const fl = gd._fullLayout;
    const panels = Object.keys(fl)
      .filter((k) => /^yaxis\d*$/.test(k))
      .sort((a, b) => Number(a.slice(5) || 1) - Number(b.slice(5) || 1))
      .map((k) => {
        const a = fl[k] as Axis;
        return { axis: k, range: [a.range[0], a.range[1]] as [number, number], autorange: a.autorange === true };
      });
    return { left: r.left + fl.xaxis._offset, width: fl.xaxis._length, top: r.top + fl._size.t, height: fl._size.h, xRange: [fl.xaxis.range[0], fl.xaxis.range[1]], panels };
  });
}

export const pxOf = (s: PlotState, x: number): number => s.left + ((x - s.xRange[0]) / (s.xRange[1] - s.xRange[0])) * s.width;

/** Moves the pointer off the plot (onto the page header) and waits until the mouse crosshair is gone. */
export async function pointerOffPlot(page: Page): Promise<void> {
  const s = await plotState(page);
  await page.mouse.move(s.left + 5, Math.max(2, s.top - 80));
  await expect(page.getByTestId('crosshair')).toHaveCount(0);
}

export interface Box {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Page boxes of plotly's annotations whose layout name starts with `prefix` (caption:, title:, step:). */
export async function annotationBoxes(page: Page, prefix: string): Promise<(Box & { name: string })[]> {
  return page.evaluate((prefix) => {
    const gd = document.querySelector('[data-testid="signal-plot"]') as HTMLElement & { _fullLayout: { annotations: { name?: string; text: string }[] } };
    const groups = [...gd.querySelectorAll<SVGGElement>('.annotation[data-index]')];
    return groups.flatMap((g) => {
      const ann = gd._fullLayout.annotations[Number(g.dataset.index)];
      if (!ann?.name?.startsWith(prefix)) return [];
      const r = (g.querySelector('.annotation-text-g') ?? g).getBoundingClientRect();
      return [{ name: ann.name, text: ann.text, x: r.x, y: r.y, width: r.width, height: r.height }];
    });
  }, prefix);
}

/** Page boxes of the y axes' tick labels. */
export async function yTickBoxes(page: Page): Promise<Box[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<SVGTextElement>('[data-testid="signal-plot"] .yaxislayer-above .ytick text, [data-testid="signal-plot"] g[class^="yaxislayer"] text')].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

export function overlaps(a: Box, b: Box, slackPx = 0.5): boolean {
  return a.x + slackPx < b.x + b.width && b.x + slackPx < a.x + a.width && a.y + slackPx < b.y + b.height && b.y + slackPx < a.y + a.height;
}

/** Every pair of boxes that overlaps, named, for a readable failure. */
export function overlappingPairs<T extends Box>(boxes: readonly T[], label: (b: T) => string = (b) => b.text): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlaps(boxes[i]!, boxes[j]!)) out.push(`${label(boxes[i]!)} × ${label(boxes[j]!)}`);
  return out;
}

/** A screenshot attached to the report and written to test-results/screenshots (and docs/screenshots on request). */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string, toDocs = false): Promise<void> {
  const body = await page.screenshot();
  await testInfo.attach(name, { body, contentType: 'image/png' });
  const out = path.join(ROOT, 'test-results', 'screenshots');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, `${name}.png`), body);
  // The README's pictures are refreshed on purpose only (they are committed): UDW_UPDATE_SCREENSHOTS=1.
  if (toDocs && process.env.UDW_UPDATE_SCREENSHOTS === '1') fs.writeFileSync(path.join(ROOT, 'docs', 'screenshots', `${name}.png`), body);
}
