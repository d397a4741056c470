/** Spotting the hole that breaks a head's series (compare/trendOutliers.ts, compare/trendFigure.ts). */
import { describe, expect, it } from 'vitest';
import type { HeadTrend, TrendPoint } from '../../../src/shared/api/compare.contract';
import { buildTrendFigure, trendFlags } from '../../../src/renderer/features/compare/trendFigure';
import { median, residuals, robustZ, seriesOutliers } from '../../../src/renderer/features/compare/trendOutliers';
import { mulberry32 } from '../../../src/shared/setitec/generator/index';

const counters = (n: number, from = 200): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('robust statistics', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('robust z: one wild value does not move the others', () => {
    const z = robustZ([10, 11, 9, 10, 10.5, 9.5, 100]);
    expect(Math.abs(z[6]!)).toBeGreaterThan(20);
    for (const v of z.slice(0, 6)) expect(Math.abs(v)).toBeLessThan(2);
  });

  it('robust z when more than half the values are equal: the mean absolute deviation stands in', () => {
    const z = robustZ([5, 5, 5, 5, 5, 9]);
    expect(z.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(z[5]).toBeGreaterThan(3.5);
    expect(robustZ([2, 2, 2])).toEqual([0, 0, 0]);
  });

  it('residuals of a straight line are zero, also at the ends of the series', () => {
    const xs = counters(20);
    for (const r of residuals(xs, xs.map((x) => 0.1 * x + 3))) expect(Math.abs(r)).toBeLessThan(1e-9);
  });
});

describe('seriesOutliers', () => {
  it('flags a single hole far from a flat series', () => {
    const ys = counters(15).map(() => 12.3);
    ys[7] = 14;
    expect(seriesOutliers(counters(15), ys).map((o) => o.index)).toEqual([7]);
  });

  it('follows a drift: a steady trend flags nothing, a hole off the trend is flagged', () => {
    const rng = mulberry32(7);
    const xs = counters(60);
    const ys = xs.map((x) => 10 + 0.02 * (x - 200) + (rng() - 0.5) * 0.05);
    expect(seriesOutliers(xs, ys)).toEqual([]);
    ys[30] = ys[30]! - 0.6;
    const flagged = seriesOutliers(xs, ys);
    expect(flagged.map((o) => o.index)).toEqual([30]);
    expect(flagged[0]!.z).toBeLessThan(-3.5);
  });

  it('flags a wild hole at either end of the series too', () => {
    const xs = counters(12);
    const first = xs.map(() => 5);
    first[0] = 7;
    expect(seriesOutliers(xs, first).map((o) => o.index)).toEqual([0]);
    const last = xs.map(() => 5);
    last[11] = 3;
    expect(seriesOutliers(xs, last).map((o) => o.index)).toEqual([11]);
  });

  it('is not misled by one wild hole among as few as five: only that one is flagged', () => {
    expect(seriesOutliers([5000, 5001, 5002, 5003, 5004], [20, 20.02, 20.04, 23.5, 20.08]).map((o) => o.index)).toEqual([3]);
  });

  it('skips holes without a value and reports indices into the series given', () => {
    const xs = counters(10);
    const ys: (number | null)[] = xs.map(() => 1);
    ys[2] = null;
    ys[6] = 4;
    expect(seriesOutliers(xs, ys).map((o) => o.index)).toEqual([6]);
  });

  it('says nothing about too short a series', () => {
    expect(seriesOutliers([1, 2, 3, 4], [1, 1, 1, 9])).toEqual([]);
  });
});

const point = (fileId: number, counter: number, exit: number | null, torque: number | null, source: TrendPoint['exitSource'] = exit === null ? null : 'confirmed'): TrendPoint => ({
  fileId,
  name: `h${counter}.xls`,
  globalCounter: counter,
  exitDepth: exit,
  exitSource: source,
  step: torque === null ? null : 2,
  stepMeanTorque: torque,
  stepSamples: torque === null ? 0 : 100,
  status: 'labelled',
  verdict: null,
  missing: false,
  duplicateOf: null,
});

describe('trend figure', () => {
  const points = counters(10).map((c, i) => point(i + 1, c, i === 4 ? 13.5 : 12 + i * 0.001, i === 8 ? 9 : 4 + i * 0.002, i === 2 ? 'proposed' : 'confirmed'));
  const trend: HeadTrend = { head: 'H', stepRule: 'torque_min', points };

  it('flags the holes that break either series, by counter', () => {
    expect(trendFlags(points).map((f) => [f.fileId, f.series])).toEqual([
      [5, 'exit'],
      [9, 'torque'],
    ]);
  });

  it('plots both series against the counter, proposals open, outliers ringed, the open hole a star; points carry their file id', () => {
    const fig = buildTrendFigure(trend, 3, trendFlags(points));
    const exit = fig.data.find((t) => (t.meta as { trend: string }).trend === 'exit')!;
    expect(exit.x).toEqual(counters(10));
    expect(exit.customdata).toEqual(points.map((p) => p.fileId));
    expect((exit.marker as { symbol: string[] }).symbol[2]).toBe('circle-open');
    expect(fig.data.find((t) => (t.meta as { trend: string }).trend === 'exit-outliers')!.customdata).toEqual([5]);
    expect(fig.data.find((t) => (t.meta as { trend: string }).trend === 'torque-outliers')!.customdata).toEqual([9]);
    expect(fig.data.filter((t) => String((t.meta as { trend: string }).trend).endsWith('-current')).map((t) => t.customdata)).toEqual([[3], [3]]);
    expect((fig.layout.annotations as Array<{ text: string }>).map((a) => a.text)).toEqual(['#204', '#208']);
  });

  it('leaves out holes without a value from that series only', () => {
    const fig = buildTrendFigure({ ...trend, points: [point(1, 1, null, 4), point(2, 2, 12, null)] }, null, []);
    expect(fig.data.map((t) => [(t.meta as { trend: string }).trend, t.customdata])).toEqual([
      ['exit', [2]],
      ['torque', [1]],
    ]);
  });
});
