/**
 * The crosshair moved by the keys: how far one press goes, where it starts, and how the view follows it past
 * an edge. Pure (x in the units of the current x mode: depth in mm, or the sample index).
 *
 * Decided: a crosshair the mouse put there goes when the pointer leaves the plot area (a label hotkey then
 * places nothing and says so, instead of using the last hovered depth); one moved by the keys stays where it
 * is, so a keyboard user can leave the pointer anywhere. The first arrow press with no crosshair in the view
 * puts it in the middle of the view.
 */
import type { Range } from './viewMath';

export type XMode = 'depth' | 'index';

/** A coarse step is this many pixels of the current view. */
export const CROSSHAIR_COARSE_PX = 20;
/** The finest step in depth mode: labels are kept to the micrometre, but a step under 0.01 mm shows nothing. */
export const CROSSHAIR_MIN_STEP_MM = 0.01;
/** When the crosshair passes an edge, the view moves so it sits this fraction of the width inside. */
export const FOLLOW_MARGIN = 0.1;

/** One press: a pixel's worth of the view (at least 0.01 mm, or one sample), or CROSSHAIR_COARSE_PX of them. */
export function crosshairStep(view: Range, plotWidthPx: number, xMode: XMode, coarse: boolean): number {
  const perPx = Math.abs(view[1] - view[0]) / Math.max(1, plotWidthPx);
  const minimum = xMode === 'depth' ? CROSSHAIR_MIN_STEP_MM : 1;
  const fine = xMode === 'index' ? Math.max(minimum, Math.round(perPx)) : Math.max(minimum, perPx);
  return coarse ? fine * CROSSHAIR_COARSE_PX : fine;
}

export function isInView(x: number | null, view: Range | null): boolean {
  if (x === null || !Number.isFinite(x)) return false;
  if (!view) return true;
  return x >= Math.min(view[0], view[1]) && x <= Math.max(view[0], view[1]);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** The view moved just enough that `x` is inside it again (FOLLOW_MARGIN from the edge), kept in the data. */
export function followView(view: Range, x: number, extent: Range): Range {
  const [a, b] = [Math.min(...view), Math.max(...view)];
  const w = b - a;
  if (x >= a && x <= b) return [a, b];
  const full = extent[1] - extent[0];
  if (w >= full) return [extent[0], extent[1]];
  const left = x > b ? x + FOLLOW_MARGIN * w - w : x - FOLLOW_MARGIN * w;
  const from = clamp(left, extent[0], extent[1] - w);
  return [from, from + w];
}

export interface CrosshairMove {
  x: number;
  /** The view after the move; the same range when it did not have to follow. */
  view: Range;
}

/**
 * Move the crosshair by `delta` (negative = shallower). With no crosshair in the view it appears in the
 * middle of the view instead. Kept inside the data; the view follows it past an edge.
 */
export function stepCrosshair(x: number | null, view: Range, extent: Range, delta: number, xMode: XMode): CrosshairMove {
  const round = (v: number): number => (xMode === 'index' ? Math.round(v) : v);
  if (!isInView(x, view)) return { x: round(clamp((view[0] + view[1]) / 2, extent[0], extent[1])), view };
  const next = round(clamp(x! + delta, extent[0], extent[1]));
  return { x: next, view: followView(view, next, extent) };
}
