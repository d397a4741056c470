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

describe('binary wire frame', () => {
  it('round-trips nested values and typed arrays exactly, including non-ASCII text', async () => {
    const { decodeWireBinary, encodeWireBinary, isWireBinary } = await import('../../../src/shared/api/wireBinary');
    const f64 = new Float64Array([0, -0, 1.5, Number.NaN, Infinity, -2.25e-300]);
    const value = { name: 'Pset n° – Ti', cols: [{ values: f64 }, { values: new Float32Array([1.25, -3]) }, { values: new Int32Array([7, -8, 9]) }], n: null };
    const frame = encodeWireBinary(value);
    expect(isWireBinary(frame)).toBe(true);
    const back = decodeWireBinary(frame) as typeof value;
    expect(back.name).toBe('Pset n° – Ti');
    expect(back.n).toBeNull();
    expect(back.cols[0]!.values).toBeInstanceOf(Float64Array);
    expect(Array.from(back.cols[0]!.values)).toEqual(Array.from(f64));
    expect(Object.is(back.cols[0]!.values[1], -0)).toBe(true);
    expect(Array.from(back.cols[1]!.values)).toEqual([1.25, -3]);
    expect(Array.from(back.cols[2]!.values)).toEqual([7, -8, 9]);
    // A frame that does not start on an 8-byte boundary still decodes (by copying).
    const shifted = new Uint8Array(frame.length + 1);
    shifted.set(frame, 1);
    expect(Array.from((decodeWireBinary(shifted.subarray(1)) as typeof value).cols[0]!.values)).toEqual(Array.from(f64));
  });

  it('refuses truncated or foreign bytes with a clear error', async () => {
    const { decodeWireBinary, encodeWireBinary } = await import('../../../src/shared/api/wireBinary');
    const frame = encodeWireBinary({ v: new Float64Array(100) });
    expect(() => decodeWireBinary(frame.subarray(0, frame.length - 8))).toThrow(/truncated/);
    expect(() => decodeWireBinary(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/UDW1/);
  });
});
