/**
 * The thresholds of the file rules (DOMAIN §14), in one place so that rules, documentation and tests read
 * the same numbers. Pure TypeScript.
 */

/** Sample rate every known file has (Hz). */
export const EXPECTED_SAMPLE_RATE_HZ = 100;
export const KNOWN_VERSIONS: readonly number[] = [4, 7, 8, 9, 11];
/** Net torque quantisation step of genuine files (A): 50/1024. */
export const TORQUE_QUANTUM_A = 50 / 1024;

export const THRESHOLDS = Object.freeze({
  depthMinMm: 2,
  depthMaxMm: 60,
  firstSampleMaxDepthMm: 3.5,
  backMoveMaxMm: 0.35,
  /** V15: the last sample may sit this far above the deepest one (position quantisation). */
  lastDeepestToleranceMm: 0.01,
  minRows: 50,
  feedRatio: [0.8, 1.25] as const,
  /** V17: skip segments whose programmed advance per sample is below the position resolution. */
  feedPerSampleMinMm: 0.004,
  /** V17: segments shorter than this are too short for a median. */
  feedRatioMinRows: 10,
  durationRatio: [0.75, 1.05] as const,
  rowsPerSecond: [48, 93] as const,
  /** V22: the final stop-code run sits on the last ≤ 5 samples of a step. */
  stopCodeTailRows: 5,
  torqueEmptyA: [1.5, 12] as const,
  thrustEmptyA: [0.02, 0.7] as const,
  noLoadToleranceA: 0.05,
  torqueA: [-3, 70] as const,
  thrustA: [-0.2, 6] as const,
  airCycleMaxTorqueA: 1,
  /** V31: share of samples off the 0.0488 A grid above which the channel looks resampled. */
  offGridShare: 0.05,
  distanceToleranceMm: 0.1,
});
