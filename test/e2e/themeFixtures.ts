/**
 * Helpers of the theme and deep-link specs: generated files imported into the worker's catalog, opening a
 * file from the catalog, the plot's x range, and WCAG contrast of what the page actually paints.
 */
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import { expect, type WebHostFixture } from './fixtures';

export const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** `count` generated files in a folder of their own, imported; their catalog rows by name. Remove `dir` after. */
export async function importGenerated(web: WebHostFixture, tag: string, count: number, seed: number): Promise<{ dir: string; rows: FileRow[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `udw-e2e-${tag}-`));
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `${tag}_${i + 1}.xls`), encodeLatin1(generateSetitec({ seed: seed + i, version: 9 }).text));
  await web.backend.dispatch('catalog.import', { dirs: [dir] });
  const all = (await web.backend.dispatch('catalog.listFiles', {})) as FileRow[];
  const rows = all.filter((f) => f.folder === dir).sort((a, b) => a.name.localeCompare(b.name));
  expect(rows).toHaveLength(count);
  return { dir, rows };
}

export async function waitPlotted(page: Page, fileId: number): Promise<void> {
  await expect(page.getByTestId('signal-plot')).toHaveAttribute('data-plotted', String(fileId), { timeout: 30_000 });
}

/** Search the catalog for the file and double-click its row. */
export async function openFromCatalog(page: Page, row: FileRow): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Catalog', exact: true }).click();
  await page.getByLabel('Search files').fill(row.name);
  await page.locator(`[role="row"][data-file-id="${row.id}"]`).dblclick();
  await waitPlotted(page, row.id);
}

/** The plot's x range as plotly drew it. */
export function xRange(page: Page): Promise<[number, number]> {
  return page.evaluate(() => {
    const gd = document.querySelector('[data-testid="signal-plot"]') as HTMLElement & { _fullLayout: { xaxis: { range: [number, number] } } };
    return [gd._fullLayout.xaxis.range[0], gd._fullLayout.xaxis.range[1]] as [number, number];
  });
}

export interface PaintedContrast {
  what: string;
  fg: string;
  bg: string;
  ratio: number;
}

/**
 * WCAG contrast of the computed text colour of the first visible element matching each selector against
 * the background it is painted on (the nearest ancestor with an opaque background; for SVG text in the plot,
 * plotly's paper colour).
 */
export function paintedContrast(page: Page, selectors: Record<string, string>): Promise<PaintedContrast[]> {
  return page.evaluate((sel) => {
    const rgb = (css: string): [number, number, number, number] => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(css);
      if (!m) throw new Error(`cannot read colour '${css}'`);
      return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
    };
    const hexRgb = (hex: string): string => {
      const n = parseInt(hex.replace('#', '').replace(/^(.)(.)(.)$/, '$1$1$2$2$3$3'), 16);
      return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
    };
    const lum = ([r, g, b]: number[]): number => {
      const f = (c: number): number => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const backgroundOf = (el: Element): string => {
      if (el instanceof SVGElement) {
        const gd = el.closest<HTMLElement & { _fullLayout: { paper_bgcolor: string } }>('.js-plotly-plot');
        if (gd) return gd._fullLayout.paper_bgcolor.startsWith('#') ? hexRgb(gd._fullLayout.paper_bgcolor) : gd._fullLayout.paper_bgcolor;
      }
      for (let e: Element | null = el; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor;
        if (rgb(bg)[3] > 0.99) return bg;
      }
      return getComputedStyle(document.documentElement).backgroundColor;
    };
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    return Object.entries(sel).map(([what, s]) => {
      const el = [...document.querySelectorAll(s)].find(visible);
      if (!el) throw new Error(`nothing visible matches ${s} (${what})`);
      const style = getComputedStyle(el);
      const fg = el instanceof SVGElement ? style.fill : style.color;
      const bg = backgroundOf(el);
      const [a, b] = [lum(rgb(fg)), lum(rgb(bg))].sort((x, y) => y - x) as [number, number];
      return { what, fg, bg, ratio: (a + 0.05) / (b + 0.05) };
    });
  }, selectors);
}
