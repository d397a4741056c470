/**
 * Reading keypoints off a model's heatmaps: a port of python-bridge/udw_bridge/targets.py (`soft_argmax`,
 * `pick_peaks`), kept step for step the same so a depth read here is the depth training's evaluation read.
 * The argmax (first maximum on ties, as numpy's) is refined to a fraction of a sample by the heat-weighted
 * mean over ±round(2·sigma) samples (minus the window's minimum); the confidence is the peak height times
 * its prominence over the strongest response further than round(3·sigma) samples away, clipped to 0–1.
 */

export interface Peak {
  /** Fractional sample index on the model's depth grid. */
  position: number;
  confidence: number;
}

/** Python's round(): half to even, as int(round(x)) in targets.py. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function softArgmax(heat: ArrayLike<number>, from: number, length: number, centre: number, radius: number): number {
  const lo = Math.max(0, centre - radius);
  const hi = Math.min(length, centre + radius + 1);
  let min = Infinity;
  for (let i = lo; i < hi; i++) min = Math.min(min, heat[from + i]!);
  let total = 0;
  let weighted = 0;
  for (let i = lo; i < hi; i++) {
    const w = heat[from + i]! - min;
    total += w;
    weighted += i * w;
  }
  return total <= 0 ? centre : weighted / total;
}

/**
 * One peak per class of `heat` (classes × length, row-major, as the model's output for one file), or null
 * for a class when the file has no samples.
 */
export function pickPeaks(heat: ArrayLike<number>, classes: number, length: number, sigma: number): Array<Peak | null> {
  const radius = Math.max(1, roundHalfEven(2 * sigma));
  const exclusion = Math.max(1, roundHalfEven(3 * sigma));
  const out: Array<Peak | null> = [];
  for (let k = 0; k < classes; k++) {
    if (length === 0) {
      out.push(null);
      continue;
    }
    const from = k * length;
    const end = from + length;
    let at = from;
    let height = heat[from]!;
    for (let i = from + 1; i < end; i++) {
      const v = heat[i]!;
      if (v > height) {
        height = v;
        at = i;
      }
    }
    const peak = at - from;
    const position = softArgmax(heat, from, length, peak, radius);
    // The strongest response outside peak ± exclusion: the two sides as two plain loops (this runs per file
    // in the inference process, on its critical path).
    let runnerUp = -Infinity;
    const leftEnd = from + Math.max(0, peak - exclusion);
    for (let i = from; i < leftEnd; i++) runnerUp = Math.max(runnerUp, heat[i]!);
    for (let i = from + Math.max(0, peak + exclusion + 1); i < end; i++) runnerUp = Math.max(runnerUp, heat[i]!);
    if (runnerUp === -Infinity) runnerUp = 0;
    const prominence = height > 0 ? 1 - runnerUp / height : 0;
    out.push({ position, confidence: Math.max(0, Math.min(1, height * prominence)) });
  }
  return out;
}
