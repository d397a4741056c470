/**
 * Pixel ↔ data conversions over a drawn plotly figure, and which label a pointer is on. Plotly keeps the
 * x axis' pixel offset and length on `_fullLayout.xaxis` (`_offset`, `_length`); reading them is the
 * documented way custom interactions are done on top of plotly (e.g. its own shape editing).
 */
import type { Label } from '../../../shared/api/labels.contract';

export interface XAxisGeometry {
  /** Pixel x of the plot area's left edge, relative to the plot element. */
  offset: number;
  /** Pixel width of the plot area. */
  length: number;
  range: [number, number];
}

export function pixelToX(ax: XAxisGeometry, px: number): number {
  const [r0, r1] = ax.range;
  return r0 + ((px - ax.offset) / ax.length) * (r1 - r0);
}

export function xToPixel(ax: XAxisGeometry, x: number): number {
  const [r0, r1] = ax.range;
  return ax.offset + ((x - r0) / (r1 - r0)) * ax.length;
}

export function insidePlotArea(ax: XAxisGeometry, px: number): boolean {
  return px >= ax.offset && px <= ax.offset + ax.length;
}

export type DragHandle = { labelId: string; edge: 'point' | 'start' | 'end' };

/** The label line (or range edge) within `tolerancePx` of the pointer, the nearest one; null if none. */
export function labelUnderPointer(labels: readonly Label[], toX: (depth: number) => number, ax: XAxisGeometry, px: number, tolerancePx = 6): DragHandle | null {
  let best: DragHandle | null = null;
  let bestDist = tolerancePx + 1e-9;
  for (const l of labels) {
    if (l.depth === null) continue;
    const candidates: [DragHandle['edge'], number][] = l.depthEnd === null ? [['point', l.depth]] : [['start', l.depth], ['end', l.depthEnd]];
    for (const [edge, depth] of candidates) {
      const d = Math.abs(xToPixel(ax, toX(depth)) - px);
      if (d <= bestDist) {
        bestDist = d;
        best = { labelId: l.id, edge };
      }
    }
  }
  return best;
}

/** Index-mode helpers over the depth column (depth is not monotonic: scan by index, DOMAIN §6). */
export function depthAtIndex(depth: ArrayLike<number>, index: number): number {
  if (depth.length === 0) return 0;
  const i = Math.min(depth.length - 1, Math.max(0, Math.round(index)));
  return depth[i]!;
}

/**
 * A depth → sample-index mapper: the first sample at or beyond the depth. Answers for a few label depths
 * per redraw, so a cached scan is plenty.
 */
export function indexOfDepthMapper(depth: ArrayLike<number>): (d: number) => number {
  const cache = new Map<number, number>();
  return (d: number) => {
    const have = cache.get(d);
    if (have !== undefined) return have;
    let i = 0;
    while (i < depth.length && !(depth[i]! >= d)) i++;
    const out = Math.min(i, Math.max(0, depth.length - 1));
    cache.set(d, out);
    return out;
  };
}
