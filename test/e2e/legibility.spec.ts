/**
 * Plot legibility by bounding boxes (issue 11), in the light and the dark theme, at 1366×768 and 1920×1080:
 * with four panels and labels a few tenths of a millimetre apart (labels and proposals, points and ranges),
 * no caption box overlaps another, no panel title overlaps a tick label, a caption or a step name, and the
 * step names stay in the band above the plot when zoomed in. Screenshots of both themes at 1366×768 are
 * written to docs/screenshots/ by every run (guideShot, screenshots.ts): the README shows them.
 */
import type { Page } from '@playwright/test';
import type { LabelDraftValue } from '../../src/shared/labels/labelEditOps';
import { expect, test } from './fixtures';
import { annotationBoxes, importGenerated, openInAnnotate, overlappingPairs, plotState, pointerOffPlot, putLabels, storedLabels, VIEWPORTS, yTickBoxes, type Box } from './cursorFixtures';
import { guideShot } from './screenshots';

/** Close labels: four points within 0.45 mm, two proposals among them, two ranges starting together. */
function crowd(at: number, tag: string): LabelDraftValue[] {
  const d = (v: number): number => Math.round(v * 1000) / 1000;
  return [
    { id: `${tag}-entry`, classId: 'entry', depth: d(at), depthEnd: null, value: null },
    { id: `${tag}-trans`, classId: 'cfrp_ti_transition', depth: d(at + 0.15), depthEnd: null, value: null },
    { id: `${tag}-exit`, classId: 'exit', depth: d(at + 0.3), depthEnd: null, value: null },
    { id: `${tag}-csk`, classId: 'countersink_start', depth: d(at + 0.45), depthEnd: null, value: null },
    { id: `${tag}-p-entry`, classId: 'entry', depth: d(at + 0.05), depthEnd: null, value: null, source: 'stepcode', state: 'proposed', provenance: 'stepcode@1', confidence: 0.92 },
    { id: `${tag}-p-exit`, classId: 'exit', depth: d(at + 0.35), depthEnd: null, value: null, source: 'heuristic', state: 'proposed', provenance: 'heuristic-test@1', confidence: 0.61 },
    { id: `${tag}-cfrp`, classId: 'cfrp', depth: d(at), depthEnd: d(at + 3), value: null },
    { id: `${tag}-p-ti`, classId: 'ti', depth: d(at + 0.1), depthEnd: d(at + 2), value: null, source: 'heuristic', state: 'proposed', provenance: 'heuristic-test@1', confidence: 0.55 },
  ];
}

const name = (b: Box & { name?: string }): string => `${b.name ?? 'tick'} “${b.text}”`;

async function expectLegible(page: Page, what: string): Promise<void> {
  const captions = await annotationBoxes(page, 'caption:');
  const titles = await annotationBoxes(page, 'title:');
  const steps = await annotationBoxes(page, 'step:');
  const ticks = await yTickBoxes(page);
  expect(captions.length, `${what}: every caption is drawn`).toBe(8);
  expect(titles.map((t) => t.text)).toEqual(['Torque current (A)', 'Thrust current (A)', expect.stringMatching(/Power/), expect.stringMatching(/Gap/)]);
  expect(ticks.length).toBeGreaterThan(8);
  expect(overlappingPairs(captions, name), `${what}: captions overlapping each other`).toEqual([]);
  // Titles against everything else that is text: tick labels, captions, step names.
  const others = [...ticks.map((t) => ({ ...t, name: 'tick' })), ...captions, ...steps];
  const clashes = titles.flatMap((t) => overlappingPairs([t, ...others], name).filter((pair) => pair.startsWith(name(t))));
  expect(clashes, `${what}: panel titles overlapping other text`).toEqual([]);
  expect(overlappingPairs(titles, name), `${what}: titles overlapping each other`).toEqual([]);
  // Step names sit in the band above the plot area.
  const plot = await plotState(page);
  for (const s of steps) expect(s.y + s.height, `${what}: ${s.text} above the plot`).toBeLessThanOrEqual(plot.top + 1);
}

for (const viewport of VIEWPORTS) {
  test.describe(`plot legibility at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    for (const colorScheme of ['light', 'dark'] as const) {
      test(`close captions, panel titles and ticks do not overlap (${colorScheme} theme)`, async ({ page, web }, testInfo) => {
        await page.emulateMedia({ colorScheme });
        const { rows } = await importGenerated(web, [{ name: `legible_${colorScheme}_${viewport.width}.xls`, seed: 6060, version: 9 }]);
        const row = rows[0]!;
        const at = (row.depthMin ?? 0) + ((row.depthMax ?? 20) - (row.depthMin ?? 0)) * 0.45;
        await putLabels(web, row.id, crowd(at, `lg${row.id}`));
        await openInAnnotate(page, web, row);
        await expect(page.getByRole('table', { name: 'Labels' }).locator('tbody tr')).toHaveCount(8);
        expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark');

        // Four panels: the two currents and both extra columns.
        await page.getByLabel(/Torque Power/).check();
        await page.getByLabel(/Gap Length/).check();
        await expect.poll(async () => (await plotState(page)).panels.length).toBe(4);
        await pointerOffPlot(page);
        // One label selected: its caption is bold and carries its depth (the widest caption).
        await page.getByRole('table', { name: 'Labels' }).locator('tbody tr').filter({ hasText: 'Transition' }).locator('td').first().click();
        await expect.poll(async () => (await annotationBoxes(page, 'caption:')).some((c) => /\d\.\d\d/.test(c.text))).toBe(true);
        await expectLegible(page, 'whole signal');
        if (viewport.width === 1366) await guideShot(page, testInfo, colorScheme === 'dark' ? 'signal-view-dark' : 'signal-view-light');

        // Zoomed into the crowd: still legible, and the step names stay in view.
        await pointerOffPlot(page);
        await page.keyboard.press('f');
        await expect.poll(async () => (await plotState(page)).xRange[1] - (await plotState(page)).xRange[0]).toBeLessThan(5);
        await expectLegible(page, 'zoomed in');
        expect((await annotationBoxes(page, 'step:')).length).toBeGreaterThanOrEqual(1);
        expect((await storedLabels(web, row.id)).length).toBe(8);
      });
    }
  });
}
