import { describe, expect, it } from 'vitest';
import { CONFIDENCE_TIERS, confidenceTier } from '../../../src/shared/labels/confidenceTier';

describe('confidenceTier', () => {
  it('high ≥ 0.8, medium ≥ 0.5, low below, bounds inclusive', () => {
    const cases: Array<[number | null, string]> = [
      [1, 'high'],
      [0.8, 'high'],
      [0.7999, 'medium'],
      [0.5, 'medium'],
      [0.4999, 'low'],
      [0, 'low'],
      [null, 'low'],
      [Number.NaN, 'low'],
    ];
    for (const [c, tier] of cases) expect(confidenceTier(c), String(c)).toBe(tier);
  });

  it('lists the tiers from high to low', () => {
    expect(CONFIDENCE_TIERS).toEqual(['high', 'medium', 'low']);
  });
});
