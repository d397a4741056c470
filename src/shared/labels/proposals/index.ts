/**
 * Hybrid labelling's proposal engine (issue 10; DOMAIN §11): per file, the key points, phase ranges and
 * anomaly attributes that the stop codes record or the torque suggests, each with its source (`stepcode`
 * or `heuristic`), provenance (rule set @ version), a confidence from the trigger class (confidence.ts)
 * and its reasons. Pure TypeScript: no Node, no DOM.
 *
 * - stepcodeEvents.ts: events from each step's stop code and the program's thresholds, never from step
 *   numbers; its header says which sample an event sits on (the step's last sample) and why;
 * - heuristics.ts (on signalPrep.ts and onsets.ts): entry walk-back, gradient transition, exit drop,
 *   countersink rise, where no trigger exists;
 * - resolvePoints.ts: one point per class, the most trusted; toProposals.ts: points and phase ranges;
 * - anomalyAttributes.ts: whole-file flags; schemaFilter.ts: fitting the result to a label schema;
 * - fromParsed.ts: the input from a parsed file (src/main/labels/proposalInput.ts builds it from the catalog).
 */
export { proposeLabels, type ProposeOptions } from './proposeLabels';
export { proposalInputFromContext, proposalInputFromFile, type ProposalContext } from './fromParsed';
export { CONFIDENCE, PROVENANCE } from './confidence';
export { ANOMALY_CAUSE, ATTRIBUTE, POINT, PROPOSED_CLASSES, RANGE } from './classes';
export { LOW_THRUST_TRIGGER_A, LOW_TORQUE_TRIGGER_A } from './stepcodeEvents';
export { AIR_CYCLE_MAX_TORQUE_A, CUTTING_MIN_THRUST_A } from './anomalyAttributes';
export type * from './types';
