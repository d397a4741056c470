// UUIDv7 for label events: the RFC 9562 layout, strictly increasing within a process (also within one
// millisecond and when the clock goes back), unique, and deterministic when made from given bits.
import { describe, expect, it } from 'vitest';
import { isUuidv7, uuidv7, uuidv7FromBits, uuidv7Time } from '../../../src/shared/ids/uuidv7';

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function isStrictlyIncreasing(ids: string[]): boolean {
  return ids.every((id, i) => i === 0 || ids[i - 1]! < id);
}

describe('uuidv7', () => {
  it('has the version 7 and variant 10 layout, in lowercase hyphenated form', () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidv7();
      expect(id).toMatch(CANONICAL);
      expect(isUuidv7(id)).toBe(true);
    }
    expect(isUuidv7('0190f5c2-7a3b-4c11-9d2e-0123456789ab')).toBe(false); // version 4
    expect(isUuidv7('0190f5c2-7a3b-7c11-cd2e-0123456789ab')).toBe(false); // variant 110
    expect(isUuidv7('0190F5C2-7A3B-7C11-9D2E-0123456789AB')).toBe(false); // not canonical
    expect(isUuidv7(42)).toBe(false);
  });

  it('carries the millisecond timestamp in its first 48 bits', () => {
    // Beyond every other timestamp made in this file (which may run first), so the id gets it exactly.
    const t = 2 ** 48 - 100_000;
    const id = uuidv7(t);
    expect(uuidv7Time(id)).toBe(t);
    expect(id.slice(0, 13)).toBe(`${t.toString(16).padStart(12, '0').slice(0, 8)}-${t.toString(16).padStart(12, '0').slice(8)}`);
    expect(() => uuidv7Time('not-an-id')).toThrow(/'not-an-id' is not a UUIDv7/);
  });

  it('sorts in the order it was made, also many in one millisecond, and past the 12-bit counter', () => {
    const sameMs = Array.from({ length: 10_000 }, () => uuidv7(1_700_000_000_000));
    expect(isStrictlyIncreasing(sameMs)).toBe(true);
    // At most 4096 per millisecond: 10,000 ids move the timestamp on by at least two milliseconds.
    expect(uuidv7Time(sameMs.at(-1)!) - uuidv7Time(sameMs[0]!)).toBeGreaterThanOrEqual(2);
    expect([...sameMs].sort()).toEqual(sameMs);
  });

  it('keeps increasing when the clock goes back', () => {
    const ids = [uuidv7(1_800_000_000_000), uuidv7(1_700_000_000_000), uuidv7(1_600_000_000_000), uuidv7(0)];
    expect(isStrictlyIncreasing(ids)).toBe(true);
  });

  it('orders ids of later milliseconds after earlier ones', () => {
    const a = uuidv7(2 ** 47);
    const b = uuidv7(2 ** 47 + 1);
    expect(a < b).toBe(true);
  });

  it('never repeats', () => {
    const ids = Array.from({ length: 100_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a timestamp outside 48 bits', () => {
    expect(() => uuidv7(-1)).toThrow(/outside 0…2\^48-1/);
    expect(() => uuidv7(2 ** 48)).toThrow(/outside/);
    expect(() => uuidv7(Number.NaN)).toThrow(/outside/);
  });
});

describe('uuidv7FromBits', () => {
  const bits = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);

  it('gives the same id for the same time and bits, and another for other bits', () => {
    const id = uuidv7FromBits(1_700_000_000_123, bits);
    expect(id).toMatch(CANONICAL);
    expect(uuidv7FromBits(1_700_000_000_123, bits)).toBe(id);
    expect(uuidv7Time(id)).toBe(1_700_000_000_123);
    const other = Uint8Array.from(bits);
    other[9] = other[9]! ^ 1;
    expect(uuidv7FromBits(1_700_000_000_123, other)).not.toBe(id);
  });

  it('needs ten bytes', () => {
    expect(() => uuidv7FromBits(0, new Uint8Array(9))).toThrow(/needs 10 bytes of bits, got 9/);
  });
});
