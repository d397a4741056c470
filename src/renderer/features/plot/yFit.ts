/**
 * y ranges that fit the drilling, not the end of the cycle. At the hard stop the thrust (and sometimes the
 * torque) current shoots up over the last tenths of a millimetre (e.g. 0.3 → 5.1 A in the last 0.17 mm of
 * `misc/2312041_23120041_ST_1378_95.xls`) and would squash the panel. The samples of that last stretch are
 * left out of a channel's fit when they reach far beyond the rest; otherwise they count like any other.
 * Pure; the extremes come from the worker (min/max per bucket keeps every extreme).
 */
import { visibleIndexRange } from '../../../shared/downsample';
import type { Range } from './viewMath';

/** The end-of-cycle stretch: samples within this many mm of the deepest point, after the last one outside. */
export const SPIKE_MM = 0.25;
/** …but never more than this fraction of the samples (a slow final feed must not hide half the step). */
export const MAX_TAIL_FRACTION = 0.05;
/** The tail is a spike when it reaches beyond the rest by more than this fraction of the rest's span. */
export const SPIKE_FACTOR = 0.5;
/** Room above and below the data, as a fraction of its span. */
export const Y_PAD = 0.06;

/** Index where the end-of-cycle stretch starts (samples.length when there is none). */
export function spikeTailStart(depth: ArrayLike<number>): number {
  const n = depth.length;
  if (n < 10) return n;
  let deepest = -Infinity;
  for (let i = 0; i < n; i++) if (depth[i]! > deepest) deepest = depth[i]!;
  let last = n - 1;
  while (last >= 0 && depth[last]! >= deepest - SPIKE_MM) last--;
  return Math.max(last + 1, n - Math.max(3, Math.ceil(n * MAX_TAIL_FRACTION)));
}

/** Index of the deepest point: the end of the forward motion (the first sample at the greatest depth). */
export function deepestIndex(depth: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < depth.length; i++) if (depth[i]! > depth[best]!) best = i;
  return best;
}

/**
 * The extent to fit from the extremes of the body (before the tail) and of the tail: the tail is ignored
 * when it is a spike (reaching beyond the body by more than SPIKE_FACTOR of the body's span).
 */
export function extentWithoutSpike(body: Range | null, tail: Range | null): Range | null {
  if (!body) return tail;
  if (!tail) return body;
  const span = Math.max(body[1] - body[0], 1e-9);
  const spike = tail[1] > body[1] + SPIKE_FACTOR * span || tail[0] < body[0] - SPIKE_FACTOR * span;
  return spike ? body : [Math.min(body[0], tail[0]), Math.max(body[1], tail[1])];
}

/** The extent with Y_PAD of room; a flat signal gets ±0.5 (or ±5 % of its level). */
export function padRange(extent: Range): Range {
  const [lo, hi] = extent;
  const span = hi - lo;
  if (!(span > 1e-9)) {
    const half = Math.max(0.5, Math.abs(lo) * 0.05);
    return [lo - half, hi + half];
  }
  return [lo - span * Y_PAD, hi + span * Y_PAD];
}

/** Half-open sample range [start, end). */
export interface SampleRange {
  start: number;
  end: number;
}

/** The samples a view shows: in depth mode those whose depth is in the view (tolerant of back-moves). */
export function samplesInView(view: Range | null, xMode: 'depth' | 'index', depth: ArrayLike<number>): SampleRange {
  const n = depth.length;
  if (!view) return { start: 0, end: n };
  const a = Math.min(view[0], view[1]);
  const b = Math.max(view[0], view[1]);
  if (xMode === 'index') return { start: Math.max(0, Math.floor(a)), end: Math.min(n, Math.ceil(b) + 1) };
  return visibleIndexRange(depth, a, b) ?? { start: 0, end: 0 };
}

/** The view's samples split at the end-of-cycle tail: [body, tail], either possibly empty. */
export function splitAtTail(range: SampleRange, tailStart: number): [SampleRange, SampleRange] {
  const cut = Math.min(Math.max(range.start, tailStart), range.end);
  return [
    { start: range.start, end: cut },
    { start: cut, end: range.end },
  ];
}

/** A y range zoomed by `factor` (< 1 zooms in) around `centre`. */
export function zoomY(range: Range, factor: number, centre: number): Range {
  return [centre - (centre - range[0]) * factor, centre + (range[1] - centre) * factor];
}

/** A y range moved by `delta`. */
export function panY(range: Range, delta: number): Range {
  return [range[0] + delta, range[1] + delta];
}
