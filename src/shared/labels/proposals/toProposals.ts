/**
 * Resolved key points → proposals: one point proposal each, and one range per drilling phase between
 * them (DOMAIN §10): air from the first sample to the entry, CFRP from the entry to the transition, Ti
 * from the transition to the exit, countersink from its start to the hard stop. A range is only as sure
 * as its weaker edge, and counts as `stepcode` only when both edges do.
 */
import { POINT, RANGE } from './classes';
import { PROVENANCE } from './confidence';
import type { FoundPoint } from './heuristics';
import type { ResolvedPoints } from './resolvePoints';
import type { Proposal, ProposalSource, SignalValues } from './types';

function sourceOf(provenance: string): ProposalSource {
  return provenance === PROVENANCE.stepcode || provenance === PROVENANCE.programmed ? 'stepcode' : 'heuristic';
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000 + 0; // + 0: no −0 in JSON
}

function pointProposal(classId: string, p: FoundPoint): Proposal {
  return {
    classId,
    depth: round(p.depth),
    depthEnd: null,
    sampleIndex: p.index,
    sampleIndexEnd: null,
    source: sourceOf(p.provenance),
    provenance: p.provenance,
    confidence: p.confidence,
    reasons: p.reasons,
    evidence: p.evidence,
  };
}

/** The first sample as a range edge: read from the file, as sure as anything. */
function firstSample(position: SignalValues): FoundPoint {
  return { index: 0, depth: -position[0]! + 0, provenance: PROVENANCE.stepcode, confidence: 1, reasons: [], evidence: { firstSample: true } };
}

function edgeName(p: FoundPoint): string {
  return p.evidence.firstSample === true ? 'the first sample' : p.provenance;
}

function rangeProposal(classId: string, what: string, a: FoundPoint, b: FoundPoint): Proposal | null {
  // Also false for a NaN depth (a damaged Position cell): no range rests on it.
  if (!(b.depth > a.depth)) return null;
  const stepcode = sourceOf(a.provenance) === 'stepcode' && sourceOf(b.provenance) === 'stepcode';
  return {
    classId,
    depth: round(a.depth),
    depthEnd: round(b.depth),
    sampleIndex: a.index,
    sampleIndexEnd: b.index,
    source: stepcode ? 'stepcode' : 'heuristic',
    provenance: PROVENANCE.phases,
    confidence: Math.min(a.confidence, b.confidence),
    reasons: [`${what}: from ${edgeName(a)} to ${edgeName(b)}`],
    evidence: { startProvenance: a.provenance, endProvenance: b.provenance },
  };
}

/** A point placed on a NaN Position cell has no depth to propose. */
function usable(p: FoundPoint | null): FoundPoint | null {
  return p && Number.isFinite(p.depth) ? p : null;
}

export function toProposals(points: ResolvedPoints, position: SignalValues): Proposal[] {
  const out: Proposal[] = [];
  const entry = usable(points.entry);
  const transition = usable(points.transition);
  const exit = usable(points.exit);
  const countersinkStart = usable(points.countersinkStart);
  const countersinkEnd = usable(points.countersinkEnd);
  if (entry) out.push(pointProposal(POINT.entry, entry));
  if (transition) out.push(pointProposal(POINT.transition, transition));
  if (exit) out.push(pointProposal(POINT.exit, exit));
  if (countersinkStart) out.push(pointProposal(POINT.countersinkStart, countersinkStart));
  const ranges = [
    entry && position.length > 0 ? rangeProposal(RANGE.air, 'approach in air until the entry', firstSample(position), entry) : null,
    entry && transition ? rangeProposal(RANGE.cfrp, 'CFRP between the entry and the transition', entry, transition) : null,
    transition && exit ? rangeProposal(RANGE.ti, 'Ti between the transition and the exit', transition, exit) : null,
    countersinkStart && countersinkEnd ? rangeProposal(RANGE.countersink, 'countersink from its start to the hard stop', countersinkStart, countersinkEnd) : null,
  ];
  for (const r of ranges) if (r) out.push(r);
  return out;
}
