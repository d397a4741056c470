/**
 * Caption layout: captions of close labels go into rows of their own (no two boxes of a row overlap at the
 * pixel scale), far ones stay in the first row; panel titles sit in their own row above each panel; step
 * names are placed on the visible part of each step. Pure: the figure as data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StepSegment } from '../../../src/shared/api/catalog.contract';
import type { Label, LabelClass } from '../../../src/shared/api/labels.contract';
import { labelFromDraft } from '../../../src/shared/labels/labelEditOps';
import { captionRows, CAPTION_GAP_PX, CAPTION_ROW_PX, estimateTextWidth, MAX_CAPTION_ROWS, plainText } from '../../../src/renderer/features/plot/captionLayout';
import { buildFigure } from '../../../src/renderer/features/plot/figure';
import { panelDomains, PANEL_TITLE_PX } from '../../../src/renderer/features/plot/figureLayout';
import { stepNames } from '../../../src/renderer/features/plot/stepBand';

describe('caption rows', () => {
  it('puts a caption in the first row where it fits after the last one, else a new row', () => {
    const rows = captionRows([
      { id: 'a', x: 0, width: 50 },
      { id: 'b', x: 20, width: 50 },
      { id: 'c', x: 40, width: 50 },
      { id: 'd', x: 60, width: 50 },
      { id: 'e', x: 200, width: 50 },
    ]);
    expect(Object.fromEntries(rows)).toEqual({ a: 0, b: 1, c: 2, d: 0, e: 0 });
  });

  it('never overlaps two captions of one row while there are rows left (any positions and widths)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ x: fc.integer({ min: 0, max: 800 }), width: fc.integer({ min: 10, max: 120 }) }), { maxLength: 12 }), (items) => {
        const boxes = items.map((b, i) => ({ id: `c${i}`, ...b }));
        const rows = captionRows(boxes);
        const used = Math.max(0, ...rows.values());
        if (used >= MAX_CAPTION_ROWS - 1) return; // a crowd beyond the rows: reuse is allowed
        for (const a of boxes)
          for (const b of boxes) {
            if (a === b || rows.get(a.id) !== rows.get(b.id)) continue;
            const apart = a.x + a.width + CAPTION_GAP_PX <= b.x || b.x + b.width + CAPTION_GAP_PX <= a.x;
            expect(apart).toBe(true);
          }
      }),
    );
  });

  it('orders captions at the very same x by their text, whatever their ids, so the picture is the same every run', () => {
    const boxes = (ids: [string, string]) => [
      { id: ids[0], x: 100, width: 60, tie: 'Ti? 0.80' },
      { id: ids[1], x: 100, width: 60, tie: 'CFRP→Ti transition? 0.90' },
    ];
    for (const ids of [['a', 'b'], ['b', 'a'], ['zz', '00']] as Array<[string, string]>) {
      const rows = captionRows(boxes(ids));
      expect(rows.get(ids[1])).toBe(0); // 'C…' before 'T…'
      expect(rows.get(ids[0])).toBe(1);
    }
  });

  it('measures the text as shown', () => {
    expect(plainText('<b><i>Exit?</i> 0.92</b> 9.00')).toBe('Exit? 0.92 9.00');
    expect(plainText('a &lt; b &amp; c')).toBe('a < b & c');
  });
});

const classes: LabelClass[] = [
  { id: 'entry', name: 'Entry', kind: 'point', colour: '#2ca02c', hotkey: 'e' },
  { id: 'exit', name: 'Exit', kind: 'point', colour: '#d62728', hotkey: 'x' },
  { id: 'cfrp', name: 'CFRP', kind: 'range', colour: '#1f77b4', hotkey: '2' },
];
const label = (id: string, classId: string, depth: number, depthEnd: number | null = null, over: Partial<Label> = {}): Label => ({
  ...labelFromDraft(1, { id, classId, depth, depthEnd, value: null }, 'a', ''),
  ...over,
});
const seg = (step: number, a: number, b: number): StepSegment => ({ step, startIndex: a * 100, endIndex: b * 100, startDepth: a, endDepth: b, stopCode: 0, stopLabel: 'none (0)' });

function figure(labels: Label[], xRange: [number, number], segments: StepSegment[] = []) {
  const fig = buildFigure({
    panels: [
      { key: 'i_torque', title: 'Torque current (A)' },
      { key: 'i_thrust', title: 'Thrust current (A)' },
      { key: 'gap', title: 'Gap Length (mm)' },
      { key: 'power', title: 'Torque Power (W)' },
    ],
    traces: {},
    xMode: 'depth',
    xRange,
    segments,
    program: [],
    stopValues: null,
    labels,
    classes,
    selectedId: null,
    toX: (d) => d,
    draft: null,
    uirevision: 'r',
    height: 500,
    width: 900,
    measureText: estimateTextWidth,
    yRanges: { i_thrust: [0, 1.5] },
  });
  return fig.layout as Record<string, unknown> & { annotations: Record<string, unknown>[] };
}

const shiftOf = (layout: { annotations: Record<string, unknown>[] }, id: string): number => Number(layout.annotations.find((a) => a.name === `caption:${id}`)!.yshift ?? 0);

describe('captions on the figure', () => {
  const labels = [label('e', 'entry', 10), label('x', 'exit', 10.1), label('pe', 'entry', 10.05, null, { state: 'proposed', source: 'stepcode', confidence: 0.9 }), label('r', 'cfrp', 10, 12)];

  it('close labels are staggered into rows at the whole-signal scale; head captions step down, foot captions up', () => {
    const layout = figure(labels, [0, 30]);
    expect(shiftOf(layout, 'e')).toBe(0);
    expect(shiftOf(layout, 'x')).toBe(-CAPTION_ROW_PX);
    // The proposal and the range are both at the foot.
    expect([shiftOf(layout, 'pe'), shiftOf(layout, 'r')].sort()).toEqual([0, CAPTION_ROW_PX]);
  });

  it('zoomed in far enough, the same labels share the first row', () => {
    const layout = figure(labels, [9.9, 10.4]);
    expect(labels.map((l) => shiftOf(layout, l.id))).toEqual([0, 0, 0, 0]);
  });

  it('panel titles are written in a row above each panel, none as an axis title; y ranges are taken as given', () => {
    const layout = figure([], [0, 30]);
    const domains = panelDomains(4, 500 - 24 - 40);
    const titles = layout.annotations.filter((a) => String(a.name).startsWith('title:'));
    expect(titles.map((t) => t.text)).toEqual(['Torque current (A)', 'Thrust current (A)', 'Gap Length (mm)', 'Torque Power (W)']);
    titles.forEach((t, i) => expect(t).toMatchObject({ xref: 'paper', x: 0, yanchor: 'bottom', y: domains[i]![1] }));
    // Each title row fits between its panel and the one above (or the top of the plot).
    for (let i = 0; i < domains.length; i++) {
      const above = i === 0 ? 1 : domains[i - 1]![0];
      expect((above - domains[i]![1]) * (500 - 24 - 40)).toBeGreaterThanOrEqual(PANEL_TITLE_PX - 1e-9);
    }
    expect((layout.yaxis as { title: { text: string } }).title.text).toBe('');
    expect(layout.yaxis2).toMatchObject({ range: [0, 1.5], autorange: false });
    expect(layout.yaxis).toMatchObject({ autorange: true });
  });
});

describe('step names in the band above the plot', () => {
  const segments = [seg(0, 0, 10), seg(1, 10, 20), seg(2, 20, 20.3)];

  it('names every step that overlaps the view at the middle of its visible part', () => {
    const names = stepNames(segments, 'depth', [15, 30], 900, estimateTextWidth);
    expect(names.map((n) => [n.text, n.x])).toEqual([
      ['Step 1', 17.5],
      ['2', 20.15], // 18 px wide at this scale: the number only
    ]);
    // Zoomed into step 1 only: its name is there, in the middle of the view.
    expect(stepNames(segments, 'depth', [12, 13], 900, estimateTextWidth).map((n) => [n.text, n.x])).toEqual([['Step 1', 12.5]]);
  });

  it('a step too narrow for its name gets its number, narrower still nothing', () => {
    const names = stepNames(segments, 'depth', [0, 30], 900, estimateTextWidth);
    expect(names.map((n) => n.text)).toEqual(['Step 0', 'Step 1']); // step 2 is 9 px wide here
    expect(stepNames(segments, 'depth', [19, 21], 900, estimateTextWidth).map((n) => n.text)).toEqual(['Step 1', 'Step 2']);
  });

  it('the figure carries the names of the view', () => {
    const layout = figure([], [12, 13], segments);
    expect(layout.annotations.filter((a) => String(a.name).startsWith('step:')).map((a) => [a.text, a.x])).toEqual([['Step 1', 12.5]]);
  });
});
