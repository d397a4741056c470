/**
 * How proposals are shown: dashed and lighter than labels on the plot with their confidence in the caption
 * and provenance + reasons on hover, rejected ones hidden from the plot but listed by the table's filter;
 * which labels the readouts and hotkeys count (confirmed only). Pure, no DOM.
 */
import { describe, expect, it } from 'vitest';
import type { Label, LabelClass } from '../../../src/shared/api/labels.contract';
import { labelFromDraft } from '../../../src/shared/labels/labelEditOps';
import { buildFigure, labelCaption, labelHoverText } from '../../../src/renderer/features/plot/figure';
import { filterByState, stateCounts } from '../../../src/renderer/features/annotate/labelTableModel';
import {
  allDepthLabels,
  applyLocal,
  attributeLabel,
  confirmedLabels,
  depthLabels,
  depthProposals,
  humanPoint,
  proposalsAtLeast,
} from '../../../src/renderer/state/labelOps';

const classes: LabelClass[] = [
  { id: 'entry', name: 'Entry', kind: 'point', colour: '#2ca02c', hotkey: 'e' },
  { id: 'exit', name: 'Exit', kind: 'point', colour: '#d62728', hotkey: 'x' },
  { id: 'cfrp', name: 'CFRP', kind: 'range', colour: '#1f77b4', hotkey: '2' },
  { id: 'anomaly', name: 'Anomaly', kind: 'attribute', colour: '#843c39', hotkey: 'a', valueType: 'choice', choices: ['air cycle', 'other'] },
];

const human = (id: string, classId: string, depth: number | null, depthEnd: number | null = null): Label =>
  labelFromDraft(1, { id, classId, depth, depthEnd, value: null }, 'ann', '2025-01-01T00:00:00.000Z');

const proposal = (id: string, classId: string, depth: number | null, over: Partial<Label> = {}): Label => ({
  ...labelFromDraft(1, { id, classId, depth, depthEnd: null, value: null, source: 'stepcode', state: 'proposed', provenance: 'stepcode@1', confidence: 0.92 }, 'autolabel', '2025-01-01T00:00:00.000Z'),
  details: { reasons: ['step 1 ended on TORQUE_MAX at 3.2 A'] },
  ...over,
});

function figureOf(labels: Label[], selectedId: string | null = null) {
  const fig = buildFigure({
    panels: [{ key: 'i_torque', title: 'Torque' }],
    traces: {},
    xMode: 'depth',
    xRange: null,
    segments: [],
    program: [],
    stopValues: null,
    labels,
    classes,
    selectedId,
    toX: (d) => d,
    draft: null,
    uirevision: 'r',
    height: 300,
  });
  return fig.layout as { shapes: Record<string, unknown>[]; annotations: Record<string, unknown>[] };
}

describe('proposals on the plot', () => {
  it('draws a proposal lighter than a label (dashed when recorded by the drill, dotted when a heuristic inferred it), captioned with its confidence, provenance and reasons on hover', () => {
    const layout = figureOf([human('h', 'entry', 2), proposal('p', 'exit', 9), proposal('r', 'cfrp', 3, { depthEnd: 5, confidence: 0.55, source: 'heuristic', provenance: 'heuristic-torque-walkback@1' })]);
    const line = (name: string) => layout.shapes.find((s) => s.name === name)!.line as { color: string; dash: string; width: number };
    expect(line('label:h')).toMatchObject({ color: '#2ca02c', dash: 'solid' });
    expect(line('label:p').dash).toBe('dash');
    expect(line('label:p').color).toMatch(/^rgba\(214,39,40,0\.\d+\)$/); // the class colour, lighter
    expect(line('label:p').width).toBeLessThan(line('label:h').width);
    expect(line('label:r').dash).toBe('dot');

    const caption = (name: string) => layout.annotations.find((a) => a.name === name)!;
    expect(caption('caption:h').text).toBe('Entry');
    expect(caption('caption:p').text).toBe('<i>Exit?</i> 0.92');
    expect(caption('caption:p').hovertext).toContain('stepcode@1');
    expect(caption('caption:p').hovertext).toContain('step 1 ended on TORQUE_MAX at 3.2 A');
    expect(caption('caption:r').hovertext).toContain('heuristic-torque-walkback@1');
    expect(caption('caption:r').text).toContain('0.55');
  });

  it('hides rejected proposals from the plot and shows where an accepted one came from', () => {
    const moved: Label = { ...human('m', 'exit', 9.4), origin: { depth: 9, depthEnd: null, value: null, source: 'stepcode', provenance: 'stepcode@1', confidence: 0.92 } };
    const layout = figureOf([proposal('gone', 'entry', 2, { state: 'rejected' }), moved]);
    expect(layout.shapes.some((s) => s.name === 'label:gone')).toBe(false);
    expect(layout.annotations.some((a) => a.name === 'caption:gone')).toBe(false);
    expect(layout.annotations.find((a) => a.name === 'caption:m')!.hovertext).toContain('moved from 9.00 mm (proposed by stepcode@1)');
    const accepted: Label = { ...proposal('a', 'exit', 9), state: 'confirmed', origin: moved.origin };
    expect(labelHoverText(accepted, 'Exit')).toContain('accepted as proposed by stepcode@1');
  });

  it('escapes provenance and reasons in the hover text, and marks the selected label', () => {
    const p = proposal('p', 'exit', 9, { provenance: 'model:<x>', details: { reasons: ['a < b & c'] } });
    expect(labelHoverText(p, 'Exit')).toContain('model:&lt;x&gt;');
    expect(labelHoverText(p, 'Exit')).toContain('a &lt; b &amp; c');
    expect(labelCaption(p, 'Exit', true)).toBe('<b><i>Exit?</i> 0.92</b> 9.00');
    const layout = figureOf([p], 'p');
    expect((layout.shapes.find((s) => s.name === 'label:p')!.line as { width: number }).width).toBeGreaterThan(2);
  });
});

