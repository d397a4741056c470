/**
 * The visible index range of a depth window in O(log n) instead of two linear scans per window: during a zoom
 * or pan the worker cuts a window every few frames, and on a million samples each scan walked up to the
 * whole column. Same answer as the shared `visibleIndexRange` (its unit test compares the two).
 *
 * Depth is not monotonic (back-moves), but its running maximum is: the first sample at or beyond `a` is the
 * first whose running maximum reaches `a`. Likewise the running minimum from the end is non-decreasing, and
 * the last sample at or before `b` is the last whose minimum-from-here is ≤ b. NaN is skipped in both, as the
 * linear scans skip it.
 */
import { visibleIndexRange, type IndexRange } from '../../shared/downsample';

export class DepthIndex {
  readonly #prefixMax: Float64Array;
  readonly #suffixMin: Float64Array;

  public constructor(public readonly depth: Float64Array) {
    const n = depth.length;
    this.#prefixMax = new Float64Array(n);
    this.#suffixMin = new Float64Array(n);
    let m = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = depth[i]!;
      if (v > m) m = v;
      this.#prefixMax[i] = m;
    }
    m = Infinity;
    for (let i = n - 1; i >= 0; i--) {
      const v = depth[i]!;
      if (v < m) m = v;
      this.#suffixMin[i] = m;
    }
  }

  /** As visibleIndexRange(depth, x0, x1). */
  public visibleRange(x0: number, x1: number): IndexRange | null {
    const n = this.depth.length;
    const a = Math.min(x0, x1);
    const b = Math.max(x0, x1);
    // Infinite or NaN bounds are the scans' corner cases (a leading NaN would meet −∞): leave them to it.
    if (n === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return visibleIndexRange(this.depth, x0, x1);
    const first = firstReaching(this.#prefixMax, (v) => v >= a);
    const lastIn = firstReaching(this.#suffixMin, (v) => v > b) - 1;
    const lo = Math.max(0, Math.min(first, lastIn) - 1);
    const hi = Math.min(n - 1, Math.max(first, lastIn) + 1);
    return { start: lo, end: hi + 1 };
  }
}

/** The first index of a non-decreasing array where `reached` holds (its length when nowhere). */
function firstReaching(sorted: Float64Array, reached: (v: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (reached(sorted[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
