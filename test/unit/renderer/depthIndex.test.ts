import { describe, expect, it } from 'vitest';
import { visibleIndexRange } from '../../../src/shared/downsample';
import { DepthIndex } from '../../../src/renderer/workers/depthIndex';
import { DownsampleImpl } from '../../../src/renderer/workers/downsampleImpl';

/** A small deterministic generator (no Math.random: a failure must reproduce). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Depth as a drill writes it: mostly increasing, with back-moves, a retract at the end, and NaN gaps. */
function drilling(n: number, rnd: () => number): Float64Array {
  const d = new Float64Array(n);
  let v = -0.5;
  for (let i = 0; i < n; i++) {
    v += rnd() < 0.1 ? -rnd() * 0.3 : rnd() * 0.05;
    if (i > n * 0.9) v -= 0.2;
    d[i] = rnd() < 0.01 ? NaN : v;
  }
  return d;
}

describe('DepthIndex (visible sample range in O(log n))', () => {
  it('answers exactly what the linear scans answer, back-moves, retract and NaN included', () => {
    const rnd = lcg(7);
    for (const n of [1, 2, 3, 10, 257, 5000]) {
      const depth = drilling(n, rnd);
      const index = new DepthIndex(depth);
      const finite = [...depth].filter(Number.isFinite);
      const lo = Math.min(...finite) - 1;
      const hi = Math.max(...finite) + 1;
      for (let k = 0; k < 300; k++) {
        const a = lo + rnd() * (hi - lo);
        const b = rnd() < 0.1 ? a : lo + rnd() * (hi - lo);
        expect(index.visibleRange(a, b), `n=${n} window [${a}, ${b}]`).toEqual(visibleIndexRange(depth, a, b));
      }
      // Windows beyond either end of the data, and sample values themselves as bounds (ties).
      for (const [a, b] of [[hi + 5, hi + 9], [lo - 9, lo - 5], [lo, hi], [finite[0]!, finite.at(-1)!]] as const) {
        expect(index.visibleRange(a, b), `n=${n} window [${a}, ${b}]`).toEqual(visibleIndexRange(depth, a, b));
      }
    }
  });

  it('leaves infinite bounds and an empty column to the linear scans', () => {
    const depth = Float64Array.from([NaN, 1, 2, 3]);
    const index = new DepthIndex(depth);
    expect(index.visibleRange(-Infinity, 2)).toEqual(visibleIndexRange(depth, -Infinity, 2));
    expect(index.visibleRange(1, Infinity)).toEqual(visibleIndexRange(depth, 1, Infinity));
    expect(new DepthIndex(new Float64Array(0)).visibleRange(0, 1)).toBeNull();
  });
});

describe('DownsampleImpl: extents and the decode after a load', () => {
  const n = 4000;
  const ints = (f: (i: number) => number): Uint8Array => new Uint8Array(Int32Array.from({ length: n }, (_, i) => f(i)).buffer);
  const packed = [
    { key: 'position', dtype: 'i32' as const, scaleExp: 2, length: n, data: ints((i) => -(i + 100)) },
    { key: 'i_torque', dtype: 'i32' as const, scaleExp: 3, length: n, data: ints((i) => (i === 1234 ? 9000 : i % 100)) },
  ];

  it('answers the depth extent with the load, and the same extent with every window', () => {
    const impl = new DownsampleImpl();
    const loaded = impl.loadPacked({ setId: '1', columns: packed.map((c) => ({ ...c, data: c.data.slice() })) });
    expect(loaded.depthExtent).toEqual([1, (n + 99) / 100]);
    const win = impl.window({ setId: '1', xMode: 'depth', x0: 10, x1: 20, buckets: 50, keys: ['i_torque'] });
    expect(win.xExtent).toEqual(loaded.depthExtent);
    const byIndex = impl.window({ setId: '1', xMode: 'index', x0: 1000, x1: 1500, buckets: 50, keys: ['i_torque'] });
    expect(byIndex.xExtent).toEqual([0, n - 1]);
    // In index mode x is the sample index itself.
    expect([...byIndex.traces.i_torque!.x].every((x) => Number.isInteger(x) && x >= byIndex.start && x < byIndex.end)).toBe(true);
    expect(byIndex.traces.i_torque!.y).toContain(9);
  });

  it('decodes the loaded columns ahead of the first window, to the same values a window decodes', () => {
    const eager = new DownsampleImpl();
    const lazy = new DownsampleImpl();
    eager.loadPacked({ setId: '1', columns: packed.map((c) => ({ ...c, data: c.data.slice() })) });
    lazy.loadPacked({ setId: '1', columns: packed.map((c) => ({ ...c, data: c.data.slice() })) });
    eager.decodeLoaded('1');
    eager.decodeLoaded('gone'); // a set disposed before its decode: nothing to do
    const req = { setId: '1', xMode: 'depth' as const, x0: null, x1: null, buckets: 100, keys: ['i_torque'] };
    const a = eager.window(req);
    expect(a.traces.i_torque!.y).toEqual(lazy.window(req).traces.i_torque!.y);
    expect(Math.max(...a.traces.i_torque!.y)).toBe(9);
  });
});
