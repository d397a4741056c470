/**
 * What an open of a file asks of the back end for its first frame (firstFrame.ts, catalog.getSignalOverview),
 * at 1366×768 and 1920×1080: the plot's overview once, cut for the plot's measured width (not first for the
 * 900-px guess the plot starts from and again a frame later), and the overview strip's once, for one column.
 */
import type { Request } from '@playwright/test';
import { expect, test } from './fixtures';
import { importGenerated, openInAnnotate, VIEWPORTS } from './cursorFixtures';

interface OverviewAsk {
  id: number;
  keys: string[];
  buckets: number;
}

for (const viewport of VIEWPORTS) {
  test.describe(`first frame requests at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('the plot asks for its overview once, for its measured width; the strip once, for its column', async ({ page, web }) => {
      const { rows } = await importGenerated(web, [{ name: `first_frame_${viewport.width}.xls`, seed: 4242, version: 9 }]);
      const row = rows[0]!;
      const asks: OverviewAsk[] = [];
      const listen = (r: Request): void => {
        if (r.method() === 'POST' && new URL(r.url()).pathname.endsWith('/api/catalog.getSignalOverview')) asks.push(r.postDataJSON() as OverviewAsk);
      };
      page.on('request', listen);
      await openInAnnotate(page, web, row);
      // The strip is drawn once its window is in: by then every early request has gone out.
      await expect(page.locator('.overview-strip')).toBeVisible();
      page.off('request', listen);

      const box = await page.locator('.signal-plot-box').evaluate((el) => el.clientWidth);
      const plotBuckets = Math.max(100, Math.round((Math.max(300, Math.round(box)) - 80) / 2));
      const ofFile = asks.filter((a) => a.id === row.id);
      const forPlot = ofFile.filter((a) => a.keys.length > 1);
      const forStrip = ofFile.filter((a) => a.keys.length === 1);
      expect(forPlot.map((a) => a.buckets)).toEqual([plotBuckets]);
      expect(forStrip).toHaveLength(1);
      expect(ofFile).toHaveLength(2);
    });
  });
}
