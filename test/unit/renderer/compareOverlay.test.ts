/**
 * The overlay of reference holes: the figure it adds to the signal plot (through buildFigure), and the pump
 * that cuts each reference's window in the real downsampling logic (DownsampleImpl, run in-thread) with the
 * alignment applied, publishing what the plot draws.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { NeighboursResult } from '../../../src/shared/api/compare.contract';
import type { Label, LabelClass } from '../../../src/shared/api/labels.contract';
import { labelFromDraft } from '../../../src/shared/labels/labelEditOps';
import { createCompareStore, type HoleData } from '../../../src/renderer/features/compare/compareStore';
import { afterOverlayDraw, drawnReferences, onOverlayChange, overlayDrawInput, resetOverlays } from '../../../src/renderer/features/compare/overlayBridge';
import type { OverlayInput } from '../../../src/renderer/features/compare/overlayFigure';
import { startOverlayPump } from '../../../src/renderer/features/compare/overlayPump';
import { refSetId } from '../../../src/renderer/features/compare/referenceSets';
import { buildFigure, type FigureInput } from '../../../src/renderer/features/plot/figure';
import { inThreadClient } from '../../../src/renderer/features/plot/downsampleClient';
import { createAnnotateStore } from '../../../src/renderer/state/annotateStore';
import { DownsampleImpl } from '../../../src/renderer/workers/downsampleImpl';

const classes: LabelClass[] = [
  { id: 'entry', name: 'Entry', kind: 'point', colour: '#2ca02c', hotkey: 'e' },
  { id: 'exit', name: 'Exit', kind: 'point', colour: '#d62728', hotkey: 'x' },
  { id: 'cfrp', name: 'CFRP', kind: 'range', colour: '#1f77b4', hotkey: '2' },
];
const label = (fileId: number, id: string, classId: string, depth: number, depthEnd: number | null = null): Label =>
  labelFromDraft(fileId, { id, classId, depth, depthEnd, value: null }, 'a', '');

const panels = [
  { key: 'i_torque', title: 'Torque' },
  { key: 'i_thrust', title: 'Thrust' },
];

function figureInput(overlays: OverlayInput[], xMode: 'depth' | 'index' = 'depth'): FigureInput {
  return {
    panels,
    traces: { i_torque: { x: new Float64Array([0, 10]), y: new Float64Array([0, 5]) }, i_thrust: { x: new Float64Array([0, 10]), y: new Float64Array([1, 1]) } },
    xMode,
    xRange: null,
    segments: [],
    program: [],
    stopValues: null,
    labels: [label(10, 'own', 'entry', 2)],
    classes,
    selectedId: null,
    toX: (d) => d,
    draft: null,
    uirevision: '10',
    height: 500,
    overlays,
  };
}

const overlay = (fileId: number, focus: boolean, offset: number, role: OverlayInput['role'] = 'prev'): OverlayInput => ({
  fileId,
  title: `${role} #${fileId}`,
  role,
  extraIndex: 0,
  focus,
  offset,
  traces: { i_torque: { x: new Float64Array([0, 6]), y: new Float64Array([3, 4]) }, i_thrust: { x: new Float64Array([0, 6]), y: new Float64Array([0.5, 0.6]) } },
  labels: [
    label(fileId, `e${fileId}`, 'entry', 1.5),
    label(fileId, `r${fileId}`, 'cfrp', 2, 3),
    { ...label(fileId, `x${fileId}`, 'exit', 4), state: 'rejected' },
    // Beyond the reference's traces (and so beyond the open hole's data): not drawn.
    label(fileId, `far${fileId}`, 'exit', 40),
  ],
});

describe('overlay figure', () => {
  it('adds each reference faint on every panel, after the current hole, with its id on each trace', () => {
    const plain = buildFigure(figureInput([]));
    const fig = buildFigure(figureInput([overlay(9, true, 0.5), overlay(11, false, 0, 'next')]));
    const refs = fig.data.slice(plain.data.length);
    expect(fig.data.slice(0, plain.data.length).map((t) => t.name)).toEqual(plain.data.map((t) => t.name));
    expect(refs.map((t) => [(t.meta as { overlay: number }).overlay, t.yaxis])).toEqual([
      [9, 'y'],
      [9, 'y2'],
      [11, 'y'],
      [11, 'y2'],
    ]);
    expect(refs[0]!.opacity as number).toBeGreaterThan(refs[2]!.opacity as number);
    expect(refs[0]!.opacity as number).toBeLessThan(1);
    expect(refs[2]!.hoverinfo).toBe('skip');
    expect(drawnReferences(fig.data)).toEqual([9, 11]);
  });

  it("draws the references' labels moved by their alignment offset, captions only for the focused one, never rejected ones", () => {
    const fig = buildFigure(figureInput([overlay(9, true, 0.5), overlay(11, false, -0.25, 'next')]));
    const shapes = fig.layout.shapes as Array<{ name?: string; x0: number; x1: number }>;
    const of = (name: string) => shapes.find((s) => s.name === name)!;
    expect(of('overlay-label:9:e9').x0).toBeCloseTo(2.0, 12);
    expect(of('overlay-label:9:r9')).toMatchObject({ x0: 2.5, x1: 3.5 });
    expect(of('overlay-label:11:e11').x0).toBeCloseTo(1.25, 12);
    expect(shapes.some((s) => s.name === 'overlay-label:9:x9')).toBe(false);
    expect(shapes.some((s) => s.name === 'overlay-label:9:far9')).toBe(false);
    const names = (fig.layout.annotations as Array<{ name?: string; text?: string }>).map((a) => a.name ?? '');
    expect(names.filter((n) => n.startsWith('overlay-caption:'))).toEqual(['overlay-caption:9:e9', 'overlay-caption:9:r9']);
    expect(names.filter((n) => n.startsWith('overlay-key:'))).toEqual(['overlay-key:9', 'overlay-key:11']);
    // The current hole's own label is still drawn as before.
    expect(shapes.some((s) => s.name === 'label:own')).toBe(true);
  });

  it('draws no overlay against the sample index (the holes share no index axis)', () => {
    const fig = buildFigure(figureInput([overlay(9, true, 0)], 'index'));
    expect(drawnReferences(fig.data)).toEqual([]);
  });

  it('tells the page which references a draw showed', () => {
    const el = { dataset: {} as Record<string, string> } as unknown as HTMLElement;
    afterOverlayDraw(el, 10, buildFigure(figureInput([overlay(9, true, 0), overlay(11, false, 0, 'next')])).data);
    expect(el.dataset.overlays).toBe('10:9,11');
    afterOverlayDraw(el, 10, buildFigure(figureInput([])).data);
    expect(el.dataset.overlays).toBe('');
  });
});

/** A hole of `n` samples from depth `start` to `start + 10`, torque = depth (so a value says where it came from). */
function hole(n: number, start: number): { depth: Float64Array; columns: Record<string, Float64Array> } {
  const depth = Float64Array.from({ length: n }, (_, i) => start + (10 * i) / (n - 1));
  return { depth, columns: { i_torque: depth.slice(), i_thrust: Float64Array.from(depth, () => 1) } };
}

