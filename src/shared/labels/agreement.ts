/**
 * The agreement report, as a pure function of labels that remember their origin (the proposal as first
 * made, src/main/labels/labelStore.ts). Pure so that the back end, the CLI and the tests compute the same
 * numbers from the same rows.
 *
 * What became of a proposal, read from its label now:
 *   - pending: still 'proposed';
 *   - rejected: 'rejected';
 *   - moved: 'confirmed' after a human changed its position or value (the store then makes it source
 *     'human'; a position that differs from the origin counts too, whoever wrote it);
 *   - accepted: 'confirmed' as proposed.
 * Labels without an origin (a human's own, or written before proposals existed) were never proposed and are
 * left out. The offset of an accepted or moved label is depth − origin.depth in mm (positive: the label sits
 * deeper than proposed); an accepted one contributes 0, which is the point: a rule whose proposals are taken
 * as they are has a median near 0.
 */
import type { AgreementCounts, AgreementReport, ClassAgreement, OffsetHistogram, OffsetStats } from '../api/agreement.contract';
import { DEFAULT_BIN_MM } from '../api/agreement.contract';
import type { Label, LabelClass } from '../api/labels.contract';
import { CONFIDENCE_TIERS, TIER_LOWER_BOUND, confidenceTier } from './confidenceTier';

/** The parts of a label the report reads. */
export type AgreementLabel = Pick<Label, 'fileId' | 'classId' | 'state' | 'source' | 'depth' | 'depthEnd' | 'value' | 'origin'>;

export type ProposalOutcome = 'accepted' | 'moved' | 'rejected' | 'pending';

export interface AgreementOptions {
  /** The schema's classes, in the order the report lists them. */
  classes: readonly Pick<LabelClass, 'id' | 'name' | 'kind'>[];
  binMm?: number;
  scope?: AgreementReport['scope'];
}

/** Depths are stored as given, so an unmoved label equals its origin exactly; this only absorbs float noise. */
const SAME_DEPTH_MM = 1e-9;
/** A histogram wider than this gets wider bins, so one wild move does not make a plot of a million bars. */
export const MAX_HISTOGRAM_BINS = 1000;

function sameDepth(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= SAME_DEPTH_MM;
}

export function proposalOutcome(label: AgreementLabel): ProposalOutcome | null {
  const origin = label.origin;
  if (origin === null) return null;
  if (label.state === 'proposed') return 'pending';
  if (label.state === 'rejected') return 'rejected';
  const changed = !sameDepth(label.depth, origin.depth) || !sameDepth(label.depthEnd, origin.depthEnd) || label.value !== origin.value;
  return label.source === 'human' || changed ? 'moved' : 'accepted';
}

