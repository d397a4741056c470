/**
 * The per-channel mean and standard deviation of the training split, combined from each file's Welford
 * statistics (Chan et al.'s parallel formula) in the manifest's file order, so the figures are the same
 * however the files were processed. A channel with no spread gets std 1 (dividing by it changes nothing).
 */
import type { ChannelStats } from './resampleTask';

export function combineStats(perFile: readonly ChannelStats[][], channels: number): { mean: number[]; std: number[] } {
  const mean: number[] = [];
  const std: number[] = [];
  for (let c = 0; c < channels; c++) {
    let n = 0;
    let m = 0;
    let m2 = 0;
    for (const file of perFile) {
      const s = file[c]!;
      if (s.n === 0) continue;
      const total = n + s.n;
      const d = s.mean - m;
      m += (d * s.n) / total;
      m2 += s.m2 + (d * d * n * s.n) / total;
      n = total;
    }
    const sd = n > 0 ? Math.sqrt(m2 / n) : 0;
    mean.push(n > 0 ? m : 0);
    std.push(sd > 0 && Number.isFinite(sd) ? sd : 1);
  }
  return { mean, std };
}
