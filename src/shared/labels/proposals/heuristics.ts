/**
 * Heuristic events, for the events no trigger sensed (DOMAIN §11.3). Each one reads only the prepared
 * torque (signalPrep.ts) over a region the caller gives, and says in its reasons what it saw:
 *
 * - entry: the first sustained rise of net torque above its level in air, walked back to where it began
 *   (the upstream walk-back, made relative to the air level);
 * - CFRP→Ti transition: the steepest torque rise between entry and exit, walked back along the gradient
 *   to where it began — if it adds at least half again the CFRP torque (titanium needs several times
 *   the torque of CFRP at one regime); the upstream rule looks only before step 2 and cannot work when
 *   a file starts in step 2 (every TUHH file), this one needs no step numbers;
 * - exit: the steepest drop after the material peak that takes the torque back near the air level,
 *   walked back over the whole fall (it often comes in two stages: the point, then the margins) to the
 *   last sample still within 10 % of the level before it: the tip leaves the last layer there, the
 *   break-through ends a tip length later;
 * - countersink start: the first sustained rise after the exit (the countersink cutter engaging).
 *
 * Every point is the onset of its change, the same reference as the stop-code events' sensed
 * thresholds: the tip's first contact with a layer or its first break-through.
 */
import { clampConfidence, CONFIDENCE, PROVENANCE } from './confidence';
import { backToDepth, indexAtDepth, maxTorque, maxTorqueAhead, minTorqueAhead, riseOnset, steepest, walkBackSlope } from './onsets';
import type { PreparedSignals } from './signalPrep';

export interface FoundPoint {
  index: number;
  depth: number;
  provenance: string;
  confidence: number;
  reasons: string[];
  evidence: Record<string, unknown>;
}

/** A rise smaller than this (A) over the air level is not a layer. */
const ENTRY_MIN_RISE_A = 0.3;
/** A rise that stays below this (A), or below 10× the noise, within 1 mm is reported as weak. */
const ENTRY_CLEAR_RISE_A = 0.5;
/** The search for the next change starts at least this far past the entry … */
const ENTRY_SETTLE_MM = 1.5;
/** … and after the entry ramp, whose steepest part lies within this depth of the entry. */
const ENTRY_RAMP_MAX_MM = 2.5;
/** The ramp is over where its slope falls below this share of its steepest. */
const RAMP_END_SHARE = 0.2;
const TRANSITION_MIN_SLOPE_A_PER_MM = 2;
const TRANSITION_MIN_GAIN_A = 1;
/** The titanium level must exceed the CFRP level (above air) by at least this share. */
const TRANSITION_MIN_GAIN_SHARE = 0.5;
/** After an exit the torque falls to within this share of the peak above the air level. */
const EXIT_LOW_SHARE = 0.3;
/** The fall is looked for within this depth after a steep drop … */
const EXIT_LOOKAHEAD_MM = 2;
/** … and its beginning within this depth before it. */
const EXIT_LOOKBACK_MM = 1.5;
/** A level counts as left once the torque has moved this share of the change. */
const LEVEL_SHARE = 0.1;
const EXIT_MIN_DROP_A = 1;
const COUNTERSINK_MIN_RISE_A = 0.4;
/** How far ahead the level after a change is read. */
const LEVEL_AHEAD_MM = 1.5;

function fmt(v: number, d = 2): string {
  return String(Math.round(v * 10 ** d) / 10 ** d);
}

/** Entry by the torque walk-back over [from, to): null when the torque never rises clearly. */
export function entryByWalkback(p: PreparedSignals, from: number, to: number): FoundPoint | null {
  const rise = riseOnset(p, from, to, ENTRY_MIN_RISE_A);
  if (!rise) return null;
  const gain = maxTorqueAhead(p, rise.trigger, to, 1) - rise.baseline;
  const weak = gain < Math.max(ENTRY_CLEAR_RISE_A, 10 * rise.noise);
  const reasons = [
    `net torque rose above ${fmt(rise.threshold)} A (air level ${fmt(rise.baseline)} A) at ${fmt(p.depth[rise.trigger]!, 3)} mm and stayed there; walked back to where the rise began`,
  ];
  if (weak) reasons.push(`weak rise: ${fmt(gain)} A within 1 mm`);
  return {
    index: rise.index,
    depth: p.depth[rise.index]!,
    provenance: PROVENANCE.walkback,
    confidence: clampConfidence(CONFIDENCE.heuristicEntry - (weak ? CONFIDENCE.weakSignalPenalty : 0)),
    reasons,
    evidence: { baselineA: round(rise.baseline), thresholdA: round(rise.threshold), triggerIndex: rise.trigger, riseA: round(gain) },
  };
}

export interface FoundExit extends FoundPoint {
  /** First sample after the drop where the torque is back near the air level. */
  dropEnd: number;
}

/**
 * Exit on the torque drop over [from, to): the steepest drop whose next EXIT_LOOKAHEAD_MM bring the
 * torque within EXIT_LOW_SHARE of the peak above `airLevel`.
 */
