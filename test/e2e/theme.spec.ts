/**
 * The dark theme follows the system setting (emulated with page.emulateMedia), live: the page's colours
 * (CSS custom properties) and the plot's (plotTheme.ts, through plotly's layout and the overview canvas)
 * switch without a reload, and the main text colours keep WCAG AA contrast (≥ 4.5:1) in both themes.
 * At 1366×768 and 1920×1080.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { DARK_THEME, LIGHT_THEME } from '../../src/renderer/features/plot/plotTheme';
import { expect, openApp, test } from './fixtures';
import { VIEWPORTS, importGenerated, openFromCatalog, paintedContrast } from './themeFixtures';

/** The main text colours of the catalog and the annotation view, with what they are painted on. */
const TEXT = {
  'navigation (a section)': '.app-nav button:not(.active)',
  'open file name': '[data-testid="open-file-name"]',
  'muted text (annotation heading)': '.annotate-h1',
  'plot x-axis title': '.xtitle',
  'plot tick labels': '.xtick text',
};

interface Painted {
  pageBg: string;
  plotPaper: string;
  /** What plotly paints: the SVG's background (paper), and its layout's plot-area colour. */
  plotFill: string;
  plotArea: string;
  /** A pixel of the overview canvas's background, [r, g, b]. */
  overviewPixel: number[];
}

function painted(page: Page): Promise<Painted> {
  return page.evaluate(() => {
    const gd = document.querySelector('[data-testid="signal-plot"]') as HTMLElement & { _fullLayout: { paper_bgcolor: string; plot_bgcolor: string } };
    const svg = gd.querySelector('svg.main-svg')!;
    const canvas = document.querySelector('canvas.overview-strip') as HTMLCanvasElement;
    const px = canvas.getContext('2d')!.getImageData(Math.round(canvas.width / 2), 1, 1, 1).data;
    return {
      pageBg: getComputedStyle(document.documentElement).backgroundColor,
      plotPaper: gd._fullLayout.paper_bgcolor,
      plotFill: getComputedStyle(svg).backgroundColor,
      plotArea: gd._fullLayout.plot_bgcolor,
      overviewPixel: [px[0]!, px[1]!, px[2]!],
    };
  });
}

async function expectLegible(page: Page, theme: string): Promise<void> {
  for (const c of await paintedContrast(page, TEXT)) expect(c.ratio, `${c.what} in the ${theme} theme: ${c.fg} on ${c.bg}`).toBeGreaterThanOrEqual(4.5);
}

for (const viewport of VIEWPORTS) {
  test.describe(`theme at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('dark mode follows the system setting live: page, plot and overview change, text stays ≥ 4.5:1', async ({ page, web }) => {
      const { dir, rows } = await importGenerated(web, `theme${viewport.width}`, 1, 5100);
      try {
        await page.emulateMedia({ colorScheme: 'light' });
        await openApp(page, web);
        await openFromCatalog(page, rows[0]!);
        const light = await painted(page);
        expect(light.plotPaper).toBe(LIGHT_THEME.paper);
        await expectLegible(page, 'light');
        const catalogLight = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

        // The system switches to dark while the file is open: no reload.
        await page.emulateMedia({ colorScheme: 'dark' });
        await expect.poll(() => painted(page).then((p) => p.plotPaper)).toBe(DARK_THEME.paper);
        const dark = await painted(page);
        expect(dark.pageBg).not.toBe(light.pageBg);
        expect(dark.plotFill).not.toBe(light.plotFill);
        expect(dark.plotArea).toBe(DARK_THEME.plot);
        expect(dark.overviewPixel).not.toEqual(light.overviewPixel);
        // Dark means dark: the page and the plot are darker than mid-grey.
        for (const c of [dark.pageBg, dark.plotFill]) {
          const [r, g, b] = (c.match(/\d+/g) ?? []).map(Number);
          expect(r! + g! + b!, c).toBeLessThan(3 * 128);
        }
        await expectLegible(page, 'dark');
        await expect(page.getByTestId('signal-plot')).toHaveAttribute('data-plotted', String(rows[0]!.id));

        // And back.
        await page.emulateMedia({ colorScheme: 'light' });
        await expect.poll(() => painted(page).then((p) => p.plotPaper)).toBe(LIGHT_THEME.paper);
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(catalogLight);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a page opened in dark mode draws its first plot dark, and the catalog is legible', async ({ page, web }) => {
      const { dir, rows } = await importGenerated(web, `themedark${viewport.width}`, 1, 5200);
      try {
        await page.emulateMedia({ colorScheme: 'dark' });
        await openApp(page, web);
        await page.getByLabel('Search files').fill(rows[0]!.name);
        const catalog = await paintedContrast(page, { 'catalog row': `[role="row"][data-file-id="${rows[0]!.id}"] > div`, navigation: '.app-nav button:not(.active)' });
        for (const c of catalog) expect(c.ratio, `${c.what}: ${c.fg} on ${c.bg}`).toBeGreaterThanOrEqual(4.5);
        await openFromCatalog(page, rows[0]!);
        expect((await painted(page)).plotPaper).toBe(DARK_THEME.paper);
        await expectLegible(page, 'dark');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