describe('which labels count', () => {
  const labels = [
    human('h-entry', 'entry', 3),
    proposal('p-entry', 'entry', 2),
    proposal('p-exit', 'exit', 9, { confidence: 0.79 }),
    proposal('x-exit', 'exit', 8, { state: 'rejected' }),
    proposal('p-anom', 'anomaly', null, { value: 'air cycle', confidence: 0.85 }),
  ];

  it('plot and Tab see labels and pending proposals; the table lists rejected ones too; Alt+] only proposals', () => {
    expect(depthLabels(labels, classes).map((l) => l.id)).toEqual(['p-entry', 'h-entry', 'p-exit']);
    expect(allDepthLabels(labels, classes).map((l) => l.id)).toEqual(['p-entry', 'h-entry', 'x-exit', 'p-exit']);
    expect(depthProposals(labels, classes).map((l) => l.id)).toEqual(['p-entry', 'p-exit']);
    const listed = allDepthLabels(labels, classes);
    expect(stateCounts(listed)).toEqual({ all: 4, proposed: 2, confirmed: 1, rejected: 1 });
    expect(filterByState(listed, 'rejected').map((l) => l.id)).toEqual(['x-exit']);
    expect(filterByState(listed, 'all')).toHaveLength(4);
  });

  it('readouts and hotkey placement consider confirmed labels only', () => {
    expect(confirmedLabels(labels).map((l) => l.id)).toEqual(['h-entry']);
    expect(humanPoint(labels, 'entry')!.id).toBe('h-entry');
    expect(humanPoint(labels, 'exit')).toBeNull();
    const accepted = applyLocal(labels, { op: 'update', fileId: 1, id: 'p-exit', patch: { state: 'confirmed' } });
    expect(humanPoint(accepted, 'exit')!.id).toBe('p-exit');
  });

  it('accept-all picks pending proposals at or above the threshold; an attribute shows its proposal until decided', () => {
    expect(proposalsAtLeast(labels, 0.8).map((l) => l.id)).toEqual(['p-entry', 'p-anom']);
    expect(proposalsAtLeast(labels, 0.79).map((l) => l.id)).toEqual(['p-entry', 'p-exit', 'p-anom']);
    expect(attributeLabel(labels, 'anomaly')!.id).toBe('p-anom');
    const withHuman = [...labels, { ...human('h-anom', 'anomaly', null), value: 'other' }];
    expect(attributeLabel(withHuman, 'anomaly')!.id).toBe('h-anom');
    expect(attributeLabel(applyLocal(labels, { op: 'update', fileId: 1, id: 'p-anom', patch: { state: 'rejected' } }), 'anomaly')).toBeNull();
  });

  it('the local copy of a move or an undo agrees with the back end rule', () => {
    const [moved] = applyLocal([proposal('p', 'exit', 9)], { op: 'update', fileId: 1, id: 'p', patch: { depth: 9.5 } });
    expect(moved).toMatchObject({ depth: 9.5, source: 'human', state: 'confirmed' });
    // An undo names source and state itself: they are taken as given.
    const [back] = applyLocal([moved!], { op: 'update', fileId: 1, id: 'p', patch: { depth: 9, source: 'stepcode', state: 'proposed' } });
    expect(back).toMatchObject({ depth: 9, source: 'stepcode', state: 'proposed' });
    // Accepting is not a correction: the source stays.
    const [acc] = applyLocal([proposal('p', 'exit', 9)], { op: 'update', fileId: 1, id: 'p', patch: { state: 'confirmed' } });
    expect(acc).toMatchObject({ source: 'stepcode', state: 'confirmed' });
  });
});
