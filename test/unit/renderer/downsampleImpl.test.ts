import { describe, expect, it } from 'vitest';
import { inThreadClient } from '../../../src/renderer/features/plot/downsampleClient';
import { DownsampleImpl } from '../../../src/renderer/workers/downsampleImpl';

function ramp(n: number, f: (i: number) => number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = f(i);
  return a;
}

describe('DownsampleImpl', () => {
  const n = 10_000;
  const depth = ramp(n, (i) => i * 0.01 - (i === 5000 ? 0.3 : 0)); // one back-move
  const torque = ramp(n, (i) => (i === 4321 ? 99 : Math.sin(i / 50)));
  const empty = ramp(n, () => 2.5);

  it('downsamples the whole set to ≤ 2·buckets + 2 points per trace and keeps spikes', () => {
    const impl = new DownsampleImpl();
    impl.load({ setId: '1', depth, columns: { i_torque: torque, i_torque_empty: empty } });
    const res = impl.window({ setId: '1', xMode: 'depth', x0: null, x1: null, buckets: 300, keys: ['i_torque'] });
    expect(res.traces.i_torque!.x.length).toBeLessThanOrEqual(602);
    expect(Math.max(...res.traces.i_torque!.y)).toBe(99);
    expect(res.xExtent[0]).toBe(0);
    expect(res.xExtent[1]).toBeCloseTo(99.99, 6);
  });

  it('cuts the visible depth window by index and maps back-moves tolerantly', () => {
    const impl = new DownsampleImpl();
    impl.load({ setId: '1', depth, columns: { i_torque: torque } });
    const res = impl.window({ setId: '1', xMode: 'depth', x0: 40, x1: 60, buckets: 100, keys: ['i_torque'] });
    expect(res.start).toBeLessThanOrEqual(4000);
    expect(res.end).toBeGreaterThanOrEqual(6001);
    expect(res.end - res.start).toBeLessThan(2100);
    expect(res.traces.i_torque!.y).toContain(99);
  });

  it('serves the sample-index axis and the derived total current', () => {
    const impl = new DownsampleImpl();
    impl.load({ setId: '7', depth, columns: { i_torque: torque, i_torque_empty: empty } });
    const res = impl.window({ setId: '7', xMode: 'index', x0: 100, x1: 110, buckets: 100, keys: ['i_torque_total', 'missing'] });
    expect(res.traces.missing).toBeUndefined();
    const t = res.traces.i_torque_total!;
    expect(t.x[0]).toBe(99);
    expect(t.x.at(-1)).toBe(111);
    for (let k = 0; k < t.x.length; k++) expect(t.y[k]).toBeCloseTo(torque[t.x[k]!]! + 2.5, 12);
  });

  it('returns the values at the requested sample indices (stop-code markers)', () => {
    const impl = new DownsampleImpl();
    impl.load({ setId: '1', depth, columns: { i_torque: torque } });
    const res = impl.window({ setId: '1', xMode: 'depth', x0: null, x1: null, buckets: 10, keys: ['i_torque'], pointIndices: [4321, 0, 99_999] });
    expect([...res.points.i_torque!]).toEqual([99, torque[0], torque[n - 1]]);
  });

  it('refuses windows of sets it does not hold, and forgets disposed sets', async () => {
    const client = inThreadClient();
    await client.load('3', depth.slice(), { i_torque: torque.slice() });
    await client.dispose('3');
    await expect(client.window({ setId: '3', xMode: 'depth', x0: null, x1: null, buckets: 10, keys: ['i_torque'] })).rejects.toThrow(/no signals/);
  });
});
