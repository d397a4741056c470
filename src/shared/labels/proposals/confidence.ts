/**
 * Confidence tiers and provenance names of the proposal engine. A confidence is not a fitted score: it
 * follows from the class of the trigger behind a proposal (DOMAIN §11.2, §11.5), in this order, and
 * every tier stays inside its band so that the order holds after any adjustment:
 *
 *   sensed event (0.70–0.95) > hard stop (0.80) > heuristic (0.30–0.65) > programmed boundary (0.25)
 *
 * - sensed: the controller ended the step because the current rose or dropped through a programmed
 *   threshold (TORQUE_MAX, THRUST_MAX, TORQUE_MIN, THRUST_MIN). Contact at a low threshold fires at the
 *   very start of the rise (highest); a hard-layer rise at 3–8 A fires partway up the ramp; a drop fires
 *   late in the fall, and a `Gap (mm)` confirmation adds that distance on top (lowest of the sensed).
 * - hard stop: THRUST_LIMIT ends the countersink where the drill physically stopped; a programmed bit,
 *   but the position it records is the countersink's end itself.
 * - heuristic: found in the torque signal where no trigger exists (DOMAIN §11.3); needs review.
 * - programmed boundary: a step ended on its programmed stroke; the program's author expected the
 *   material change there, nothing sensed it.
 */

export const CONFIDENCE = Object.freeze({
  sensedContact: 0.95,
  sensedHardLayer: 0.9,
  sensedDrop: 0.85,
  /** TORQUE_MIN/THRUST_MIN with a Gap confirmation: the step ends that far past the drop. */
  sensedDropWithGap: 0.8,
  /** A torque rise after the exit: the countersink cutter's contact (ST00234275 re-contact step). */
  sensedRecontact: 0.85,
  hardStop: 0.8,
  /** Subtracted when the Program row lacks the threshold and it is read from the signal instead. */
  inferredThresholdPenalty: 0.1,
  /** Subtracted when the stop code that carries the event also has anomaly bits. */
  anomalyPenalty: 0.15,
  /** Lowest a sensed event may fall to after penalties (stays above every heuristic). */
  sensedFloor: 0.7,
  heuristicEntry: 0.6,
  heuristicTransition: 0.45,
  heuristicExit: 0.5,
  heuristicCountersink: 0.55,
  /** Subtracted from a heuristic whose signal was weak (small rise or drop against the noise). */
  weakSignalPenalty: 0.15,
  programmedBoundary: 0.25,
  /** Attribute values read verbatim from the file's records (Cycle OK, stop codes, Date). */
  recorded: 1,
  /** Attribute inferred from format traits (converted-file signature). */
  formatSignature: 0.9,
  /** Attribute inferred from a signal threshold (air cycle, dead channel). */
  signalLevel: 0.7,
  /** Air cycle named only by the upstream file-name convention (three trailing numbers). */
  fileNameAir: 0.6,
  /** Anomaly cause named only as "other" from a fault code or Cycle OK = False. */
  causeOther: 0.5,
} as const);

/** Rule sets, each with its version: bump the number when a rule's output can change. */
export const PROVENANCE = Object.freeze({
  stepcode: 'stepcode@1',
  programmed: 'stepcode-programmed@1',
  walkback: 'heuristic-torque-walkback@1',
  gradient: 'heuristic-torque-gradient@1',
  drop: 'heuristic-torque-drop@1',
  phases: 'phase-ranges@1',
  anomalyCode: 'stepcode-anomaly@1',
  triggerNotFired: 'stepcode-trigger@1',
  results: 'file-results@1',
  date: 'file-date@1',
  format: 'file-format@1',
  torqueLevel: 'heuristic-torque-level@1',
  cause: 'anomaly-cause@1',
} as const);

/** Rounded to 3 decimals so that JSON and comparisons stay tidy. */
export function clampConfidence(c: number): number {
  return Math.round(Math.min(1, Math.max(0, c)) * 1000) / 1000;
}
