/**
 * One pass over a file's columns that every heuristic shares: depth, a smoothed net torque, and "runs" of
 * samples where the tool cuts fresh material within one step.
 *
 * Why runs: at a step change the spindle backs off (≈0.24–0.29 mm in the corpus) and the controller
 * re-measures the no-load current, so the net torque falls to ≈0 until the tool is back past its deepest
 * point and has re-engaged (≈0.1–0.3 mm further). A naive detector sees a drop and a rise there that are
 * no material event. Samples from a back-move until REENGAGE_MM past the previous deepest point belong to
 * no run, and gradients never span two runs (so never two steps with different regimes either).
 *
 * The arrays are per-thread scratch that grows to the longest file seen and is reused: a catalog-wide
 * batch makes no allocation per sample. Valid until the next `prepareSignals` call.
 */
import type { ProposalProgramStep, ProposalSegment, SignalValues } from './types';

/** A drop of depth below the deepest point so far that counts as a back-move (position quantum ≈ 0.004). */
export const BACK_MOVE_MM = 0.05;
/** How far past the previous deepest point the tool is taken to cut again after a back-move. */
export const REENGAGE_MM = 0.3;
/** Gradients are measured over this depth (half on each side): longer than the torque ripple of a turn. */
export const SLOPE_WINDOW_MM = 0.3;

export interface PreparedSignals {
  n: number;
  /** −Position (mm). */
  depth: Float64Array;
  /** Net torque, moving average over ≈2 spindle turns within each step (NaN read as 0). */
  torque: Float64Array;
  /** Run id per sample (see header); −1 outside any run. */
  run: Int32Array;
  /** Half-width in samples of the gradient window, per run id. */
  runHalfWindow: number[];
  /** Index in the segments of the step each run belongs to, per run id. */
  runSegment: number[];
  /** Gradient of `torque` over depth (A/mm) per sample; NaN where the window leaves the run. */
  slope: Float64Array;
}

let depthBuf = new Float64Array(4096);
let torqueBuf = new Float64Array(4096);
let slopeBuf = new Float64Array(4096);
let runBuf = new Int32Array(4096);

function ensure(n: number): void {
  if (depthBuf.length >= n) return;
  let size = depthBuf.length;
  while (size < n) size *= 2;
  depthBuf = new Float64Array(size);
  torqueBuf = new Float64Array(size);
  slopeBuf = new Float64Array(size);
  runBuf = new Int32Array(size);
}

function programFor(program: readonly ProposalProgramStep[], step: number): ProposalProgramStep | null {
  for (const p of program) if (p.stepNb === step) return p;
  return null;
}

/** Moving-average half-width: about one spindle turn each side at 100 Hz (6000 / rpm samples). */
function smoothHalfWidth(rpm: number | null | undefined): number {
  if (!rpm || !(rpm > 0)) return 5;
  return Math.min(40, Math.max(3, Math.round(6000 / rpm)));
}

/** Centred moving average of t over [s, e] into out, window shrinking at the ends; NaN counts as 0. */
function smoothInto(t: SignalValues, s: number, e: number, h: number, out: Float64Array): void {
  let sum = 0;
  let lo = s;
  let hi = s - 1;
  for (let i = s; i <= e; i++) {
    const want = Math.min(e, i + h);
    while (hi < want) {
      hi++;
      const v = t[hi]!;
      sum += v === v ? v : 0;
    }
    const from = Math.max(s, i - h);
    while (lo < from) {
      const v = t[lo]!;
      sum -= v === v ? v : 0;
      lo++;
    }
    out[i] = sum / (hi - lo + 1);
  }
}

/**
 * Prepares the columns of one file. `segments` must cover the samples in order (gaps are allowed and
 * belong to no run). Returns null without position or torque.
 */
export function prepareSignals(
  position: SignalValues | null,
  torque: SignalValues | null,
  segments: readonly ProposalSegment[],
  program: readonly ProposalProgramStep[],
): PreparedSignals | null {
  if (!position || !torque) return null;
  const n = Math.min(position.length, torque.length);
  if (n === 0) return null;
  ensure(n);
  const depth = depthBuf.subarray(0, n);
  const smooth = torqueBuf.subarray(0, n);
  const run = runBuf.subarray(0, n);
  const slope = slopeBuf.subarray(0, n);
  for (let i = 0; i < n; i++) {
    depth[i] = -position[i]! + 0;
    run[i] = -1;
    slope[i] = NaN;
  }
  const runHalfWindow: number[] = [];
  const runSegment: number[] = [];
  let peak = -Infinity;
  let resumeAt = -Infinity;
  let nextRun = 0;
  segments.forEach((seg, segIndex) => {
    const s = Math.max(0, seg.startIndex);
    const e = Math.min(n - 1, seg.endIndex);
    if (e < s) return;
    const p = programFor(program, seg.step);
    smoothInto(torque, s, e, smoothHalfWidth(p?.rpm), smooth);
    const advance = e > s ? Math.max(1e-4, Math.abs(depth[e]! - depth[s]!) / (e - s)) : 0.01;
    const half = Math.min(150, Math.max(2, Math.round(SLOPE_WINDOW_MM / 2 / advance)));
    let current = -1; // a new step always starts a new run
    for (let i = s; i <= e; i++) {
      const d = depth[i]!;
      if (d < peak - BACK_MOVE_MM && resumeAt < peak + REENGAGE_MM) resumeAt = peak + REENGAGE_MM;
      if (d < resumeAt) {
        current = -1;
      } else if (current < 0) {
        current = nextRun++;
        runHalfWindow.push(half);
        runSegment.push(segIndex);
      }
      run[i] = current;
      if (d > peak) peak = d;
    }
  });
  for (let i = 0; i < n; i++) {
    const r = run[i]!;
    if (r < 0) continue;
    const k = runHalfWindow[r]!;
    const a = i - k;
    const b = i + k;
    if (a < 0 || b >= n || run[a] !== r || run[b] !== r) continue;
    const dd = depth[b]! - depth[a]!;
    // Repeated positions at slow feed make dd tiny: a slope needs a real advance under it.
    if (dd < SLOPE_WINDOW_MM / 4) continue;
    slope[i] = (smooth[b]! - smooth[a]!) / dd;
  }
  return { n, depth, torque: smooth, run, runHalfWindow, runSegment, slope };
}
