/**
 * Resampling a file's channels onto a uniform depth grid (manifest.ts: depth[i] = depthStartMm + i · stepMm).
 *
 * Depth is −Position (DOMAIN §5: Position ≤ 0, more negative = deeper), the same positive depth as the
 * labels' `depth` field and the proposals' (labels/proposals/stepcodeEvents.ts), so a label depth indexes the
 * grid directly: sample (depth − depthStartMm) / stepMm.
 *
 * The grid follows the FRONT of the cut: the running maximum of depth. Only the samples that set a new maximum
 * are used (the first sample of a file included), and values are linearly interpolated between consecutive
 * ones. Back-moves at step changes (≈0.25 mm, DOMAIN §6), the re-approach after them, dwell and repeated
 * quantised positions add nothing: each depth is seen once, when the tool first got there. The grid is
 * aligned to multiples of stepMm, so every file's samples sit at the same depths.
 */

export interface ResampledFile {
  depthStartMm: number;
  length: number;
  /** One array per channel, `length` long. */
  values: Float64Array[];
}

/** Grid indices are computed with this slack so a depth that is a multiple of the step in decimal stays one. */
const EPS = 1e-9;

/** Depths in mm are kept to a nanometre so that k · step prints the same way everywhere. */
function roundDepth(v: number): number {
  return Math.round(v * 1e6) / 1e6 + 0;
}

/**
 * The indices of the samples that advance the front (strictly deeper than every earlier one), skipping
 * samples whose position is not finite. Empty when no sample has a finite position.
 */
export function frontSamples(position: ArrayLike<number>): number[] {
  const out: number[] = [];
  let deepest = -Infinity;
  for (let i = 0; i < position.length; i++) {
    const d = -position[i]!;
    if (!Number.isFinite(d)) continue;
    if (d > deepest) {
      out.push(i);
      deepest = d;
    }
  }
  return out;
}

/**
 * Resamples `channels` (same length as position) onto the grid. Returns a reason instead when there is no
 * stroke to resample (no finite position, or a front shorter than one step). NaN samples of a channel are
 * skipped for that channel (the neighbours it has are interpolated); a channel with no finite value on the
 * front is refused.
 */
export function resampleByDepth(position: ArrayLike<number>, channels: readonly ArrayLike<number>[], stepMm: number): ResampledFile | string {
  const front = frontSamples(position);
  if (front.length < 2) return 'no drilling stroke: fewer than two samples advance the depth';
  const first = -position[front[0]!]!;
  const last = -position[front[front.length - 1]!]!;
  const k0 = Math.ceil(first / stepMm - EPS);
  const k1 = Math.floor(last / stepMm + EPS);
  if (k1 < k0) return `no drilling stroke: depth ${roundDepth(first)}–${roundDepth(last)} mm spans less than one ${stepMm} mm step`;
  const length = k1 - k0 + 1;
  const values: Float64Array[] = [];
  for (let c = 0; c < channels.length; c++) {
    const v = channels[c]!;
    const xs: number[] = [];
    const ys: number[] = [];
    for (const i of front) {
      const y = v[i]!;
      if (Number.isFinite(y)) {
        xs.push(-position[i]!);
        ys.push(y);
      }
    }
    if (xs.length === 0) return `channel ${c + 1} has no finite value over the drilling stroke`;
    values.push(interpolate(xs, ys, k0, length, stepMm));
  }
  return { depthStartMm: roundDepth(k0 * stepMm), length, values };
}

/** Linear interpolation of (xs, ys), xs strictly increasing, at (k0 + j) · step; held flat beyond the ends. */
function interpolate(xs: readonly number[], ys: readonly number[], k0: number, length: number, stepMm: number): Float64Array {
  const out = new Float64Array(length);
  let a = 0;
  for (let j = 0; j < length; j++) {
    const g = (k0 + j) * stepMm;
    while (a + 1 < xs.length && xs[a + 1]! <= g) a++;
    if (g <= xs[0]!) out[j] = ys[0]!;
    else if (a + 1 >= xs.length) out[j] = ys[xs.length - 1]!;
    else {
      const t = (g - xs[a]!) / (xs[a + 1]! - xs[a]!);
      out[j] = ys[a]! + t * (ys[a + 1]! - ys[a]!);
    }
  }
  return out;
}
