/**
 * Min/max downsampling to the viewport (ARCHITECTURE §11, the plotly-resampler / Lichtblick technique).
 *
 * A signal of N samples drawn into W pixel columns needs at most ~2·W points to look identical to the full
 * line: per pixel bucket, the sample with the smallest and the one with the largest value, kept in index
 * order, plus the very first and last sample so the line reaches both edges. Spikes (the torque rise at
 * contact, the drop at break-through) therefore survive any zoom level.
 *
 * Everything works on sample *index* ranges: depth is not monotonic (DOMAIN §6, small back-moves), so a
 * depth window is first mapped to an index window tolerantly (`visibleIndexRange`) and the buckets are cut
 * by index. Pure: runs in the downsampling Web Worker, on the UI thread as a fallback, and in unit tests.
 */

/** Half-open index range [start, end). */
export interface IndexRange {
  start: number;
  end: number;
}

/** Bucket `b` of `buckets` over [start, end): [from, to). Buckets differ in size by at most one sample. */
export function bucketBounds(start: number, end: number, buckets: number, b: number): IndexRange {
  const n = end - start;
  return { start: start + Math.floor((b * n) / buckets), end: start + Math.floor(((b + 1) * n) / buckets) };
}

/**
 * Indices of the samples to draw for y[start, end) in `buckets` pixel columns, strictly increasing:
 * the first and the last index of the range, and the index of the minimum and of the maximum of every
 * bucket (NaN ignored; the first minimum/maximum wins on ties). When the range holds no more samples than
 * 2·buckets + 2 every index is kept. At most 2·buckets + 2 indices.
 */
export function minMaxIndices(y: ArrayLike<number>, start: number, end: number, buckets: number): Uint32Array {
  const lo = Math.max(0, Math.floor(start));
  const hi = Math.min(y.length, Math.ceil(end));
  const n = hi - lo;
  if (n <= 0) return new Uint32Array(0);
  const b = Math.max(1, Math.floor(buckets));
  if (n <= 2 * b + 2) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = lo + i;
    return all;
  }
  const out = new Uint32Array(2 * b + 2);
  let count = 0;
  let last = -1;
  const push = (i: number): void => {
    if (i > last) {
      out[count++] = i;
      last = i;
    }
  };
  push(lo);
  for (let k = 0; k < b; k++) {
    const from = lo + Math.floor((k * n) / b);
    const to = lo + Math.floor(((k + 1) * n) / b);
    let iMin = -1;
    let iMax = -1;
    let vMin = Infinity;
    let vMax = -Infinity;
    for (let i = from; i < to; i++) {
      const v = y[i]!;
      // NaN fails both comparisons, so it is skipped.
      if (v < vMin) {
        vMin = v;
        iMin = i;
      }
      if (v > vMax) {
        vMax = v;
        iMax = i;
      }
    }
    if (iMin < 0) {
      // Bucket of NaN only: keep one sample so the gap is drawn as a gap.
      push(from);
      continue;
    }
    if (iMin < iMax) {
      push(iMin);
      push(iMax);
    } else {
      push(iMax);
      push(iMin);
    }
  }
  push(hi - 1);
  return out.slice(0, count);
}

/**
 * The index range [start, end) that covers the x window [x0, x1] of a mostly increasing but not monotonic
 * x (depth): from the first sample at or beyond x0 to the last sample at or before x1, widened by one sample
 * on each side so the line runs off both edges of the plot. Back-moves inside the window are simply
 * included. A window between two samples yields those two neighbours. Null for an empty x.
 */
export function visibleIndexRange(x: ArrayLike<number>, x0: number, x1: number): IndexRange | null {
  const n = x.length;
  if (n === 0) return null;
  const a = Math.min(x0, x1);
  const b = Math.max(x0, x1);
  let first = 0;
  while (first < n && !(x[first]! >= a)) first++;
  let lastIn = n - 1;
  while (lastIn >= 0 && !(x[lastIn]! <= b)) lastIn--;
  const lo = Math.max(0, Math.min(first, lastIn) - 1);
  const hi = Math.min(n - 1, Math.max(first, lastIn) + 1);
  return { start: lo, end: hi + 1 };
}

/** One drawn trace: the x and y of the samples kept. */
export interface TraceData {
  x: Float64Array;
  y: Float64Array;
}

/**
 * The trace of samples [range.start, range.end) in `buckets` pixel columns: the samples minMaxIndices keeps
 * of `order`, their x and y read through `xAt` / `yAt`. `order` must rank the samples as y does: y itself
 * (the downsampling worker's decoded columns) or the stored integers of a scaled column (the back end's
 * first-frame overview, which so skips decoding a million samples: the scale is positive, so the same
 * samples win, ties included). One function for both, so the overview and the worker's full-view window
 * cannot drift apart.
 */
export function cutTrace(order: ArrayLike<number>, range: IndexRange, buckets: number, xAt: (i: number) => number, yAt: (i: number) => number): TraceData & { x: Float64Array<ArrayBuffer>; y: Float64Array<ArrayBuffer> } {
  const idx = minMaxIndices(order, range.start, range.end, buckets);
  const x = new Float64Array(idx.length);
  const y = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) {
    x[k] = xAt(idx[k]!);
    y[k] = yAt(idx[k]!);
  }
  return { x, y };
}

/** The values at sample `indices` (stop-code markers), each clamped into [0, n − 1]. */
export function valuesAt(n: number, yAt: (i: number) => number, indices: readonly number[]): Float64Array<ArrayBuffer> {
  const out = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = yAt(Math.min(Math.max(0, indices[k]!), n - 1));
  return out;
}

/** values[idx[k]] for every k, as a new Float64Array. */
export function gather(values: ArrayLike<number>, idx: ArrayLike<number>): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = values[idx[k]!]!;
  return out;
}

/** Smallest and largest finite value of `values` (null when there is none). */
export function finiteExtent(values: ArrayLike<number>, start = 0, end = values.length): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = Math.max(0, start); i < Math.min(values.length, end); i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** The first index whose x is at or beyond `value` (tolerant of back-moves); x.length - 1 when none is. */
export function firstIndexAtOrBeyond(x: ArrayLike<number>, value: number): number {
  for (let i = 0; i < x.length; i++) if (x[i]! >= value) return i;
  return Math.max(0, x.length - 1);
}
