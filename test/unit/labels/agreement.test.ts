// The agreement report as a pure function: exact numbers on hand-made labels.
import { describe, expect, it } from 'vitest';
import type { LabelOrigin } from '../../../src/shared/api/labels.contract';
import { agreementReport, offsetHistogram, offsetStats, proposalOutcome, quantile, type AgreementLabel } from '../../../src/shared/labels/agreement';

const CLASSES = [
  { id: 'entry', name: 'Entry', kind: 'point' as const },
  { id: 'exit', name: 'Exit', kind: 'point' as const },
  { id: 'countersink', name: 'Countersink', kind: 'range' as const },
  { id: 'stack_thickness', name: 'Stack thickness', kind: 'attribute' as const },
];

let nextFile = 1;
const ORIGIN: LabelOrigin = { depth: 2, depthEnd: null, value: null, source: 'stepcode', provenance: 'stepcode@1', confidence: 0.9 };
/** A label that by default is its proposal accepted as made; `origin: null` for one no machine proposed. */
function label(over: Omit<Partial<AgreementLabel>, 'origin'> & { origin: Partial<LabelOrigin> | null }): AgreementLabel {
  const origin: LabelOrigin | null = over.origin === null ? null : { ...ORIGIN, ...over.origin };
  return {
    fileId: nextFile++,
    classId: 'entry',
    state: 'confirmed',
    source: origin?.source ?? 'human',
    depth: origin?.depth ?? null,
    depthEnd: origin?.depthEnd ?? null,
    value: origin?.value ?? null,
    ...over,
    origin,
  };
}

/** Six entry proposals, one of each fate, at a mix of confidences and provenances. */
const ENTRY: AgreementLabel[] = [
  label({ origin: { depth: 2, confidence: 0.95 } }), // accepted as proposed: offset 0
  label({ origin: { depth: 18.3, confidence: 0.9 }, depth: 18.6, source: 'human' }), // moved +0.3
  label({ origin: { depth: 2, confidence: 0.6, source: 'heuristic', provenance: 'heuristic-torque-walkback@1' }, depth: 1.8, source: 'human' }), // −0.2
  label({ origin: { depth: 2, confidence: 0.45, source: 'heuristic', provenance: 'heuristic-torque-walkback@1' }, depth: 3, source: 'human' }), // +1.0
  label({ origin: { depth: 2, confidence: 0.8 }, state: 'rejected' }),
  label({ origin: { depth: 2, confidence: null, provenance: null }, state: 'proposed' }),
];

describe('what became of a proposal', () => {
  it('reads pending, rejected, accepted and moved from the label and its origin', () => {
    expect(ENTRY.map(proposalOutcome)).toEqual(['accepted', 'moved', 'moved', 'moved', 'rejected', 'pending']);
  });

  it('counts a confirmed label whose position differs from its origin as moved, whatever its source says', () => {
    expect(proposalOutcome(label({ origin: { depth: 2 }, depth: 2.5, source: 'stepcode' }))).toBe('moved');
    expect(proposalOutcome(label({ origin: { depth: 20, depthEnd: 21 }, depthEnd: 21.5 }))).toBe('moved');
    expect(proposalOutcome(label({ origin: { depth: null, value: 12.5 }, value: 12.7 }))).toBe('moved');
    expect(proposalOutcome(label({ origin: { depth: null, value: 12.5 } }))).toBe('accepted');
  });

  it('leaves out labels that were never proposed', () => {
    expect(proposalOutcome(label({ origin: null, depth: 4 }))).toBeNull();
  });
});

describe('offset statistics', () => {
  it('interpolates quantiles linearly between ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([0, 10], 0.95)).toBeCloseTo(9.5, 12);
    expect(() => quantile([], 0.5)).toThrow(/no values/);
  });

  it('gives a signed mean and absolute median, p95 and maximum', () => {
    expect(offsetStats([0, 0.3, -0.2, 1])).toEqual({ n: 4, meanSignedMm: 0.275, meanAbsMm: 0.375, medianAbsMm: 0.25, p95AbsMm: 0.895, maxAbsMm: 1 });
    expect(offsetStats([-0.4, -0.2])).toMatchObject({ meanSignedMm: -0.3, medianAbsMm: 0.3 });
    expect(offsetStats([])).toBeNull();
  });
});

describe('offset histogram', () => {
  it('bins signed offsets centred on multiples of the width, edges going up, empty bins in between', () => {
    expect(offsetHistogram([0.15, -0.05, 0.05, 0.05, 0.4], 0.1)).toEqual({
      binMm: 0.1,
      bins: [
        { centerMm: 0, count: 1 },
        { centerMm: 0.1, count: 2 },
        { centerMm: 0.2, count: 1 },
        { centerMm: 0.3, count: 0 },
        { centerMm: 0.4, count: 1 },
      ],
    });
    expect(offsetHistogram([-0.26, 0.26], 0.5).bins).toEqual([
      { centerMm: -0.5, count: 1 },
      { centerMm: 0, count: 0 },
      { centerMm: 0.5, count: 1 },
    ]);
    expect(offsetHistogram([], 0.1)).toEqual({ binMm: 0.1, bins: [] });
  });

  it('widens the bins rather than drawing a thousand empty ones for one wild move', () => {
    const h = offsetHistogram([0, 0.1, 250], 0.1);
    expect(h.binMm).toBeCloseTo(0.3, 12);
    expect(h.bins.length).toBeLessThanOrEqual(1000);
    expect(h.bins[0]).toEqual({ centerMm: 0, count: 2 });
    expect(h.bins.at(-1)).toEqual({ centerMm: 249.9, count: 1 });
    expect(() => offsetHistogram([1], 0)).toThrow(/positive number of mm, got 0/);
  });
});

