/**
 * Which holes break a head's series. A head's exit depth and break-through torque drift (tool wear, another
 * stack), so each point is compared with what its neighbours in counter order predict for it, not with one
 * level for the whole series: a line through its nearest neighbours (the point itself left out) by the
 * repeated median, which a wild neighbour cannot tilt. The residuals are scored with the robust z-score
 * (median and MAD, Iglewicz & Hoaglin), which one wild hole cannot drag along as it would a mean and a
 * standard deviation. Pure.
 */

/** |robust z| above this flags a point (Iglewicz & Hoaglin's suggested cut-off). */
export const OUTLIER_Z = 3.5;
/** Neighbours on each side that predict a point (more from one side at the ends of the series). */
export const TREND_NEIGHBOURS = 3;
/** Fewer points than this say nothing about a series. */
export const MIN_POINTS = 5;

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * 0.6745·(x − median)/MAD for every value. When more than half the values are equal (MAD 0), the mean
 * absolute deviation stands in (×1.2533, its ratio to σ for normal data); when every value is equal, a
 * value that differs is infinitely far out.
 */
export function robustZ(values: readonly number[]): number[] {
  const med = median(values);
  const dev = values.map((v) => Math.abs(v - med));
  const mad = median(dev);
  if (mad > 0) return values.map((v) => (0.6745 * (v - med)) / mad);
  const meanAd = dev.reduce((a, b) => a + b, 0) / (dev.length || 1);
  if (meanAd > 0) return values.map((v) => (v - med) / (1.2533 * meanAd));
  return values.map((v) => (v === med ? 0 : v > med ? Infinity : -Infinity));
}

/** The indices of the `2k` points nearest to `i` in series order, `i` itself left out. */
function neighbourIndices(i: number, n: number, k: number): number[] {
  const out: number[] = [];
  let lo = i - 1;
  let hi = i + 1;
  let left = 0;
  let right = 0;
  while (out.length < 2 * k && (lo >= 0 || hi < n)) {
    // Balanced while both sides have points; the side that runs out hands its share to the other.
    const takeLeft = lo >= 0 && (hi >= n || left <= right);
    if (takeLeft) {
      out.push(lo--);
      left++;
    } else {
      out.push(hi++);
      right++;
    }
  }
  return out;
}

/**
 * The value at x[i] predicted by a line through the neighbours of i, fitted by Siegel's repeated median
 * (the slope is the median over points of each point's median slope to the others): unlike a plain
 * Theil–Sen fit it is not tilted by one wild neighbour even among as few as four.
 */
function predicted(xs: readonly number[], ys: readonly number[], i: number, k: number): number {
  const idx = neighbourIndices(i, xs.length, k);
  const perPoint: number[] = [];
  for (const a of idx) {
    const slopes: number[] = [];
    for (const b of idx) {
      const dx = xs[b]! - xs[a]!;
      if (b !== a && dx !== 0) slopes.push((ys[b]! - ys[a]!) / dx);
    }
    if (slopes.length) perPoint.push(median(slopes));
  }
  const slope = perPoint.length ? median(perPoint) : 0;
  const intercept = median(idx.map((j) => ys[j]! - slope * xs[j]!));
  return intercept + slope * xs[i]!;
}

/** Each value minus what its neighbours predict for it (x: the global counters, increasing). */
export function residuals(xs: readonly number[], ys: readonly number[], k = TREND_NEIGHBOURS): number[] {
  return ys.map((y, i) => y - predicted(xs, ys, i, k));
}

export interface Outlier {
  /** Index into the series given. */
  index: number;
  z: number;
}

/**
 * The points of a series (x: global counters in increasing order; y: null = no value, skipped) whose
 * residual has |robust z| > `threshold`.
 */
export function seriesOutliers(
  xs: readonly number[],
  ys: readonly (number | null)[],
  opts: { neighbours?: number; threshold?: number; minPoints?: number } = {},
): Outlier[] {
  const at: number[] = [];
  const px: number[] = [];
  const py: number[] = [];
  ys.forEach((v, i) => {
    if (v !== null && Number.isFinite(v) && Number.isFinite(xs[i])) {
      at.push(i);
      px.push(xs[i]!);
      py.push(v);
    }
  });
  if (py.length < (opts.minPoints ?? MIN_POINTS)) return [];
  // Rounding noise of a perfectly regular series is no deviation: below it a residual counts as none.
  const eps = 1e-9 * py.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
  const z = robustZ(residuals(px, py, opts.neighbours ?? TREND_NEIGHBOURS).map((r) => (Math.abs(r) <= eps ? 0 : r)));
  const threshold = opts.threshold ?? OUTLIER_Z;
  const out: Outlier[] = [];
  z.forEach((score, k) => {
    if (Math.abs(score) > threshold) out.push({ index: at[k]!, z: score });
  });
  return out;
}