/** Rounds away the float noise of a subtraction (18.9 − 18.3) without touching anything measurable. */
const clean = (mm: number, digits = 6): number => {
  const f = 10 ** digits;
  const r = Math.round(mm * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

/** The p-quantile (0..1) of sorted values, interpolating linearly between ranks (numpy's default). */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('quantile of no values');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function offsetStats(offsets: readonly number[]): OffsetStats | null {
  if (offsets.length === 0) return null;
  const abs = offsets.map(Math.abs).sort((a, b) => a - b);
  const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
  return {
    n: offsets.length,
    meanSignedMm: clean(sum(offsets) / offsets.length),
    meanAbsMm: clean(sum(abs) / abs.length),
    medianAbsMm: clean(quantile(abs, 0.5)),
    p95AbsMm: clean(quantile(abs, 0.95)),
    maxAbsMm: clean(abs[abs.length - 1]!),
  };
}

/** Bin of an offset: k such that offset ∈ [(k − ½)·w, (k + ½)·w); the epsilon keeps 0.15 / 0.1 on its edge. */
const binOf = (offset: number, w: number): number => Math.floor(offset / w + 0.5 + 1e-9);

export function offsetHistogram(offsets: readonly number[], binMm: number = DEFAULT_BIN_MM): OffsetHistogram {
  if (!(binMm > 0)) throw new Error(`histogram bin width: expected a positive number of mm, got ${binMm}`);
  if (offsets.length === 0) return { binMm, bins: [] };
  let w = binMm;
  const span = (width: number): number => binOf(Math.max(...offsets), width) - binOf(Math.min(...offsets), width) + 1;
  if (span(w) > MAX_HISTOGRAM_BINS) w = binMm * Math.ceil(span(binMm) / (MAX_HISTOGRAM_BINS - 1));
  const ks = offsets.map((o) => binOf(o, w));
  const first = Math.min(...ks);
  const counts = new Array<number>(Math.max(...ks) - first + 1).fill(0);
  for (const k of ks) counts[k - first]!++;
  return { binMm: w, bins: counts.map((count, i) => ({ centerMm: clean((first + i) * w, 9), count })) };
}

class Tally {
  public readonly n: Record<ProposalOutcome, number> = { accepted: 0, moved: 0, rejected: 0, pending: 0 };
  public add(outcome: ProposalOutcome): void {
    this.n[outcome]++;
  }
  public counts(): AgreementCounts {
    const { accepted, moved, rejected, pending } = this.n;
    const decided = accepted + moved + rejected;
    return {
      proposals: decided + pending,
      accepted,
      moved,
      rejected,
      pending,
      decided,
      acceptanceRate: decided === 0 ? null : (accepted + moved) / decided,
      rejectionRate: decided === 0 ? null : rejected / decided,
    };
  }
}

interface ClassAcc {
  tally: Tally;
  offsets: number[];
  endOffsets: number[];
}

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = new Tally()));
  return t;
}

export function agreementReport(labels: Iterable<AgreementLabel>, opts: AgreementOptions): AgreementReport {
  const binMm = opts.binMm ?? DEFAULT_BIN_MM;
  const totals = new Tally();
  const byClass = new Map<string, ClassAcc>(opts.classes.map((c) => [c.id, { tally: new Tally(), offsets: [], endOffsets: [] }]));
  const byTier = new Map<string, Tally>();
  const byProvenance = new Map<string | null, Tally>();
  const files = new Set<number>();
  for (const label of labels) {
    const outcome = proposalOutcome(label);
    if (outcome === null || label.origin === null) continue;
    const origin = label.origin;
    files.add(label.fileId);
    totals.add(outcome);
    tallyOf(byTier, confidenceTier(origin.confidence)).add(outcome);
    tallyOf(byProvenance, origin.provenance).add(outcome);
    let acc = byClass.get(label.classId);
    if (!acc) byClass.set(label.classId, (acc = { tally: new Tally(), offsets: [], endOffsets: [] }));
    acc.tally.add(outcome);
    if (outcome === 'accepted' || outcome === 'moved') {
      if (label.depth !== null && origin.depth !== null) acc.offsets.push(clean(label.depth - origin.depth, 9));
      if (label.depthEnd !== null && origin.depthEnd !== null) acc.endOffsets.push(clean(label.depthEnd - origin.depthEnd, 9));
    }
  }
  const schema = new Map(opts.classes.map((c) => [c.id, c]));
  const classes: ClassAgreement[] = [...byClass].map(([classId, acc]) => ({
    classId,
    name: schema.get(classId)?.name ?? null,
    kind: schema.get(classId)?.kind ?? null,
    counts: acc.tally.counts(),
    offset: offsetStats(acc.offsets),
    endOffset: offsetStats(acc.endOffsets),
    histogram: offsetHistogram(acc.offsets, binMm),
  }));
  const provenances = [...byProvenance].sort(([a, ta], [b, tb]) => {
    const diff = tb.counts().proposals - ta.counts().proposals;
    if (diff !== 0) return diff;
    if (a === null || b === null) return a === null ? 1 : -1;
    return a.localeCompare(b);
  });
  return {
    scope: opts.scope ?? { folder: null, fileIds: null },
    files: files.size,
    binMm,
    totals: totals.counts(),
    classes,
    byTier: CONFIDENCE_TIERS.map((tier) => ({ tier, minConfidence: TIER_LOWER_BOUND[tier], ...tallyOf(byTier, tier).counts() })),
    byProvenance: provenances.map(([provenance, t]) => ({ provenance, ...t.counts() })),
  };
}