export function exitByDrop(p: PreparedSignals, from: number, to: number, airLevel: number): FoundExit | null {
  const { slope, torque, run } = p;
  const end = Math.min(to, p.n);
  let peak = -Infinity;
  let best = 0;
  let bestIndex = -1;
  let bestPeak = 0;
  for (let i = Math.max(0, from); i < end; i++) {
    if (run[i]! < 0) continue;
    if (torque[i]! > peak) peak = torque[i]!;
    const g = slope[i]!;
    if (!(g < best)) continue;
    // Only a steeper drop is looked ahead of, so this inner scan runs a few times per file.
    const low = airLevel + EXIT_LOW_SHARE * (peak - airLevel);
    if (minTorqueAhead(p, i, end, EXIT_LOOKAHEAD_MM) > low) continue;
    best = g;
    bestIndex = i;
    bestPeak = peak;
  }
  if (bestIndex < 0 || bestPeak - airLevel < EXIT_MIN_DROP_A) return null;
  // The fall often comes in two stages (the point breaks through, then the margins): walk back over the
  // whole of it, to the last sample still at the level before the fall (within 10 % of the local peak).
  const lookFrom = Math.max(from, backToDepth(p, bestIndex, p.depth[bestIndex]! - EXIT_LOOKBACK_MM));
  const localPeak = maxTorque(p, lookFrom, bestIndex + 1);
  const high = airLevel + (1 - LEVEL_SHARE) * (localPeak - airLevel);
  let index = bestIndex;
  while (index - 1 >= lookFrom && run[index - 1]! >= 0 && torque[index]! < high) index--;
  const low = airLevel + EXIT_LOW_SHARE * (bestPeak - airLevel);
  let dropEnd = bestIndex;
  while (dropEnd < end - 1 && !(run[dropEnd]! >= 0 && torque[dropEnd]! <= low)) dropEnd++;
  return {
    index,
    depth: p.depth[index]!,
    dropEnd,
    provenance: PROVENANCE.drop,
    confidence: clampConfidence(CONFIDENCE.heuristicExit),
    reasons: [
      `net torque fell from ${fmt(localPeak)} A towards the air level (${fmt(airLevel)} A), steepest ${fmt(-best, 1)} A/mm at ${fmt(p.depth[bestIndex]!, 3)} mm; the exit is where the fall began`,
    ],
    evidence: { steepestIndex: bestIndex, steepestSlopeAPerMm: round(best), peakA: round(bestPeak), airLevelA: round(airLevel), dropEndIndex: dropEnd },
  };
}

/**
 * CFRP→Ti transition on the torque-gradient change over [from, to): the steepest rise, if the level it
 * leads to is clearly above the level before it.
 */
export function transitionByGradient(p: PreparedSignals, from: number, to: number, airLevel: number): FoundPoint | null {
  const top = steepest(p, from, to, 1);
  if (!top || top.slope < TRANSITION_MIN_SLOPE_A_PER_MM) return null;
  const index = walkBackSlope(p, top, from);
  const before = p.torque[index]!;
  const after = maxTorqueAhead(p, top.index, to, LEVEL_AHEAD_MM);
  const gain = after - before;
  const need = Math.max(TRANSITION_MIN_GAIN_A, TRANSITION_MIN_GAIN_SHARE * (before - airLevel));
  if (gain < need) return null;
  const weak = gain < 2 * need;
  const reasons = [
    `steepest torque rise after the entry (${fmt(top.slope, 1)} A/mm at ${fmt(p.depth[top.index]!, 3)} mm) lifts net torque from ${fmt(before)} A to ${fmt(after)} A; the transition is where the gradient changed`,
  ];
  if (weak) reasons.push(`small gain: ${fmt(gain)} A over a CFRP level of ${fmt(before - airLevel)} A`);
  return {
    index,
    depth: p.depth[index]!,
    provenance: PROVENANCE.gradient,
    confidence: clampConfidence(CONFIDENCE.heuristicTransition - (weak ? CONFIDENCE.weakSignalPenalty : 0)),
    reasons,
    evidence: { steepestIndex: top.index, steepestSlopeAPerMm: round(top.slope), levelBeforeA: round(before), levelAfterA: round(after) },
  };
}

/** Countersink start: the first sustained rise over [from, to) (after the exit). */
export function countersinkByWalkback(p: PreparedSignals, from: number, to: number): FoundPoint | null {
  const rise = riseOnset(p, from, to, COUNTERSINK_MIN_RISE_A);
  if (!rise) return null;
  return {
    index: rise.index,
    depth: p.depth[rise.index]!,
    provenance: PROVENANCE.walkback,
    confidence: clampConfidence(CONFIDENCE.heuristicCountersink),
    reasons: [
      `after the exit, net torque rose above ${fmt(rise.threshold)} A (level ${fmt(rise.baseline)} A) at ${fmt(p.depth[rise.trigger]!, 3)} mm: the countersink cutter engaging`,
    ],
    evidence: { baselineA: round(rise.baseline), thresholdA: round(rise.threshold), triggerIndex: rise.trigger },
  };
}

/**
 * Where the search for the next change may begin after an entry: past the entry ramp (the tip cutting
 * into the first layer: its steepest rise within ENTRY_RAMP_MAX_MM, followed until the slope flattens),
 * and at least ENTRY_SETTLE_MM past the entry. A sensed contact fires at the start of that ramp, so the
 * ramp is found in the signal either way.
 */
export function afterEntryRamp(p: PreparedSignals, entryIndex: number, to: number): number {
  const d0 = p.depth[entryIndex]!;
  const settle = indexAtDepth(p, entryIndex, to, d0 + ENTRY_SETTLE_MM);
  const top = steepest(p, entryIndex, indexAtDepth(p, entryIndex, to, d0 + ENTRY_RAMP_MAX_MM), 1);
  if (!top) return settle;
  const { run, slope } = p;
  const r = run[top.index]!;
  const limit = RAMP_END_SHARE * top.slope;
  let j = top.index;
  // NaN slopes (the window's edge near the run's end) do not end the ramp: the run's end does.
  while (j + 1 < Math.min(to, p.n) && run[j + 1] === r && !(slope[j + 1]! <= limit)) j++;
  return Math.max(settle, j + 1);
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000 + 0; // + 0: no −0 in JSON
}
