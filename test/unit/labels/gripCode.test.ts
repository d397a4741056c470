import { describe, expect, it } from 'vitest';
import { GRIP_UNIT_MM, gripCode, gripCodeInRange } from '../../../src/shared/labels/gripCode';

describe('gripCode: floor(depth / 1.5875) + 1 (DOMAIN §12.1)', () => {
  it('matches the worked examples', () => {
    expect(gripCode(18.0)).toBe(12);
    expect(gripCode(0)).toBe(1);
    expect(gripCode(1.5)).toBe(1);
    expect(gripCode(15.12)).toBe(10);
  });

  it('puts an exact boundary in the next code', () => {
    expect(gripCode(1.5875)).toBe(2);
    expect(gripCode(1.5874)).toBe(1);
  });

  it('is exact on every decimal boundary k·1.5875 despite binary floating point', () => {
    for (let k = 1; k <= 40; k++) {
      const boundary = Number(((k * 15875) / 10000).toFixed(4));
      expect(gripCode(boundary), `boundary ${boundary}`).toBe(k + 1);
      expect(gripCode(boundary - 1e-6), `just below ${boundary}`).toBe(k);
    }
  });

  it('has no code for negative or non-finite depths', () => {
    expect(gripCode(-0.1)).toBeNull();
    expect(gripCode(Number.NaN)).toBeNull();
    expect(gripCode(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('flags codes outside 1–25', () => {
    expect(gripCodeInRange(gripCode(24 * GRIP_UNIT_MM + 0.1)!)).toBe(true);
    expect(gripCodeInRange(gripCode(25 * GRIP_UNIT_MM)!)).toBe(false);
  });
});
