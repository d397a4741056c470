/**
 * Events read from the stop code that ends each step, with the meaning the program's trigger
 * thresholds give it (DOMAIN §9.2, §10, §11.2) — never from step numbers:
 *
 * - TORQUE_MAX / THRUST_MAX at a low threshold (≤ 1.5 A torque, ≤ 0.5 A thrust): material contact → entry;
 * - TORQUE_MAX at a high threshold (3–8 A in the corpus): a harder layer → CFRP→Ti transition;
 * - TORQUE_MIN / THRUST_MIN: break-through → exit;
 * - a rise after the exit: the countersink cutter's contact → countersink start (ST00234275's re-contact);
 * - THRUST_LIMIT on a step after the exit: the hard stop → the countersink's end;
 * - STROKE_LIMIT on a step whose program set a high Torque Max: the program expected the harder layer
 *   there but nothing sensed it → a programmed-boundary transition, used only when no heuristic finds one.
 * When the Program row lacks the threshold (converted files' glued headers), the current at the stop
 * stands in for it, at a lower confidence.
 *
 * WHICH SAMPLE AN EVENT SITS ON: the last sample of the step whose stop code records it (the last row of
 * the step's final stop-code run). The controller writes the code on the 2–5 samples where it stopped the
 * step and holds the position over them, so they share one depth: where the threshold was crossed. The
 * first sample of the next step is not used (DOMAIN §11.2 suggests it for the entry): at a step change the
 * spindle backs off, the position jumps back ≈0.24–0.29 mm (≈0.28 mm at MDB-MQL step changes) and the
 * net torque is re-zeroed, so that sample is neither where nor when the event happened; taking it would
 * put every event a quarter millimetre too shallow.
 */
import { decodeStopCode, hasStopBit, STOP, stopCodeLabel } from '../../setitec/stopCodes';
import { clampConfidence, CONFIDENCE, PROVENANCE } from './confidence';
import type { FoundPoint } from './heuristics';
import type { ProposalProgramStep, ProposalSegment, SignalValues } from './types';

/** Torque Max at or below this is a contact trigger; above it, a harder-layer trigger. */
export const LOW_TORQUE_TRIGGER_A = 1.5;
/** Thrust Max at or below this is a contact trigger. */
export const LOW_THRUST_TRIGGER_A = 0.5;

export interface TriggerNotFired {
  step: number;
  triggers: string;
  stopCode: number;
}

export interface StepcodeEvents {
  entry: FoundPoint | null;
  transition: FoundPoint | null;
  exit: FoundPoint | null;
  /** A sensed rise after the exit. */
  countersinkStart: FoundPoint | null;
  /** Hard stop (THRUST_LIMIT) of the first step after the exit's step that ends on it. */
  countersinkEnd: FoundPoint | null;
  /** Index in `segments` of the exit's step (-1 when no sensed exit). */
  exitSegment: number;
  /** Index in `segments` of the step that ends on the hard stop after the exit (-1 when none). */
  countersinkSegment: number;
  /** A programmed boundary that may stand in for the transition. */
  programmedTransition: FoundPoint | null;
  notFired: TriggerNotFired[];
}

