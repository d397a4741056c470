/**
 * The signal primitives of the heuristics (DOMAIN §11.3), each one linear pass over PreparedSignals:
 * where a sustained torque rise begins (walk-back from a threshold crossing), the steepest rise or drop
 * of a region, and the walk back from a steepest point to where the slope began. Results come back in
 * small objects, one per call (a few per file), never per sample.
 */
import type { PreparedSignals } from './signalPrep';

/** Samples that define the level a rise is measured from. */
const BASELINE_SAMPLES = 12;
const BASELINE_MIN_SAMPLES = 4;
/** A crossing counts when the torque stays above the threshold for this depth and this many samples. */
const SUSTAIN_MM = 0.1;
const SUSTAIN_SAMPLES = 3;
/** Walk back while the slope is above this share of the steepest slope. */
const SLOPE_WALKBACK_SHARE = 0.2;
/** The onset is where the level has moved this share of the way to the steepest point. */
const LEVEL_ONSET_SHARE = 0.1;

export interface Rise {
  /** Where the rise begins. */
  index: number;
  /** First sample of the sustained crossing. */
  trigger: number;
  baseline: number;
  threshold: number;
  /** Mean absolute deviation of the smoothed torque over the baseline samples. */
  noise: number;
}

/** Level and noise of the first baseline samples within runs of one step, from `from` (null when too few). */
function stepLevel(p: PreparedSignals, from: number, to: number, segment: number): { level: number; noise: number } | null {
  const { torque, run, runSegment } = p;
  let count = 0;
  let sum = 0;
  let i = from;
  for (; i < to && count < BASELINE_SAMPLES; i++) {
    const r = run[i]!;
    if (r < 0) continue;
    if (runSegment[r] !== segment) break;
    sum += torque[i]!;
    count++;
  }
  if (count < BASELINE_MIN_SAMPLES) return null;
  const level = sum / count;
  let dev = 0;
  for (let j = from; j < i; j++) if (run[j]! >= 0) dev += Math.abs(torque[j]! - level);
  return { level, noise: dev / count };
}

/**
 * The first sustained rise of the smoothed torque in [from, to) above the level of its step's first
 * samples by at least `minRise` (or 6× the noise), walked back to where it left that level (the upstream
 * entry rule's walk-back, DOMAIN §12.2 step 2, made relative to the level in air: net torque in air is not
 * 0, and each step re-measures its no-load current, so the level is taken again at each new step).
 */
export function riseOnset(p: PreparedSignals, from: number, to: number, minRise: number): Rise | null {
  const { torque, run, depth, runSegment } = p;
  const end = Math.min(to, p.n);
  let segment = -1;
  let base: { level: number; noise: number } | null = null;
  let threshold = Infinity;
  let floor = Infinity;
  let streak = 0;
  let streakStart = -1;
  let trigger = -1;
  for (let k = Math.max(0, from); k < end; k++) {
    const r = run[k]!;
    if (r < 0) {
      streak = 0;
      continue;
    }
    if (runSegment[r] !== segment) {
      segment = runSegment[r]!;
      base = stepLevel(p, k, end, segment);
      if (base) {
        threshold = base.level + Math.max(minRise, 6 * base.noise);
        floor = base.level + Math.max(0.25 * (threshold - base.level), 2 * base.noise);
      } else threshold = Infinity;
      streak = 0;
    }
    if (torque[k]! <= threshold) {
      streak = 0;
      continue;
    }
    if (streak === 0) streakStart = k;
    streak++;
    if (streak >= SUSTAIN_SAMPLES && depth[k]! - depth[streakStart]! >= SUSTAIN_MM) {
      trigger = streakStart;
      break;
    }
  }
  if (trigger < 0 || !base) return null;
  const r = run[trigger]!;
  let j = trigger;
  while (j > from && run[j - 1] === r && torque[j - 1]! > floor) j--;
  return { index: j, trigger, baseline: base.level, threshold, noise: base.noise };
}

export interface Steepest {
  index: number;
  /** A/mm; positive for a rise, negative for a drop. */
  slope: number;
}