describe('the agreement report', () => {
  const labels: AgreementLabel[] = [
    ...ENTRY,
    label({ classId: 'countersink', origin: { depth: 20, depthEnd: 21, confidence: 0.8 }, depth: 20.1, depthEnd: 21.4, source: 'human' }),
    label({ classId: 'stack_thickness', origin: { depth: null, value: 12.5, confidence: 0.5, provenance: 'sheet@1' } }),
    label({ classId: 'stack_thickness', origin: { depth: null, value: 12.5, confidence: 0.5, provenance: 'sheet@1' }, value: 12.7, source: 'human' }),
    label({ classId: 'entry', origin: null, depth: 9 }), // a human's own label: not in the report
    label({ classId: 'retired', origin: { depth: 5, confidence: 0.3, provenance: 'old-rule@0' }, state: 'rejected' }),
  ];
  const report = agreementReport(labels, { classes: CLASSES, binMm: 0.1 });
  const cls = (id: string) => report.classes.find((c) => c.classId === id)!;

  it('counts each class by outcome, with rates over the decided ones', () => {
    expect(cls('entry').counts).toEqual({
      proposals: 6,
      accepted: 1,
      moved: 3,
      rejected: 1,
      pending: 1,
      decided: 5,
      acceptanceRate: 0.8,
      rejectionRate: 0.2,
    });
    expect(cls('exit').counts).toMatchObject({ proposals: 0, decided: 0, acceptanceRate: null, rejectionRate: null });
    expect(cls('stack_thickness').counts).toMatchObject({ accepted: 1, moved: 1 });
    expect(report.totals).toMatchObject({ proposals: 10, accepted: 2, moved: 5, rejected: 2, pending: 1, decided: 9 });
    expect(report.files).toBe(10);
  });

  it('gives the offsets of accepted and moved labels per class, and none for attributes', () => {
    expect(cls('entry').offset).toEqual({ n: 4, meanSignedMm: 0.275, meanAbsMm: 0.375, medianAbsMm: 0.25, p95AbsMm: 0.895, maxAbsMm: 1 });
    expect(cls('entry').endOffset).toBeNull();
    expect(cls('entry').histogram.bins.filter((b) => b.count > 0)).toEqual([
      { centerMm: -0.2, count: 1 },
      { centerMm: 0, count: 1 },
      { centerMm: 0.3, count: 1 },
      { centerMm: 1, count: 1 },
    ]);
    expect(cls('entry').histogram.bins).toHaveLength(13);
    expect(cls('countersink').offset).toMatchObject({ n: 1, meanSignedMm: 0.1 });
    expect(cls('countersink').endOffset).toMatchObject({ n: 1, meanSignedMm: 0.4, p95AbsMm: 0.4 });
    expect(cls('stack_thickness').offset).toBeNull();
    expect(cls('exit')).toMatchObject({ offset: null, histogram: { bins: [] } });
  });

  it('lists the schema classes in order, then classes the schema no longer has', () => {
    expect(report.classes.map((c) => [c.classId, c.name, c.kind])).toEqual([
      ['entry', 'Entry', 'point'],
      ['exit', 'Exit', 'point'],
      ['countersink', 'Countersink', 'range'],
      ['stack_thickness', 'Stack thickness', 'attribute'],
      ['retired', null, null],
    ]);
  });

  it('rates each confidence tier by the confidence as proposed (none counts as low)', () => {
    const tier = Object.fromEntries(report.byTier.map((t) => [t.tier, t]));
    expect(report.byTier.map((t) => [t.tier, t.minConfidence])).toEqual([
      ['high', 0.8],
      ['medium', 0.5],
      ['low', 0],
    ]);
    // high: entry 0.95 accepted, 0.9 moved, 0.8 rejected; countersink 0.8 moved.
    expect(tier.high).toMatchObject({ proposals: 4, accepted: 1, moved: 2, rejected: 1, pending: 0, acceptanceRate: 0.75, rejectionRate: 0.25 });
    // medium: entry 0.6 moved; both thickness attributes at 0.5.
    expect(tier.medium).toMatchObject({ proposals: 3, accepted: 1, moved: 2, rejected: 0, acceptanceRate: 1, rejectionRate: 0 });
    // low: entry 0.45 moved, entry without confidence pending, retired 0.3 rejected.
    expect(tier.low).toMatchObject({ proposals: 3, moved: 1, pending: 1, rejected: 1, decided: 2, acceptanceRate: 0.5, rejectionRate: 0.5 });
  });

  it('rates each provenance, most proposals first, none last', () => {
    expect(report.byProvenance.map((p) => [p.provenance, p.proposals, p.accepted + p.moved, p.rejected, p.pending])).toEqual([
      ['stepcode@1', 4, 3, 1, 0],
      ['heuristic-torque-walkback@1', 2, 2, 0, 0],
      ['sheet@1', 2, 2, 0, 0],
      ['old-rule@0', 1, 0, 1, 0],
      [null, 1, 0, 0, 1],
    ]);
  });

  it('of no proposals: every class and tier with zero counts and no rates', () => {
    const empty = agreementReport([], { classes: CLASSES });
    expect(empty).toMatchObject({ files: 0, binMm: 0.1, scope: { folder: null, fileIds: null }, byProvenance: [] });
    expect(empty.classes).toHaveLength(4);
    expect(empty.byTier.every((t) => t.proposals === 0 && t.acceptanceRate === null)).toBe(true);
  });
});