function fmt(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

function positive(v: number | null | undefined): v is number {
  return typeof v === 'number' && v > 0 && Number.isFinite(v);
}

function programFor(program: readonly ProposalProgramStep[], step: number): ProposalProgramStep | null {
  for (const p of program) if (p.stepNb === step) return p;
  return null;
}

/** The trigger thresholds a Program row sets, as text (`Torque Max 3 A, Thrust Min 0.5 A`). */
export function triggerText(p: ProposalProgramStep | null): string {
  if (!p) return '';
  const out: string[] = [];
  if (positive(p.torqueMaxA)) out.push(`Torque Max ${fmt(p.torqueMaxA)} A`);
  if (positive(p.thrustMaxA)) out.push(`Thrust Max ${fmt(p.thrustMaxA)} A`);
  if (positive(p.torqueMinA)) out.push(`Torque Min ${fmt(p.torqueMinA)} A`);
  if (positive(p.thrustMinA)) out.push(`Thrust Min ${fmt(p.thrustMinA)} A`);
  return out.join(', ');
}

interface RiseClass {
  contact: boolean;
  threshold: string;
  inferred: boolean;
}

/** Contact or harder layer, from the programmed threshold, else from the current at the stop. */
function classifyRise(code: number, p: ProposalProgramStep | null, torqueAt: number, thrustAt: number): RiseClass {
  if (hasStopBit(code, STOP.TORQUE_MAX)) {
    if (positive(p?.torqueMaxA)) return { contact: p.torqueMaxA <= LOW_TORQUE_TRIGGER_A, threshold: `Torque Max ${fmt(p.torqueMaxA)} A`, inferred: false };
    return { contact: !(torqueAt > LOW_TORQUE_TRIGGER_A), threshold: `no Torque Max in Program; ${fmt(torqueAt)} A at the stop`, inferred: true };
  }
  if (positive(p?.thrustMaxA)) return { contact: p.thrustMaxA <= LOW_THRUST_TRIGGER_A, threshold: `Thrust Max ${fmt(p.thrustMaxA)} A`, inferred: false };
  return { contact: !(thrustAt > LOW_THRUST_TRIGGER_A), threshold: `no Thrust Max in Program; ${fmt(thrustAt)} A at the stop`, inferred: true };
}

/** A column's value at sample i; NaN when the column is missing or shorter. */
function at(values: SignalValues | null, i: number): number {
  return values && i < values.length ? values[i]! : NaN;
}

/**
 * Depth where the raw current last stood at or above `threshold` before the step's end: where a drop
 * trigger's current actually fell below it (a Gap confirmation adds distance after that).
 */
function fellBelow(values: SignalValues | null, position: SignalValues, seg: ProposalSegment, threshold: number): number | null {
  if (!values) return null;
  for (let i = Math.min(seg.endIndex, values.length - 1); i >= seg.startIndex; i--) if (values[i]! >= threshold) return -position[i]! + 0;
  return null;
}

/** The countersink's end on a step that ended on THRUST_LIMIT: its last sample, where the drill stopped. */
export function hardStopAt(seg: ProposalSegment, position: SignalValues): FoundPoint {
  const index = Math.min(seg.endIndex, position.length - 1);
  const label = stopCodeLabel(seg.stopCode);
  return {
    index,
    depth: -position[index]! + 0,
    provenance: PROVENANCE.stepcode,
    confidence: clampConfidence(CONFIDENCE.hardStop),
    reasons: [`step ${seg.step} ended on ${label} after the countersink began: the countersink reached the hard stop`],
    evidence: { step: seg.step, stopCode: seg.stopCode, stopLabel: label },
  };
}

/** Every stop-code event of a file. `position` must be present (events need a depth). */
export function stepcodeEvents(
  segments: readonly ProposalSegment[],
  program: readonly ProposalProgramStep[],
  position: SignalValues,
  torque: SignalValues | null,
  thrust: SignalValues | null,
): StepcodeEvents {
  const out: StepcodeEvents = {
    entry: null,
    transition: null,
    exit: null,
    countersinkStart: null,
    countersinkEnd: null,
    exitSegment: -1,
    countersinkSegment: -1,
    programmedTransition: null,
    notFired: [],
  };
  segments.forEach((seg, k) => {
    const code = seg.stopCode;
    if (!code) return;
    const p = programFor(program, seg.step);
    const index = Math.min(seg.endIndex, position.length - 1);
    if (index < 0) return;
    const depth = -position[index]! + 0;
    const decoded = decodeStopCode(code);
    const label = stopCodeLabel(code);
    const anomalous = decoded.invalid || decoded.unknownBits.length > 0 || decoded.bits.some((b) => b.class === 'anomaly');
    const penalty = anomalous ? CONFIDENCE.anomalyPenalty : 0;
    const base = { step: seg.step, stopCode: code, stopLabel: label };
    const rise = hasStopBit(code, STOP.TORQUE_MAX) || hasStopBit(code, STOP.THRUST_MAX);
    const drop = hasStopBit(code, STOP.TORQUE_MIN) || hasStopBit(code, STOP.THRUST_MIN);
    const point = (confidence: number, reasons: string[], evidence: Record<string, unknown>, provenance: string = PROVENANCE.stepcode): FoundPoint => ({
      index,
      depth,
      provenance,
      confidence: clampConfidence(confidence),
      reasons: anomalous ? [...reasons, `the stop code also carries anomaly bits (${label})`] : reasons,
      evidence: { ...base, ...evidence },
    });
    const sensed = (c: number): number => Math.max(CONFIDENCE.sensedFloor, c - penalty);

    if (rise) {
      const cls = classifyRise(code, p, at(torque, index), at(thrust, index));
      const inferredNote = cls.inferred ? ['the Program row has no threshold for this trigger: its class is read from the current at the stop'] : [];
      const c = (v: number): number => sensed(v - (cls.inferred ? CONFIDENCE.inferredThresholdPenalty : 0));
      if (out.exit && !out.countersinkStart) {
        out.countersinkStart = point(c(CONFIDENCE.sensedRecontact), [`step ${seg.step} ended on ${label} after the exit: the countersink cutter's contact was sensed`, ...inferredNote], { threshold: cls.threshold });
      } else if (!out.exit && cls.contact && !out.entry && !out.transition) {
        out.entry = point(c(CONFIDENCE.sensedContact), [`step ${seg.step} ended on ${label} at a low threshold (${cls.threshold}): material contact was sensed`, ...inferredNote], { threshold: cls.threshold });
      } else if (!out.exit && !cls.contact && !out.transition) {
        out.transition = point(c(CONFIDENCE.sensedHardLayer), [`step ${seg.step} ended on ${label} at a high threshold (${cls.threshold}): entry into the harder layer was sensed (the trigger fires partway up the rise)`, ...inferredNote], { threshold: cls.threshold });
      }
    } else if (drop && !out.exit) {
      const torqueDrop = hasStopBit(code, STOP.TORQUE_MIN);
      const limit = torqueDrop ? p?.torqueMinA : p?.thrustMinA;
      const threshold = positive(limit) ? `${torqueDrop ? 'Torque' : 'Thrust'} Min ${fmt(limit)} A` : `no ${torqueDrop ? 'Torque' : 'Thrust'} Min in Program`;
      const gap = positive(p?.gapMm) ? p.gapMm : 0;
      const below = positive(limit) ? fellBelow(torqueDrop ? torque : thrust, position, seg, limit) : null;
      const reasons = [`step ${seg.step} ended on ${label} (${threshold}): break-through was sensed; the drop is detected late, so the true exit is slightly shallower`];
      if (gap > 0) reasons.push(`the program confirms the drop over Gap ${fmt(gap)} mm: the step ends about that far past where the current fell`);
      if (below !== null) reasons.push(`the current last stood at the threshold at ${fmt(below)} mm`);
      out.exit = point(sensed(gap > 0 ? CONFIDENCE.sensedDropWithGap : CONFIDENCE.sensedDrop), reasons, { threshold, ...(gap > 0 ? { gapMm: gap } : {}), ...(below !== null ? { fellBelowDepth: below } : {}) });
      out.exitSegment = k;
    } else if (hasStopBit(code, STOP.THRUST_LIMIT) && out.exit && out.countersinkSegment < 0) {
      out.countersinkSegment = k;
      out.countersinkEnd = hardStopAt(seg, position);
    }

    const triggers = triggerText(p);
    if (triggers && hasStopBit(code, STOP.STROKE_LIMIT) && !rise && !drop) {
      out.notFired.push({ step: seg.step, triggers, stopCode: code });
      const hardLayerTrigger = positive(p?.torqueMaxA) && p.torqueMaxA > LOW_TORQUE_TRIGGER_A;
      if (hardLayerTrigger && !out.exit && !out.transition && !out.programmedTransition && k < segments.length - 1) {
        out.programmedTransition = point(
          CONFIDENCE.programmedBoundary,
          [`step ${seg.step} (${triggers}) ended on its programmed stroke (${label}): the program expected the harder layer here, nothing sensed it`],
          { threshold: triggers },
          PROVENANCE.programmed,
        );
      }
    }
  });
  return out;
}
