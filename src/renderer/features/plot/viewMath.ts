/** Keyboard pan and zoom of the visible x window, clamped to the data. Pure. */

export type Range = [number, number];

function clampToExtent(a: number, b: number, extent: Range): Range {
  const width = b - a;
  const full = extent[1] - extent[0];
  if (width >= full) return [extent[0], extent[1]];
  if (a < extent[0]) return [extent[0], extent[0] + width];
  if (b > extent[1]) return [extent[1] - width, extent[1]];
  return [a, b];
}

/** Shift the window by `fraction` of its width (negative = shallower). */
export function panRange(range: Range | null, extent: Range, fraction: number): Range {
  const [a, b] = range ?? extent;
  const d = (b - a) * fraction;
  return clampToExtent(a + d, b + d, extent);
}

/** Scale the window by `factor` (< 1 zooms in) around `centre` (default: the window's middle). */
export function zoomRange(range: Range | null, extent: Range, factor: number, centre?: number | null): Range {
  const [a, b] = range ?? extent;
  const c = centre !== null && centre !== undefined && centre >= a && centre <= b ? centre : (a + b) / 2;
  const minWidth = Math.max((extent[1] - extent[0]) * 1e-5, 1e-6);
  const width = Math.max(minWidth, (b - a) * factor);
  const left = c - ((c - a) / (b - a || 1)) * width;
  return clampToExtent(left, left + width, extent);
}

/**
 * The x window asked of the worker for a view: the view plus half its width on each side, at the same
 * density, so small pans and zooms are served by the data already drawn (plotly redraws it at the new range)
 * and a new window is needed only every few steps of a continuous zoom or pan.
 */
export const WINDOW_MARGIN = 0.5;
/** Zooming in by more than this since the last window asks for a denser one. */
export const MAX_DENSITY_LOSS = 1.5;

export interface DataWindow {
  x0: number | null;
  x1: number | null;
  buckets: number;
}

export function windowFor(view: Range | null, buckets: number): DataWindow {
  if (!view) return { x0: null, x1: null, buckets };
  const a = Math.min(view[0], view[1]);
  const b = Math.max(view[0], view[1]);
  const w = b - a;
  return { x0: a - w * WINDOW_MARGIN, x1: b + w * WINDOW_MARGIN, buckets: Math.round(buckets * (1 + 2 * WINDOW_MARGIN)) };
}

/** Whether data cut for `win` still draws `view` at ≥ 1/MAX_DENSITY_LOSS of the wanted `buckets` density. */
export function windowCovers(win: DataWindow, extent: Range, view: Range | null, buckets: number): boolean {
  const lo = win.x0 ?? extent[0];
  const hi = win.x1 ?? extent[1];
  if (!view) return lo <= extent[0] && hi >= extent[1] && win.buckets >= buckets / MAX_DENSITY_LOSS;
  const a = Math.min(view[0], view[1]);
  const b = Math.max(view[0], view[1]);
  // Beyond the data there is nothing to miss.
  if (a < lo && lo > extent[0]) return false;
  if (b > hi && hi < extent[1]) return false;
  const span = hi - lo;
  if (!(span > 0)) return false;
  const visible = (win.buckets * (Math.min(b, hi) - Math.max(a, lo))) / span;
  const wantedOverShown = (buckets * (Math.min(b, hi) - Math.max(a, lo))) / (b - a);
  return visible >= wantedOverShown / MAX_DENSITY_LOSS;
}
