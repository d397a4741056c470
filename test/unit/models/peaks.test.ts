/** Peak reading (models/peaks.ts), the port of python-bridge's targets.pick_peaks, on hand-made heatmaps. */
import { describe, expect, it } from 'vitest';
import { pickPeaks, softArgmax } from '../../../src/main/models/peaks';

function curve(length: number, centre: number, sigma: number, height = 1): number[] {
  return Array.from({ length }, (_, i) => height * Math.exp(-0.5 * ((i - centre) / sigma) ** 2));
}

describe('pickPeaks', () => {
  it('finds a Gaussian peak between samples to a small fraction of a sample', () => {
    const heat = Float32Array.from([...curve(100, 40.3, 2), ...curve(100, 71.75, 2)]);
    const [a, b] = pickPeaks(heat, 2, 100, 2);
    expect(a!.position).toBeCloseTo(40.3, 1);
    expect(b!.position).toBeCloseTo(71.75, 1);
    // A lone peak of height ~1: confident.
    expect(a!.confidence).toBeGreaterThan(0.95);
  });

  it('is unsure when a second, similar response stands further than 3 sigma away', () => {
    const two = curve(100, 20, 1.5, 0.9).map((v, i) => v + curve(100, 70, 1.5, 0.8)[i]!);
    const [p] = pickPeaks(two, 1, 100, 1.5);
    expect(p!.position).toBeCloseTo(20, 5);
    // height × (1 − runner-up / height) = 0.9 − 0.8
    expect(p!.confidence).toBeCloseTo(0.1, 5);
  });

  it('takes the first maximum on ties and gives a flat curve its argmax with zero prominence', () => {
    const [p] = pickPeaks(new Array<number>(50).fill(0.5), 1, 50, 2);
    expect(p).toEqual({ position: 0, confidence: 0 });
  });

  it('uses round-half-even radii like Python (sigma 1.25 → radius 2, exclusion 4)', () => {
    // Only samples 8..12 are in the window of a peak at 10 with radius round(2.5) = 2.
    const heat = new Array<number>(30).fill(0);
    heat[10] = 1;
    heat[12] = 0.5;
    heat[13] = 0.5; // outside the window: ignored by the refinement
    const [p] = pickPeaks(heat, 1, 30, 1.25);
    expect(p!.position).toBeCloseTo((10 * 1 + 12 * 0.5) / 1.5, 10);
    // 13 is within round(3.75) = 4 samples: no runner-up outside the exclusion zone.
    expect(p!.confidence).toBe(1);
  });

  it('clips the window at the ends of the curve', () => {
    expect(softArgmax([1, 0.5, 0, 0], 0, 4, 0, 2)).toBeCloseTo((0 * 1 + 1 * 0.5) / 1.5, 10);
  });

  it('gives no peak for an empty file', () => {
    expect(pickPeaks(new Float32Array(0), 3, 0, 2)).toEqual([null, null, null]);
  });
});
