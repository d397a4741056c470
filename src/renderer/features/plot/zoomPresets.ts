/**
 * Zoom presets of the signal view, as x windows: a program step, the drilling zone (first contact to the
 * deepest point), a window around a label; and the zoom history the "back" key walks. Pure: x in the units
 * of the current x mode, the depth column for index mode.
 */
import type { StepSegment } from '../../../shared/api/catalog.contract';
import type { Label } from '../../../shared/api/labels.contract';
import { firstIndexAtOrBeyond, visibleIndexRange } from '../../../shared/downsample';
import { deepestIndex } from './yFit';
import type { Range } from './viewMath';

export type XMode = 'depth' | 'index';

/** Room left around a preset's window, as a fraction of its width. */
export const PRESET_PAD = 0.03;
/** A window never gets narrower than this (mm, or samples in index mode). */
export const MIN_WIDTH_MM = 0.2;
export const MIN_WIDTH_SAMPLES = 20;
/** zoomAroundLabel shows this many mm on each side of the selected label. */
export const AROUND_LABEL_MM = 2;
/** How many views zoomBack remembers. */
export const HISTORY_LIMIT = 50;

function padded(a: number, b: number, xMode: XMode, pad = PRESET_PAD): Range {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const minWidth = xMode === 'depth' ? MIN_WIDTH_MM : MIN_WIDTH_SAMPLES;
  const width = Math.max(hi - lo, minWidth);
  const mid = (lo + hi) / 2;
  const half = (width * (1 + 2 * pad)) / 2;
  return [mid - half, mid + half];
}

/** The window of one program step (its depth or sample range, with a little room). */
export function stepWindow(seg: StepSegment, xMode: XMode): Range {
  return xMode === 'depth' ? padded(seg.startDepth, seg.endDepth, xMode) : padded(seg.startIndex, seg.endIndex, xMode);
}

/** The step after `current` (the first when none was shown yet), cycling. Null when there are none. */
export function nextStep(current: number | null, count: number): number | null {
  if (count <= 0) return null;
  return current === null || current < 0 || current >= count - 1 ? 0 : current + 1;
}

/** Where the drill touched the material: a confirmed entry label, else a pending entry proposal. */
export function entryDepthOf(labels: readonly Label[]): number | null {
  const entries = labels.filter((l) => l.classId === 'entry' && l.depth !== null && l.state !== 'rejected');
  const confirmed = entries.find((l) => l.state === 'confirmed');
  return (confirmed ?? entries[0])?.depth ?? null;
}

/**
 * The first contact from the torque trace (min/max per bucket, x = sample index): the first sample that rises
 * clearly above the level the approach started at — by max(0.3 A, the low contact triggers of DOMAIN §10, or
 * 2 % of the rise to the trace's high percentile). Null when it never does (an air cycle).
 */
export function firstContactIndex(indices: ArrayLike<number>, values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n < 4) return null;
  const sorted = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const head = Array.from(values).slice(0, Math.max(2, Math.floor(n * 0.03))).filter(Number.isFinite).sort((a, b) => a - b);
  const base = head[Math.floor(head.length / 2)] ?? sorted[0]!;
  const high = sorted[Math.floor((sorted.length - 1) * 0.98)]!;
  const threshold = base + Math.max(0.3, 0.02 * (high - base));
  if (high < threshold) return null;
  for (let i = 0; i < n; i++) if (values[i]! >= threshold) return indices[i]!;
  return null;
}

/**
 * The drilling zone: from the first contact (or entry) to the end of the deepest forward motion, which
 * leaves out the approach; the end-of-cycle spike is left to the y fit (yFit.ts). `contactIndex` is a
 * sample index.
 */
export function drillingZone(depth: ArrayLike<number>, contactIndex: number, xMode: XMode): Range | null {
  if (depth.length < 2) return null;
  const end = deepestIndex(depth);
  const start = Math.min(Math.max(0, contactIndex), end);
  if (xMode === 'index') {
    const w = Math.max(end - start, MIN_WIDTH_SAMPLES);
    return [start - w * PRESET_PAD, end];
  }
  const a = depth[start]!;
  const b = depth[end]!;
  const w = Math.max(b - a, MIN_WIDTH_MM);
  return [a - w * PRESET_PAD, b];
}

/** The sample index of a depth (first sample at or beyond it; tolerant of back-moves). */
export function indexOfDepth(depth: ArrayLike<number>, d: number): number {
  return firstIndexAtOrBeyond(depth, d);
}

/** ±AROUND_LABEL_MM around a label (a range label: around both ends). */
export function aroundLabel(label: Pick<Label, 'depth' | 'depthEnd'>, xMode: XMode, depth: ArrayLike<number> | null, mm = AROUND_LABEL_MM): Range | null {
  if (label.depth === null) return null;
  const a = label.depth - mm;
  const b = (label.depthEnd ?? label.depth) + mm;
  if (xMode === 'depth') return [a, b];
  if (!depth || depth.length === 0) return null;
  const r = visibleIndexRange(depth, a, b);
  return r ? [r.start, r.end - 1] : null;
}

/** Remember `view` to come back to; the same view twice in a row is kept once. */
export function pushHistory(history: readonly (Range | null)[], view: Range | null): (Range | null)[] {
  const last = history.at(-1);
  const same = last === view || (last && view && Math.abs(last[0] - view[0]) < 1e-12 && Math.abs(last[1] - view[1]) < 1e-12);
  if (history.length > 0 && same) return [...history];
  return [...history, view].slice(-HISTORY_LIMIT);
}

/** The view to go back to and the history without it; null when there is nothing to go back to. */
export function popHistory(history: readonly (Range | null)[]): { view: Range | null; history: (Range | null)[] } | null {
  if (history.length === 0) return null;
  return { view: history.at(-1)!, history: history.slice(0, -1) };
}
