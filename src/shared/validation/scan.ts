/**
 * The per-sample loops of the file rules (rules.ts), each a small function of its own. Why: an import
 * validates each file once, in workers that live for a few hundred files, and V8 compiles whatever runs
 * hot. A rule closure holding a long loop gets compiled whole (message building, locations and all)
 * at a cost above its run time; with the loop here only these few lines are compiled, once, and the
 * closures stay small. Results that need more than one number go through `scanHit`, reused (no
 * allocation per call); read it right after the call.
 */

/** Extra results of the last scan call. */
export const scanHit = { first: -1, max: -Infinity, min: Infinity, minIndex: -1, maxIndex: -1, count: 0 };

/** Count of NaN and ±Infinity in `values`; `scanHit.first`: the first one's index (-1 when none). */
export function countNonFinite(values: Float64Array): number {
  const n = values.length;
  let count = 0;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    // v − v is 0 for every finite v, NaN for NaN and ±Infinity.
    if (v - v !== 0) {
      if (first < 0) first = i;
      count++;
    }
  }
  scanHit.first = first;
  return count;
}

/** Count of values above `limit`; `scanHit.first`: the first one's index, `scanHit.max`: the largest. */
export function countAbove(values: Float64Array, limit: number): number {
  const n = values.length;
  let count = 0;
  let first = -1;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v > limit) {
      if (first < 0) first = i;
      count++;
      if (v > max) max = v;
    }
  }
  scanHit.first = first;
  scanHit.max = max;
  return count;
}

/** Count of non-zero values in [from, to); `scanHit.first`: the first one's index (-1 when none). */
export function countNonZero(values: Float64Array, from: number, to: number): number {
  let count = 0;
  let first = -1;
  for (let i = from; i < to; i++) {
    if (values[i]! !== 0) {
      if (first < 0) first = i;
      count++;
    }
  }
  scanHit.first = first;
  return count;
}

/** Index of the first non-zero value at or after `from` (NaN counts as non-zero); `values.length` when none. */
export function nextNonZero(values: Float64Array, from: number): number {
  const n = values.length;
  for (let i = from; i < n; i++) if (values[i]! !== 0) return i;
  return n;
}

/** Index of the first value in [from, to] that is not `v` (`!==`, so NaN never equals); -1 when none. */
export function firstDifferent(values: Float64Array, from: number, to: number, v: number): number {
  for (let i = from; i <= to; i++) if (values[i]! !== v) return i;
  return -1;
}

/**
 * Smallest and largest value with the index of their first occurrence (NaN never wins a comparison), in
 * `scanHit.min/minIndex/max/maxIndex`; indices are -1 when no value compared (empty or all NaN).
 */
export function extremes(values: Float64Array): void {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  let minIndex = -1;
  let maxIndex = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v < min) {
      min = v;
      minIndex = i;
    }
    if (v > max) {
      max = v;
      maxIndex = i;
    }
  }
  scanHit.min = min;
  scanHit.max = max;
  scanHit.minIndex = minIndex;
  scanHit.maxIndex = maxIndex;
}

/**
 * Non-zero finite values off the grid of step `q` by more than `tol` steps: returns how many, with
 * `scanHit.count` the non-zero finite values looked at and `scanHit.first` the first off-grid index.
 */
export function countOffGrid(values: Float64Array, q: number, tol: number): number {
  const n = values.length;
  let nonZero = 0;
  let off = 0;
  let first = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v === 0 || v - v !== 0) continue;
    nonZero++;
    const k = v / q;
    if (Math.abs(k - Math.round(k)) > tol) {
      off++;
      if (first < 0) first = i;
    }
  }
  scanHit.count = nonZero;
  scanHit.first = first;
  return off;
}

/** Reused by {@link medianAdvance}: grows to the longest segment seen (validation is synchronous). */
let deltaScratch = new Float64Array(4096);

/**
 * Median of the depth advance per sample (`pos[i-1] − pos[i]`) over samples start+1 … end (V17). Runs once
 * per step of every imported file, so it works in a reused Float64Array with a selection (linear time)
 * instead of sorting a fresh `number[]`. A NaN advance (±Inf positions) falls back to the plain sort,
 * whose order with NaN is what the rule has always reported.
 */
export function medianAdvance(pos: Float64Array, start: number, end: number): number {
  const n = end - start;
  if (n <= 0) return NaN;
  if (deltaScratch.length < n) deltaScratch = new Float64Array(n);
  const a = deltaScratch;
  for (let i = 0; i < n; i++) {
    const d = pos[start + i]! - pos[start + i + 1]!;
    if (d !== d) return sortedMedianAdvance(pos, start, end);
    a[i] = d;
  }
  const m = n >> 1;
  if (n % 2) return select(a, n, m);
  // Even count: the (m-1)-th smallest, then the smallest of what selection left above it.
  const lo = select(a, n, m - 1);
  let hi = a[m]!;
  for (let i = m + 1; i < n; i++) if (a[i]! < hi) hi = a[i]!;
  return (lo + hi) / 2;
}

function sortedMedianAdvance(pos: Float64Array, start: number, end: number): number {
  const s: number[] = [];
  for (let i = start + 1; i <= end; i++) s.push((pos[i - 1] as number) - (pos[i] as number));
  s.sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * The k-th smallest of a[0 … n) (NaN-free), in place (Hoare's selection, middle pivot): afterwards a[k]
 * holds it, everything before is ≤ and everything after is ≥.
 */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}
