import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, fromWireJson, toWireJson } from '../../../src/shared/api/wire';

describe('wire JSON', () => {
  it('round-trips typed arrays exactly, including NaN, -0 and infinities', () => {
    const f64 = new Float64Array([0, -0, 1.5, -2.25e-300, Number.NaN, Infinity, -Infinity, 0.1 + 0.2]);
    const back = fromWireJson(toWireJson({ a: { values: f64 }, n: 3, i: new Int32Array([-1, 2]) })) as { a: { values: Float64Array }; n: number; i: Int32Array };
    expect(back.n).toBe(3);
    expect(back.a.values).toBeInstanceOf(Float64Array);
    expect(Array.from(back.a.values)).toEqual(Array.from(f64));
    expect(Object.is(back.a.values[1], -0)).toBe(true);
    expect(Array.from(back.i)).toEqual([-1, 2]);
  });

  it('matches the standard base64 alphabet and padding', () => {
    for (const text of ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar']) {
      const bytes = new TextEncoder().encode(text);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(text).toString('base64'));
      expect(Buffer.from(base64ToBytes(Buffer.from(text).toString('base64'))).toString()).toBe(text);
    }
  });
});
