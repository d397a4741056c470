/**
 * Confidence tiers of machine-made labels: one definition for the auto-label preview, the agreement report
 * and the GUI, so "high" means the same everywhere. The bounds follow the proposal engine's bands
 * (proposals/confidence.ts): sensed events and hard stops land in high, heuristics in medium or low, a
 * programmed boundary in low.
 */

export const CONFIDENCE_TIERS = ['high', 'medium', 'low'] as const;
export type ConfidenceTier = (typeof CONFIDENCE_TIERS)[number];

/** Lowest confidence of each tier (inclusive); below the medium bound is low. */
export const TIER_LOWER_BOUND = Object.freeze({ high: 0.8, medium: 0.5, low: 0 } as const);

/** high ≥ 0.8, medium ≥ 0.5, low < 0.5. A label without a confidence (null) is low: nothing vouches for it. */
export function confidenceTier(confidence: number | null): ConfidenceTier {
  if (confidence === null || !Number.isFinite(confidence)) return 'low';
  if (confidence >= TIER_LOWER_BOUND.high) return 'high';
  if (confidence >= TIER_LOWER_BOUND.medium) return 'medium';
  return 'low';
}
