/** The depth resampler (training/dataset/resample.ts) and the channel recipes (channels.ts). */
import { describe, expect, it } from 'vitest';
import { channelValues } from '../../../../src/main/training/dataset/channels';
import { frontSamples, resampleByDepth } from '../../../../src/main/training/dataset/resample';

describe('resampleByDepth', () => {
  it('interpolates linearly onto a grid aligned to multiples of the step, depth = −position', () => {
    // Depths 0.5, 1.0, 1.5, 2.0; values rising 10 per mm.
    const position = [-0.5, -1.0, -1.5, -2.0];
    const values = [5, 10, 15, 20];
    const r = resampleByDepth(position, [values], 0.2);
    if (typeof r === 'string') throw new Error(r);
    expect(r.depthStartMm).toBe(0.6);
    expect(r.length).toBe(8); // 0.6 … 2.0
    expect([...r.values[0]!].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([6, 8, 10, 12, 14, 16, 18, 20]);
  });

  it('follows the front of the cut: back-moves, re-approach and repeated positions are skipped', () => {
    // 1.0 → 2.0, back-move to 1.7 (values there are nonsense: 99), then on to 3.0; one repeated 2.0.
    const position = [-1.0, -2.0, -2.0, -1.7, -1.8, -1.9, -2.0, -2.5, -3.0];
    const values = [1, 2, 99, 99, 99, 99, 99, 2.5, 3];
    expect(frontSamples(position)).toEqual([0, 1, 7, 8]);
    const r = resampleByDepth(position, [values], 0.5);
    if (typeof r === 'string') throw new Error(r);
    expect(r.depthStartMm).toBe(1);
    expect([...r.values[0]!]).toEqual([1, 1.5, 2, 2.5, 3]);
  });

  it('gives the same value at a grid depth that is exactly a sample depth', () => {
    const position = [-0.04, -0.06, -0.1];
    const r = resampleByDepth(position, [[4, 6, 10]], 0.02);
    if (typeof r === 'string') throw new Error(r);
    expect(r.depthStartMm).toBe(0.04);
    expect(r.length).toBe(4);
    expect([...r.values[0]!].map((v) => Math.round(v * 1e9) / 1e9)).toEqual([4, 6, 8, 10]);
  });

  it('skips NaN samples of a channel and NaN positions', () => {
    const position = [-1, NaN, -2, -3];
    const r = resampleByDepth(position, [[1, 50, NaN, 3]], 1);
    if (typeof r === 'string') throw new Error(r);
    expect([...r.values[0]!]).toEqual([1, 2, 3]);
  });

  it('says why when there is no stroke to resample', () => {
    expect(resampleByDepth([-1, -1, -1], [[1, 2, 3]], 0.02)).toMatch(/fewer than two samples advance the depth/);
    expect(resampleByDepth([-1.001, -1.005], [[1, 2]], 0.02)).toMatch(/spans less than one 0.02 mm step/);
    expect(resampleByDepth([-1, -2], [[NaN, NaN]], 0.5)).toMatch(/channel 1 has no finite value/);
  });
});

describe('channelValues', () => {
  const cols = new Map<string, Float64Array>([
    ['i_torque', Float64Array.from([1, 2])],
    ['i_torque_empty', Float64Array.from([5, 5])],
    ['power', Float64Array.from([100, 200])],
  ]);

  it('net torque is I Torque as logged (already total − no-load); total adds the empty current back', () => {
    expect([...(channelValues('torque_net', cols, 2) as Float64Array)]).toEqual([1, 2]);
    expect([...(channelValues('torque', cols, 2) as Float64Array)]).toEqual([6, 7]);
    expect([...(channelValues('torque_power', cols, 2) as Float64Array)]).toEqual([100, 200]);
  });

  it('names the column a channel lacks', () => {
    expect(channelValues('thrust_net', cols, 2)).toBe('channel thrust_net needs column i_thrust, which the file does not have');
    expect(channelValues('torque_net', cols, 3)).toBe('column i_torque has 2 samples, position has 3');
  });
});
