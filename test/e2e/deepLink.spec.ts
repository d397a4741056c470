/**
 * Deep links of the browser host (state/deepLink.ts): `#/annotate/<id>?from=<mm>&to=<mm>` opens that file
 * zoomed to that depth range; the fragment follows navigation and zoom without ever showing the token; a
 * link that cannot be followed says why and shows the catalog. At 1366×768 and 1920×1080.
 */
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test, type WebHostFixture } from './fixtures';
import { VIEWPORTS, importGenerated, waitPlotted, xRange } from './themeFixtures';

/** Open the app at `fragment` in a fresh tab, the token riding in the link as a colleague's copy would. */
async function openLink(page: Page, web: WebHostFixture, fragment: string): Promise<void> {
  const sep = fragment.includes('?') ? '&' : '?';
  // A fresh document each time (a fragment-only change would be a same-page navigation: hashchange).
  await page.goto('about:blank');
  const rendered = page.waitForEvent('console', (m) => m.text() === 'App rendered');
  await page.goto(`${web.host.url}/${fragment}${sep}token=${web.host.token}`);
  await rendered;
}

const hashOf = (page: Page): Promise<string> => page.evaluate(() => window.location.hash);

for (const viewport of VIEWPORTS) {
  test.describe(`deep links at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('a link opens the file at its depth range; the fragment follows navigation and zoom', async ({ page, web }) => {
      const { dir, rows } = await importGenerated(web, `link${viewport.width}`, 2, 6100);
      try {
        const [first, second] = [rows[0]!, rows[1]!];
        await openLink(page, web, `#/annotate/${first.id}?from=12.5&to=18`);
        await waitPlotted(page, first.id);
        await expect(page.getByTestId('open-file-name')).toHaveText(first.name);
        const [a, b] = await xRange(page);
        expect(a).toBeCloseTo(12.5, 6);
        expect(b).toBeCloseTo(18, 6);
        await expect.poll(() => hashOf(page)).toBe(`#/annotate/${first.id}?from=12.5&to=18`);
        expect(page.url()).not.toContain(web.host.token);

        // Zoom in with the keyboard: the fragment gets the new range (as plotly shows it, to the µm).
        await page.keyboard.press('=');
        await expect.poll(async () => (await xRange(page))[1] - (await xRange(page))[0]).toBeLessThan(5.5 * 0.75);
        const [z0, z1] = await xRange(page);
        await expect.poll(() => hashOf(page)).toBe(`#/annotate/${first.id}?from=${Number(z0.toFixed(3))}&to=${Number(z1.toFixed(3))}`);

        // Next file: the fragment names it.
        await page.keyboard.press('n');
        await waitPlotted(page, second.id);
        await expect.poll(() => hashOf(page)).toMatch(new RegExp(`^#/annotate/${second.id}(\\?|$)`));

        // Another section.
        await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Catalog', exact: true }).click();
        await expect.poll(() => hashOf(page)).toBe('#/catalog');

        // A reload of a copied link (token kept by the tab) comes back to the same file and range.
        await page.evaluate((id) => {
          window.location.hash = `#/annotate/${id}?from=3&to=7`;
        }, first.id);
        await waitPlotted(page, first.id);
        await expect.poll(async () => (await xRange(page)).map((v) => Math.round(v * 1000) / 1000)).toEqual([3, 7]);
        await page.reload();
        await waitPlotted(page, first.id);
        await expect.poll(async () => (await xRange(page)).map((v) => Math.round(v * 1000) / 1000)).toEqual([3, 7]);
        expect(page.url()).not.toContain('token');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('a bad link says what is wrong and shows the catalog', async ({ page, web, consoleErrors }) => {
      await openLink(page, web, '#/annotate/banana?from=1&to=2');
      const notice = page.getByTestId('app-notice');
      await expect(notice).toContainText("The link '#/annotate/banana?from=1&to=2' names file 'banana', which is not a file id");
      await expect(notice).toContainText('expected #/annotate/<file id>?from=<depth mm>&to=<depth mm>');
      await expect(notice).not.toContainText(web.host.token);
      await expect(page.getByRole('main', { name: 'Catalog' })).toBeVisible();
      await expect.poll(() => hashOf(page)).toBe('#/catalog');
      expect(page.url()).not.toContain(web.host.token);

      await openLink(page, web, '#/annotate/987654');
      await expect(notice).toContainText("The link '#/annotate/987654' names file 987654, which could not be opened");
      await expect(notice).toContainText('no file with id 987654');
      await expect(page.getByRole('main', { name: 'Catalog' })).toBeVisible();
      // The back end's 404 answers for the missing file are the only console errors, as they should be.
      expect(consoleErrors.length).toBeGreaterThan(0);
      expect(consoleErrors.filter((e) => !e.includes('status of 404'))).toEqual([]);
      consoleErrors.length = 0;

      await openLink(page, web, '#/annotate/3?from=9&to=2');
      await expect(notice).toContainText('from=9 not below to=2');
      await notice.getByRole('button', { name: 'Dismiss' }).click();
      await expect(notice).toHaveCount(0);
    });
  });
}
