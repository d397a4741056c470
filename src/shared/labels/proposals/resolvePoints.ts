/**
 * One proposal per key point, the most trusted available: a sensed stop-code event, else a heuristic
 * in the torque, else (transition and countersink start only) a programmed boundary. A heuristic point
 * must keep the order entry < transition < exit < countersink start against the points it joins (DOMAIN
 * §14 row 36); one that would break it is left out. Stop-code events are never dropped for order: they
 * are what the controller recorded.
 */
import { hasStopBit, STOP } from '../../setitec/stopCodes';
import { clampConfidence, CONFIDENCE, PROVENANCE } from './confidence';
import { afterEntryRamp, countersinkByWalkback, entryByWalkback, exitByDrop, transitionByGradient, type FoundPoint } from './heuristics';
import { levelFrom, valleyAfter } from './onsets';
import type { PreparedSignals } from './signalPrep';
import { hardStopAt, type StepcodeEvents } from './stepcodeEvents';
import type { ProposalSegment, SignalValues } from './types';

/** Where the torque bottoms out after a heuristic exit is looked for within this depth. */
const VALLEY_WINDOW_MM = 2;

export interface ResolvedPoints {
  entry: FoundPoint | null;
  transition: FoundPoint | null;
  exit: FoundPoint | null;
  countersinkStart: FoundPoint | null;
  /** The hard stop that ends the countersink; only with a countersink start. */
  countersinkEnd: FoundPoint | null;
}

/** A heuristic's result with the reason a heuristic was needed, first. */
function because(p: FoundPoint | null, why: string): FoundPoint | null {
  return p ? { ...p, reasons: [why, ...p.reasons] } : null;
}

function deeper(p: FoundPoint | null, than: FoundPoint | null): boolean {
  return p !== null && (than === null || p.depth > than.depth);
}

export function resolvePoints(ev: StepcodeEvents, prep: PreparedSignals | null, segments: readonly ProposalSegment[], position: SignalValues): ResolvedPoints {
  let { entry, transition, exit } = ev;
  let countersinkStart = ev.countersinkStart;
  let dropEnd = -1;
  if (prep) {
    const n = prep.n;
    const air = levelFrom(prep, 0, n) ?? 0;
    if (!entry) {
      const to = Math.min(transition?.index ?? n, exit?.index ?? n);
      entry = because(entryByWalkback(prep, 0, to), 'no step ended on a contact trigger (TORQUE_MAX or THRUST_MAX at a low threshold)');
    }
    const anchor = transition ?? entry;
    if (!exit && anchor) {
      const from = transition ? transition.index + 1 : afterEntryRamp(prep, anchor.index, n);
      const found = exitByDrop(prep, from, n, air);
      if (found && deeper(found, anchor)) {
        exit = because(found, 'no step ended on a drop trigger (TORQUE_MIN or THRUST_MIN)');
        dropEnd = found.dropEnd;
      }
    }
    if (!transition && entry) {
      const found = transitionByGradient(prep, afterEntryRamp(prep, entry.index, n), exit ? exit.index : n, air);
      if (found && deeper(found, entry) && (!exit || found.depth < exit.depth))
        transition = because(found, 'no step ended on a harder-layer trigger (TORQUE_MAX at a high threshold)');
    }
    if (!countersinkStart && exit) {
      const next = ev.exitSegment >= 0 ? segments[ev.exitSegment + 1] : undefined;
      // After a heuristic exit the countersink may engage before the torque has settled: start at the valley.
      const from = ev.exitSegment >= 0 ? (next ? next.startIndex : n) : dropEnd >= 0 ? valleyAfter(prep, dropEnd, n, VALLEY_WINDOW_MM) : -1;
      const found = from >= 0 ? countersinkByWalkback(prep, from, n) : null;
      if (found && deeper(found, exit)) countersinkStart = because(found, 'no torque rise was sensed after the exit');
    }
  }
  const programmed = ev.programmedTransition;
  if (!transition && programmed && deeper(programmed, entry) && (!exit || programmed.depth < exit.depth)) transition = programmed;
  if (!countersinkStart && ev.countersinkSegment >= 0) countersinkStart = programmedCountersink(segments[ev.countersinkSegment]!, prep, position);
  let countersinkEnd: FoundPoint | null = null;
  if (countersinkStart) {
    countersinkEnd = ev.countersinkEnd;
    if (!countersinkEnd) {
      const seg = segments.find((s) => s.endIndex >= countersinkStart.index && hasStopBit(s.stopCode, STOP.THRUST_LIMIT));
      if (seg) countersinkEnd = hardStopAt(seg, position);
    }
    if (countersinkEnd && countersinkEnd.depth <= countersinkStart.depth) countersinkEnd = null;
  }
  return { entry, transition, exit, countersinkStart, countersinkEnd };
}

/**
 * The countersink step's start when nothing in the signal marks the cutter's contact: its first sample
 * back at the cutting face (after the back-off at the step change), a programmed boundary.
 */
function programmedCountersink(seg: ProposalSegment, prep: PreparedSignals | null, position: SignalValues): FoundPoint {
  let index = seg.startIndex;
  if (prep) while (index < seg.endIndex && prep.run[index]! < 0) index++;
  index = Math.min(index, position.length - 1);
  return {
    index,
    depth: -position[index]! + 0,
    provenance: PROVENANCE.programmed,
    confidence: clampConfidence(CONFIDENCE.programmedBoundary),
    reasons: [`step ${seg.step} follows the exit and ends on the hard stop: the countersink step; no torque rise in it marks the cutter's contact, so its start is where the step begins cutting`],
    evidence: { step: seg.step, stopCode: seg.stopCode },
  };
}