describe('overlay pump', () => {
  let stop: (() => void) | null = null;
  afterEach(() => {
    stop?.();
    stop = null;
    resetOverlays();
  });

  const neighbours: NeighboursResult = {
    fileId: 10,
    head: { name: 'H', tag: null },
    globalCounter: 100,
    before: [{ inCatalog: true, id: 9, name: 'h99.xls', globalCounter: 99, localCounter: null, offset: -1, absentCount: 0, missing: false, status: 'unlabelled' }],
    after: [{ inCatalog: true, id: 11, name: 'h101.xls', globalCounter: 101, localCounter: null, offset: 1, absentCount: 0, missing: false, status: 'unlabelled' }],
  };

  async function setUp(holes: Record<number, HoleData>, alignment: string) {
    const client = inThreadClient(new DownsampleImpl());
    const main = hole(2001, 0);
    await client.load('10', main.depth, main.columns);
    // The previous hole starts 0.5 mm deeper, the next one 0.25 mm shallower.
    for (const [id, start] of [
      [9, 0.5],
      [11, -0.25],
    ] as const) {
      const h = hole(3001, start);
      await client.load(refSetId(id), h.depth, h.columns);
    }
    const annotate = createAnnotateStore({ fileId: 10, signalsReady: 10, dataExtent: [0, 10], labels: [label(10, 'own', 'entry', 2)] });
    const compare = createCompareStore({ fileId: 10, neighbours, overlayOn: true, alignment, holes });
    return { client, annotate, compare };
  }

  /** Resolves at the first publish after which `ok` holds for the open file's overlays. */
  function published(ok: (o: OverlayInput[]) => boolean): Promise<OverlayInput[]> {
    return new Promise((resolve) => {
      const off = onOverlayChange(() => {
        const o = overlayDrawInput(10);
        if (ok(o)) {
          off();
          resolve(o);
        }
      });
    });
  }

  const ready = (fileId: number, entry: number): HoleData => ({ labels: [label(fileId, `e${fileId}`, 'entry', entry)], ready: true, error: null, thumb: null });

  it('publishes each loaded reference aligned on the chosen label, cut to the current hole while it shows whole', async () => {
    const { client, annotate, compare } = await setUp({ 9: ready(9, 2.5), 11: ready(11, 1.75) }, 'entry');
    const got = published((o) => o.length === 2);
    stop = startOverlayPump(annotate, compare, { client, plotWidth: () => 880 });
    const [prev, next] = await got;
    expect([prev!.fileId, prev!.role, prev!.focus, next!.fileId, next!.role, next!.focus]).toEqual([9, 'prev', true, 11, 'next', false]);
    expect(prev!.offset).toBeCloseTo(-0.5, 12);
    expect(next!.offset).toBeCloseTo(0.25, 12);
    for (const o of [prev!, next!]) {
      const t = o.traces.i_torque!;
      // Torque is the reference's own depth: moved by the offset it lands on the same x as the current hole.
      for (let i = 0; i < t.x.length; i++) expect(t.x[i]!).toBeCloseTo(t.y[i]! + o.offset, 9);
      expect(t.x[0]!).toBeGreaterThanOrEqual(0 - 0.01);
      expect(t.x.at(-1)!).toBeLessThanOrEqual(10 + 0.01);
      expect(o.traces.i_thrust!.x.length).toBeGreaterThan(0);
    }
  });

  it('follows the view, the focus (j) and the overlay switch (o)', async () => {
    const { client, annotate, compare } = await setUp({ 9: ready(9, 2.5), 11: ready(11, 1.75) }, 'depth');
    let got = published((o) => o.length === 2);
    stop = startOverlayPump(annotate, compare, { client, plotWidth: () => 880 });
    expect((await got).map((o) => o.offset)).toEqual([0, 0]);

    got = published((o) => o.length === 2 && o[0]!.traces.i_torque!.x[0]! > 2);
    annotate.setState({ viewRange: [4, 6] });
    const zoomed = await got;
    // The view and half a view beyond each side.
    for (const o of zoomed) {
      expect(o.traces.i_torque!.x[0]!).toBeGreaterThanOrEqual(3 - 0.01);
      expect(o.traces.i_torque!.x.at(-1)!).toBeLessThanOrEqual(7 + 0.01);
    }

    got = published((o) => o.length === 2 && o[1]!.focus);
    compare.setState({ referenceIndex: 1 });
    expect((await got).map((o) => o.focus)).toEqual([false, true]);

    got = published((o) => o.length === 0);
    compare.setState({ overlayOn: false });
    expect(await got).toEqual([]);
  });

  it('draws a reference whose label is missing by depth, and leaves out one not loaded yet', async () => {
    const { client, annotate, compare } = await setUp({ 9: { ...ready(9, 0), labels: [] }, 11: { ...ready(11, 1.75), ready: false } }, 'entry');
    const got = published((o) => o.length === 1);
    stop = startOverlayPump(annotate, compare, { client, plotWidth: () => 880 });
    const [only] = await got;
    expect([only!.fileId, only!.offset]).toEqual([9, 0]);
  });
});
