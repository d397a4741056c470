import { describe, expect, it } from 'vitest';
import type { StepSegment } from '../../../src/shared/api/catalog.contract';
import type { Label, LabelClass } from '../../../src/shared/api/labels.contract';
import { labelFromDraft } from '../../../src/shared/labels/labelEditOps';
import { buildFigure, extraColumnsOf, panelDomains, shortStopName, stepHoverText, stopClassOf } from '../../../src/renderer/features/plot/figure';
import { labelUnderPointer, pixelToX, xToPixel, indexOfDepthMapper } from '../../../src/renderer/features/plot/plotGeometry';
import { panRange, windowCovers, windowFor, zoomRange } from '../../../src/renderer/features/plot/viewMath';

const seg = (step: number, s: number, e: number, code: number, label: string): StepSegment => ({
  step,
  startIndex: s,
  endIndex: e,
  startDepth: s / 100,
  endDepth: e / 100,
  stopCode: code,
  stopLabel: label,
});

const classes: LabelClass[] = [
  { id: 'entry', name: 'Entry', kind: 'point', colour: '#2ca02c', hotkey: 'e' },
  { id: 'cfrp', name: 'CFRP', kind: 'range', colour: '#1f77b4', hotkey: '2' },
];
const label = (id: string, classId: string, depth: number, depthEnd: number | null = null): Label =>
  labelFromDraft(1, { id, classId, depth, depthEnd, value: null }, 'a', '');

describe('figure', () => {
  it('stacks panels top-down without overlap', () => {
    const d = panelDomains(4);
    expect(d[0]![1]).toBe(1);
    for (let i = 1; i < d.length; i++) expect(d[i]![1]).toBeLessThan(d[i - 1]![0]);
    expect(d.at(-1)![0]).toBeGreaterThanOrEqual(0);
    expect(d[0]![1] - d[0]![0]).toBeGreaterThan(d[3]![1] - d[3]![0]);
  });

  it('draws traces on a shared x, steps shaded and named, stop codes as markers, labels as lines and bands', () => {
    const fig = buildFigure({
      panels: [
        { key: 'i_torque', title: 'Torque' },
        { key: 'i_thrust', title: 'Thrust' },
      ],
      traces: { i_torque: { x: new Float64Array([0, 1]), y: new Float64Array([0, 5]) }, i_thrust: { x: new Float64Array([0, 1]), y: new Float64Array([1, 1]) } },
      xMode: 'depth',
      xRange: [0.5, 2],
      segments: [seg(0, 0, 99, 1, 'TORQUE_MAX (1)'), seg(1, 100, 199, 2048, 'TORQUE_MIN (2048)')],
      program: [{ stepNb: 1, strokeMm: 5, rpm: 3000, feedMmS: 1.2, feedMmRev: null, thrustMaxA: null, torqueMaxA: null, thrustMinA: null, torqueMinA: 1.5, gapMm: 0.2 }],
      stopValues: new Float64Array([3, 4]),
      labels: [label('a', 'entry', 0.7), label('b', 'cfrp', 1.0, 1.5)],
      classes,
      selectedId: 'a',
      toX: (d) => d,
      draft: null,
      uirevision: '1',
      height: 500,
    });
    expect(fig.data.filter((t) => t.mode === 'lines').map((t) => t.yaxis)).toEqual(['y', 'y2']);
    expect(fig.data.every((t) => t.xaxis === 'x')).toBe(true);
    const stops = fig.data.find((t) => t.name === 'Stop codes')!;
    expect(stops.text).toEqual(['TORQUE_MAX', 'TORQUE_MIN']);
    expect(stops.x).toEqual([0.99, 1.99]);
    expect(stops.y).toEqual([3, 4]);
    const layout = fig.layout as { xaxis: { range: number[] }; shapes: Record<string, unknown>[]; annotations: Record<string, unknown>[] };
    expect(layout.xaxis.range).toEqual([0.5, 2]);
    const names = layout.annotations.map((a) => a.text);
    expect(names).toContain('Step 0');
    expect(names).toContain('Step 1');
    const hover = layout.annotations.find((a) => a.text === 'Step 1')!.hovertext as string;
    expect(hover).toContain('3000 rpm');
    expect(hover).toContain('torque min 1.5 A');
    expect(hover).toContain('TORQUE_MIN (2048)');
    const entry = layout.shapes.find((s) => s.name === 'label:a')!;
    expect(entry).toMatchObject({ type: 'line', x0: 0.7, x1: 0.7 });
    expect((entry.line as { width: number }).width).toBeGreaterThan(2); // selected
    expect(layout.shapes.find((s) => s.name === 'label:b')).toMatchObject({ type: 'rect', x0: 1, x1: 1.5 });
  });

  it('names and classes of stop codes', () => {
    expect(shortStopName('KILLMOT_M1 + TORQUE_LIMIT (131074)')).toBe('KILLMOT_M1 + TORQUE_LIMIT');
    expect(stopClassOf(131074)).toBe('anomaly');
    expect(stopClassOf(2048)).toBe('event');
    expect(stopClassOf(64)).toBe('programmed');
    expect(stepHoverText(seg(2, 0, 10, 64, 'STROKE_LIMIT (64)'), undefined)).toContain('ended by STROKE_LIMIT (64)');
  });

  it('offers only the extra columns as extra panels', () => {
    const cols = ['position', 'i_torque', 'i_thrust', 'i_torque_empty', 'i_thrust_empty', 'step', 'stop_code', 'torque_power', 'gap_length'].map((key) => ({
      key,
      name: key,
      unit: key === 'torque_power' ? 'W' : '',
    }));
    expect(extraColumnsOf(cols)).toEqual([
      { key: 'torque_power', title: 'torque_power (W)' },
      { key: 'gap_length', title: 'gap_length' },
    ]);
  });
});