/** The steepest rise (sign +1) or drop (sign −1) of the torque in [from, to), or null when none. */
export function steepest(p: PreparedSignals, from: number, to: number, sign: 1 | -1): Steepest | null {
  const { slope } = p;
  const end = Math.min(to, p.n);
  let best = 0;
  let index = -1;
  for (let i = Math.max(0, from); i < end; i++) {
    const g = slope[i]! * sign;
    if (g > best) {
      best = g;
      index = i;
    }
  }
  return index < 0 ? null : { index, slope: best * sign };
}

/**
 * From a steepest point, back to where the change began: first while the slope keeps at least a share
 * of the steepest one (same run, not before `from`), then forward to the first sample whose level has
 * moved a tenth of the way to the steepest point's (the gradient window reaches ahead of the change by
 * half its width; this takes that back).
 */
export function walkBackSlope(p: PreparedSignals, at: Steepest, from: number): number {
  const { slope, run, torque } = p;
  const sign = at.slope >= 0 ? 1 : -1;
  const r = run[at.index]!;
  const limit = SLOPE_WALKBACK_SHARE * Math.abs(at.slope);
  let j = at.index;
  while (j - 1 >= from && run[j - 1] === r && slope[j - 1]! * sign > limit) j--;
  const start = torque[j]!;
  const line = start + LEVEL_ONSET_SHARE * (torque[at.index]! - start);
  for (let k = j; k <= at.index; k++) if ((torque[k]! - line) * sign >= 0) return k;
  return at.index;
}

/** Largest smoothed torque over [from, to) within runs; -Infinity when none. */
export function maxTorque(p: PreparedSignals, from: number, to: number): number {
  let m = -Infinity;
  const end = Math.min(to, p.n);
  for (let i = Math.max(0, from); i < end; i++) if (p.run[i]! >= 0 && p.torque[i]! > m) m = p.torque[i]!;
  return m;
}

/** Smallest smoothed torque within runs from `from` until depth has advanced `mm` (or `to`). */
export function minTorqueAhead(p: PreparedSignals, from: number, to: number, mm: number): number {
  let m = Infinity;
  const end = Math.min(to, p.n);
  const stop = p.depth[from]! + mm;
  for (let i = from; i < end && p.depth[i]! <= stop; i++) if (p.run[i]! >= 0 && p.torque[i]! < m) m = p.torque[i]!;
  return m;
}

/** Largest smoothed torque within runs from `from` until depth has advanced `mm` (or `to`). */
export function maxTorqueAhead(p: PreparedSignals, from: number, to: number, mm: number): number {
  let m = -Infinity;
  const end = Math.min(to, p.n);
  const stop = p.depth[from]! + mm;
  for (let i = from; i < end && p.depth[i]! <= stop; i++) if (p.run[i]! >= 0 && p.torque[i]! > m) m = p.torque[i]!;
  return m;
}

/** First sample at or after `from` whose depth reaches `depth` (`to` when none). */
export function indexAtDepth(p: PreparedSignals, from: number, to: number, depth: number): number {
  const end = Math.min(to, p.n);
  for (let i = Math.max(0, from); i < end; i++) if (p.depth[i]! >= depth) return i;
  return end;
}

/** Mean smoothed torque of the first baseline samples within runs from `from` (null when too few). */
export function levelFrom(p: PreparedSignals, from: number, to: number): number | null {
  let count = 0;
  let sum = 0;
  const end = Math.min(to, p.n);
  for (let i = Math.max(0, from); i < end && count < BASELINE_SAMPLES; i++) {
    if (p.run[i]! < 0) continue;
    sum += p.torque[i]!;
    count++;
  }
  return count < BASELINE_MIN_SAMPLES ? null : sum / count;
}

/** Walking back from `from`, the earliest sample before depth falls below `depth` (0 at the start). */
export function backToDepth(p: PreparedSignals, from: number, depth: number): number {
  let i = from;
  while (i > 0 && p.depth[i - 1]! >= depth) i--;
  return i;
}

/** The sample of least smoothed torque within runs from `from` until depth has advanced `mm`. */
export function valleyAfter(p: PreparedSignals, from: number, to: number, mm: number): number {
  const end = Math.min(to, p.n);
  const stop = p.depth[from]! + mm;
  let best = from;
  let min = Infinity;
  for (let i = from; i < end && p.depth[i]! <= stop; i++) {
    if (p.run[i]! >= 0 && p.torque[i]! < min) {
      min = p.torque[i]!;
      best = i;
    }
  }
  return best;
}
