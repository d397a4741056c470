/**
 * The crosshair, the zoom presets and the ruler end to end (issue 11), against the real back end and the
 * real renderer build in Chromium, at 1366×768 and at 1920×1080:
 * - a label hotkey with the pointer outside the plot places nothing and says why; the crosshair moved by
 *   ←/→ (Shift for coarse) places the label at its depth, and the view follows it past an edge;
 * - s / z / f / b / y change the axis ranges as they should (read from plotly's layout on the graph div);
 * - the ruler's Δdepth between two placed points.
 */
import type { Page } from '@playwright/test';
import { generateSetitec } from '../../src/shared/setitec/generator/index';
import { roundDepth } from '../../src/renderer/state/labelOps';
import { expect, test } from './fixtures';
import { fileDetail, importGenerated, openInAnnotate, plotState, pointerOffPlot, pxOf, storedLabels, VIEWPORTS, type PlotState } from './cursorFixtures';

const SEED = 5150;
const VERSION = 9 as const;

const crosshairDepth = async (page: Page): Promise<number> => Number(await page.getByTestId('crosshair').getAttribute('data-depth'));
const width = (r: [number, number]): number => r[1] - r[0];

for (const viewport of VIEWPORTS) {
  test.describe(`crosshair, zoom presets and ruler at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('a hotkey with no crosshair in the view places nothing and says so; the keyboard crosshair places at its depth', async ({ page, web }) => {
      const { rows } = await importGenerated(web, [{ name: `cursor_keys_${viewport.width}.xls`, seed: SEED, version: VERSION }]);
      const row = rows[0]!;
      await openInAnnotate(page, web, row);
      const hint = page.getByTestId('plot-hint');

      // Pointer outside the plot, no keyboard crosshair: nothing is placed, the hint says what to do.
      await pointerOffPlot(page);
      await page.keyboard.press('e');
      await expect(hint).toHaveText('Move the crosshair into the view (mouse or ←/→) to place a label');
      expect(await storedLabels(web, row.id)).toEqual([]);

      // The first arrow puts the crosshair in the middle of the view; the hint goes.
      const s0 = await plotState(page);
      await page.keyboard.press('ArrowRight');
      await expect(page.getByTestId('crosshair')).toBeVisible();
      await expect(hint).toHaveCount(0);
      const start = await crosshairDepth(page);
      expect(start).toBeCloseTo((s0.xRange[0] + s0.xRange[1]) / 2, 6);

      // Fine steps are one pixel's worth of the view, coarse ones twenty.
      const perPx = width(s0.xRange) / s0.width;
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => crosshairDepth(page)).toBeCloseTo(start + 2 * perPx, 6);
      await page.keyboard.press('Shift+ArrowRight');
      await expect.poll(() => crosshairDepth(page)).toBeCloseTo(start + 22 * perPx, 6);
      await page.keyboard.press('ArrowLeft');
      const at = start + 21 * perPx;
      await expect.poll(() => crosshairDepth(page)).toBeCloseTo(at, 6);
      await expect(page.getByTestId('crosshair-label')).toHaveText(`${at.toFixed(3)} mm`);
      await expect(page.getByTestId('crosshair-readout')).toContainText(`${at.toFixed(3)} mm`);
      await expect(page.getByTestId('crosshair-readout')).toContainText('Torque');

      // The label goes to the crosshair, with the pointer still off the plot.
      await page.keyboard.press('e');
      await expect.poll(async () => (await storedLabels(web, row.id)).find((l) => l.classId === 'entry')?.depth).toBe(roundDepth(at));
      await expect(hint).toHaveCount(0);

      // The mouse takes the crosshair over; when the pointer leaves the plot, the mouse's crosshair goes with it.
      const s1 = await plotState(page);
      await page.mouse.move(s1.left + s1.width * 0.8, s1.top + s1.height * 0.5);
      await expect.poll(() => crosshairDepth(page)).toBeCloseTo(s1.xRange[0] + width(s1.xRange) * 0.8, 1);
      await pointerOffPlot(page);
      await page.keyboard.press('x');
      await expect(hint).toBeVisible();
      expect((await storedLabels(web, row.id)).map((l) => l.classId)).toEqual(['entry']);

      // Zoomed in, the crosshair walking past the right edge takes the view with it.
      await page.keyboard.press('=');
      await expect.poll(async () => width((await plotState(page)).xRange)).toBeLessThan(width(s1.xRange) * 0.6);
      const w1 = width((await plotState(page)).xRange);
      await page.keyboard.press('=');
      await expect.poll(async () => width((await plotState(page)).xRange)).toBeCloseTo(w1 / 2, 6);
      const zoomed = await plotState(page);
      await page.keyboard.press('ArrowRight'); // appears in the middle
      for (let k = 0; k < 40; k++) await page.keyboard.press('Shift+ArrowRight');
      await expect.poll(async () => (await plotState(page)).xRange[0]).toBeGreaterThan(zoomed.xRange[0] + 0.1);
      const followed = await plotState(page);
      const depth = await crosshairDepth(page);
      expect(depth).toBeGreaterThan(zoomed.xRange[1]);
      expect(depth).toBeGreaterThanOrEqual(followed.xRange[0]);
      expect(depth).toBeLessThanOrEqual(followed.xRange[1]);
      expect(width(followed.xRange)).toBeCloseTo(width(zoomed.xRange), 6);
    });

    test('zoom presets: step, drilling zone, around the label, back, and fit y without the end-of-cycle spike', async ({ page, web }) => {
      const { rows } = await importGenerated(web, [{ name: `cursor_zoom_${viewport.width}.xls`, seed: SEED + 1, version: VERSION }]);
      const row = rows[0]!;
      const detail = await fileDetail(web, row.id);
      const generated = generateSetitec({ seed: SEED + 1, version: VERSION }).expected;
      const depth = Array.from(generated.columns['Position (mm)']!, (p) => -p);
      const thrust = Array.from(generated.columns['I Thrust (A)']!);
      await openInAnnotate(page, web, row);
      const full = await plotState(page);
      const steps = detail.segments;
      expect(steps.length).toBeGreaterThanOrEqual(2);

      // The default y range of the thrust panel is fitted to the drilling, not to the spike at the hard stop.
      const thrustMax = Math.max(...thrust);
      const thrustRange = full.panels[1]!.range;
      expect(full.panels[1]!.autorange).toBe(false);
      expect(thrustRange[1]).toBeLessThan(thrustMax);

      // The wheel on the thrust panel's y axis zooms that panel's y only; y fits it again.
      const yAxisX = full.left - 25;
      const thrustBox = await page.evaluate(() => {
        const gd = document.querySelector('[data-testid="signal-plot"]') as HTMLElement & { _fullLayout: { yaxis2: { _offset: number; _length: number } } };
        return { top: gd.getBoundingClientRect().top + gd._fullLayout.yaxis2._offset, height: gd._fullLayout.yaxis2._length };
      });
      await page.mouse.move(yAxisX, thrustBox.top + thrustBox.height / 2);
      await page.mouse.wheel(0, -100);
      await expect.poll(async () => width((await plotState(page)).panels[1]!.range)).toBeLessThan(width(thrustRange) * 0.95);
      const wheeled = await plotState(page);
      expect(wheeled.panels[0]!.range).toEqual(full.panels[0]!.range);
      expect(wheeled.xRange).toEqual(full.xRange);
      await pointerOffPlot(page);
      await page.keyboard.press('y');
      await expect.poll(async () => (await plotState(page)).panels[1]!.range).toEqual(thrustRange);

      // s: each program step in turn fills the view (with 3 % of room each side).
      const expectStep = async (k: number): Promise<PlotState> => {
        const seg = steps[k]!;
        const lo = Math.min(seg.startDepth, seg.endDepth);
        const hi = Math.max(seg.startDepth, seg.endDepth);
        await expect.poll(async () => (await plotState(page)).xRange[0]).toBeCloseTo(lo - Math.max(hi - lo, 0.2) * 0.03 - (Math.max(hi - lo, 0.2) - (hi - lo)) / 2, 3);
        const s = await plotState(page);
        expect(s.xRange[1]).toBeCloseTo(hi + Math.max(hi - lo, 0.2) * 0.03 + (Math.max(hi - lo, 0.2) - (hi - lo)) / 2, 3);
        return s;
      };
      await page.keyboard.press('s');
      await expectStep(0);
      await page.keyboard.press('s');
      await expectStep(1);

      // b: back through the zoom history, to the whole signal.
      await page.keyboard.press('b');
      await expectStep(0);
      await page.keyboard.press('b');
      await expect.poll(async () => (await plotState(page)).xRange).toEqual(full.xRange);

      // z: from the first contact to the deepest point; y fitted to it without the spike.
      await page.keyboard.press('z');
      const deepest = Math.max(...depth);
      await expect.poll(async () => (await plotState(page)).xRange[1]).toBeCloseTo(deepest, 2);
      const zone = await plotState(page);
      expect(zone.xRange[0]).toBeGreaterThan(full.xRange[0]);
      expect(zone.xRange[0]).toBeLessThan(generated.truth.entry);
      expect(zone.xRange[0]).toBeGreaterThan(generated.truth.entry - 2);
      expect(zone.panels[1]!.range[1]).toBeLessThan(thrustMax);

      // f: ±2 mm around the selected label (placed at the crosshair with the keys).
      await page.keyboard.press('0');
      await pointerOffPlot(page);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('t');
      await expect.poll(async () => (await storedLabels(web, row.id)).length).toBe(1);
      const t = (await storedLabels(web, row.id))[0]!.depth!;
      await page.keyboard.press('f');
      await expect.poll(async () => (await plotState(page)).xRange[0]).toBeCloseTo(t - 2, 6);
      expect((await plotState(page)).xRange[1]).toBeCloseTo(t + 2, 6);

      // y: every panel fitted to what the view shows now (±2 mm around the label), with 6 % of room.
      const around = await plotState(page);
      await page.keyboard.press('y');
      const torque = Array.from(generated.columns['I Torque (A)']!);
      // The samples the view shows, and one beyond each edge (the line runs off the plot).
      const first = depth.findIndex((d) => d >= around.xRange[0]);
      const last = depth.length - 1 - [...depth].reverse().findIndex((d) => d <= around.xRange[1]);
      const inView = torque.slice(Math.max(0, first - 1), last + 2);
      const [lo, hi] = [Math.min(...inView), Math.max(...inView)];
      await expect.poll(async () => (await plotState(page)).panels[0]!.range[1]).toBeCloseTo(hi + (hi - lo) * 0.06, 1);
      const fitted = (await plotState(page)).panels[0]!.range;
      expect(fitted[0]).toBeLessThanOrEqual(lo);
      expect(fitted[1]).toBeGreaterThanOrEqual(hi);
      expect(width(fitted)).toBeLessThan((hi - lo) * 1.2);
    });

    test('the ruler shows Δdepth between two points placed with the keys, then with clicks; Escape clears it', async ({ page, web }) => {
      const { rows } = await importGenerated(web, [{ name: `cursor_ruler_${viewport.width}.xls`, seed: SEED + 2, version: VERSION }]);
      const row = rows[0]!;
      await openInAnnotate(page, web, row);
      await pointerOffPlot(page);
      const readout = page.getByTestId('ruler-readout');

      await page.keyboard.press('ArrowRight');
      const a = await crosshairDepth(page);
      await page.keyboard.press('Shift+R');
      await expect(readout).toContainText(`A ${a.toFixed(3)} mm`);
      for (let k = 0; k < 5; k++) await page.keyboard.press('Shift+ArrowRight');
      const b = await crosshairDepth(page);
      expect(b).toBeGreaterThan(a);
      await page.keyboard.press('Shift+R');
      await expect(page.getByTestId('ruler-delta-depth')).toHaveText(`Δdepth ${(b - a).toFixed(3)} mm`);
      await expect(readout).toContainText('ΔTorque');
      await expect(readout).toContainText('ΔThrust');
      await expect(page.getByTestId('ruler-a')).toBeVisible();
      await expect(page.getByTestId('ruler-b')).toBeVisible();

      await page.keyboard.press('Escape');
      await expect(readout).toHaveCount(0);
      await expect(page.getByTestId('ruler-a')).toHaveCount(0);

      // The toolbar toggle, then two clicks on the plot: B before A on screen, Δdepth still positive.
      await page.getByRole('button', { name: 'Ruler' }).click();
      await expect(page.getByRole('button', { name: 'Ruler' })).toHaveAttribute('aria-pressed', 'true');
      const s = await plotState(page);
      const y = s.top + s.height * 0.5;
      const d1 = s.xRange[0] + width(s.xRange) * 0.6;
      const d2 = s.xRange[0] + width(s.xRange) * 0.3;
      await page.mouse.click(pxOf(s, d1), y);
      await page.mouse.click(pxOf(s, d2), y);
      const perPx = width(s.xRange) / s.width;
      await expect.poll(async () => Number(await readout.getAttribute('data-delta-depth'))).toBeCloseTo(d1 - d2, 1);
      expect(Math.abs(Number(await readout.getAttribute('data-delta-depth')) - (d1 - d2))).toBeLessThan(2 * perPx);
      // The clicks measured, they did not zoom.
      expect((await plotState(page)).xRange).toEqual(s.xRange);
    });
  });
}
