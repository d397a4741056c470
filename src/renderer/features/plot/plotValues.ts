/**
 * Exact signal values and extremes from the downsampling worker, for the crosshair readout, the ruler and
 * the y fits. The worker answers by sample index: values at given samples (`pointIndices`), and min/max per
 * bucket over a sample range, whose overall min and max are the range's own.
 */
import { finiteExtent } from '../../../shared/downsample';
import type { DownsampleClient } from './downsampleClient';
import type { SampleRange } from './yFit';
import type { Range } from './viewMath';

/** Per sample index asked for, the value of each key there. */
export async function valuesAtSamples(client: DownsampleClient, fileId: number, indices: readonly number[], keys: readonly string[]): Promise<Record<string, number>[]> {
  const res = await client.window({ setId: String(fileId), xMode: 'index', x0: 0, x1: 0, buckets: 1, keys: [...keys], pointIndices: [...indices] });
  return indices.map((_, k) => {
    const out: Record<string, number> = {};
    for (const key of keys) {
      const v = res.points[key]?.[k];
      if (v !== undefined && Number.isFinite(v)) out[key] = v;
    }
    return out;
  });
}

/** Smallest and largest value of each key over the samples [start, end). */
export async function extremesOver(client: DownsampleClient, fileId: number, range: SampleRange, keys: readonly string[]): Promise<Record<string, Range | null>> {
  const out: Record<string, Range | null> = {};
  if (range.end <= range.start) return out;
  // The worker widens an index window by one sample before and two after (so lines run off the edges).
  const x0 = range.start + 1;
  const x1 = Math.max(x0, range.end - 2);
  const res = await client.window({ setId: String(fileId), xMode: 'index', x0, x1, buckets: 64, keys: [...keys] });
  for (const key of keys) {
    const t = res.traces[key];
    out[key] = t ? finiteExtent(t.y) : null;
  }
  return out;
}

const prefixMaxes = new WeakMap<ArrayLike<number>, Float64Array>();

/**
 * The first sample at or beyond a depth, in O(log n): the running maximum of a depth column is sorted, and
 * the first sample where it reaches a depth is the first sample at or beyond it (back-moves included).
 */
export function firstSampleAtOrBeyond(depth: ArrayLike<number>, d: number): number {
  let max = prefixMaxes.get(depth);
  if (!max) {
    max = new Float64Array(depth.length);
    let m = -Infinity;
    for (let i = 0; i < depth.length; i++) max[i] = m = Math.max(m, depth[i]!);
    prefixMaxes.set(depth, max);
  }
  let lo = 0;
  let hi = max.length - 1;
  if (hi < 0) return 0;
  if (!(max[hi]! >= d)) return hi;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (max[mid]! >= d) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