describe('plot geometry', () => {
  const ax = { offset: 60, length: 600, range: [10, 40] as [number, number] };
  it('converts pixels and data both ways', () => {
    expect(pixelToX(ax, 60)).toBe(10);
    expect(pixelToX(ax, 660)).toBe(40);
    expect(xToPixel(ax, 25)).toBe(360);
  });
  it('finds the label line or range edge under the pointer', () => {
    const labels = [label('p', 'entry', 20), label('r', 'cfrp', 30, 35)];
    expect(labelUnderPointer(labels, (d) => d, ax, xToPixel(ax, 20) + 4)).toEqual({ labelId: 'p', edge: 'point' });
    expect(labelUnderPointer(labels, (d) => d, ax, xToPixel(ax, 35) - 3)).toEqual({ labelId: 'r', edge: 'end' });
    expect(labelUnderPointer(labels, (d) => d, ax, xToPixel(ax, 25))).toBeNull();
  });
  it('maps depths to sample indices on non-monotonic depth', () => {
    const toIndex = indexOfDepthMapper([0, 1, 2, 1.8, 3]);
    expect(toIndex(1.9)).toBe(2);
    expect(toIndex(2.5)).toBe(4);
    expect(toIndex(10)).toBe(4);
  });
});

describe('keyboard pan and zoom', () => {
  it('pans by a fraction of the window, clamped to the data', () => {
    expect(panRange([10, 20], [0, 100], 0.5)).toEqual([15, 25]);
    expect(panRange([90, 100], [0, 100], 0.5)).toEqual([90, 100]);
    expect(panRange(null, [0, 100], -0.25)).toEqual([0, 100]);
  });
  it('zooms around a centre', () => {
    expect(zoomRange([0, 100], [0, 100], 0.5, 50)).toEqual([25, 75]);
    expect(zoomRange([0, 100], [0, 100], 0.5, 0)).toEqual([0, 50]);
    expect(zoomRange([25, 75], [0, 100], 4)).toEqual([0, 100]);
  });
});

describe('data window with margin', () => {
  const extent: [number, number] = [0, 100];
  it('asks for half a view more on each side at the same density', () => {
    expect(windowFor([40, 60], 500)).toEqual({ x0: 30, x1: 70, buckets: 1000 });
    expect(windowFor(null, 500)).toEqual({ x0: null, x1: null, buckets: 500 });
  });
  it('serves small pans and zooms from the data drawn, and asks again when the view leaves it or gets too sparse', () => {
    const win = windowFor([40, 60], 500);
    expect(windowCovers(win, extent, [45, 65], 500)).toBe(true); // pan by a quarter
    expect(windowCovers(win, extent, [55, 75], 500)).toBe(false); // beyond the margin
    expect(windowCovers(win, extent, [43, 57], 500)).toBe(true); // zoom in ×0.7
    expect(windowCovers(win, extent, [45, 55], 500)).toBe(false); // zoom in ×0.5: too sparse
    expect(windowCovers(win, extent, [32, 68], 500)).toBe(true); // zoom out within the window
    expect(windowCovers(win, extent, null, 500)).toBe(false);
    const full = windowFor(null, 500);
    expect(windowCovers(full, extent, null, 500)).toBe(true);
    expect(windowCovers(full, extent, [0, 80], 500)).toBe(true);
    expect(windowCovers(full, extent, [0, 50], 500)).toBe(false);
    // At the edge of the data the margin beyond it is not needed.
    expect(windowCovers(windowFor([0, 20], 500), extent, [-5, 15], 500)).toBe(true);
  });
});
