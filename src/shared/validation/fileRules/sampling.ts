/**
 * File rules of group `sampling` (DOMAIN §14), V16–V19: rows against the programmed feed, the Step Results durations and the cycle time.
 * Pure TypeScript; `rules.ts` runs the groups in id order.
 */
import { medianAdvance } from '../scan';
import { EXPECTED_SAMPLE_RATE_HZ, THRESHOLDS } from '../thresholds';
import { W, I, fieldLocation, fmt, rule, sectionLocation, segmentLocation } from './kit';
import type { FileRule } from '../types';

export const SAMPLING_RULES: readonly FileRule[] = [
  rule(
    { id: 'V16', slug: 'sampling.rows', group: 'sampling', severity: W, title: 'At least 50 rows' },
    ({ file }, emit) => {
      if (file.data.rowCount > 0 && file.data.rowCount < THRESHOLDS.minRows)
        emit(`only ${file.data.rowCount} data rows (< ${THRESHOLDS.minRows})`, sectionLocation(file, 'Datas'));
    },
  ),
  rule(
    {
      id: 'V17',
      slug: 'sampling.feed-ratio',
      group: 'sampling',
      severity: W,
      title: 'Depth per sample matches the programmed feed',
      threshold: 'median Δdepth/sample ÷ (feed/100) within 0.8–1.25; skipped when feed/100 < 0.004 mm',
    },
    ({ file, segments, columns }, emit) => {
      const pos = columns.position;
      if (!pos) return;
      const rate = file.sampleRateHz && file.sampleRateHz > 0 ? file.sampleRateHz : EXPECTED_SAMPLE_RATE_HZ;
      for (const seg of segments) {
        const feed = seg.program?.feedMmS ?? null;
        if (feed === null || !Number.isFinite(feed) || feed <= 0) continue;
        const perSample = feed / rate;
        if (perSample < THRESHOLDS.feedPerSampleMinMm || seg.rowCount < THRESHOLDS.feedRatioMinRows) continue;
        const advance = medianAdvance(pos, seg.startIndex, seg.endIndex);
        const ratio = advance / perSample;
        const [lo, hi] = THRESHOLDS.feedRatio;
        if (!(ratio >= lo && ratio <= hi))
          emit(`step ${seg.step}: median advance ${fmt(advance, 4)} mm/sample is ${fmt(ratio, 2)}× the programmed ${fmt(perSample, 4)} mm/sample (${fmt(feed)} mm/s at ${rate} Hz)`, segmentLocation(file, seg));
      }
    },
  ),
  rule(
    {
      id: 'V18',
      slug: 'sampling.step-duration',
      group: 'sampling',
      severity: W,
      title: 'Rows per step match the Step Results duration',
      threshold: 'rows ÷ (Duration (s) × 100) within 0.75–1.05',
    },
    ({ file, segments }, emit) => {
      const rate = file.sampleRateHz && file.sampleRateHz > 0 ? file.sampleRateHz : EXPECTED_SAMPLE_RATE_HZ;
      for (const seg of segments) {
        const dur = seg.stepResult?.durationS ?? null;
        if (dur === null || !(dur > 0)) continue;
        const ratio = seg.rowCount / (dur * rate);
        const [lo, hi] = THRESHOLDS.durationRatio;
        if (!(ratio >= lo && ratio <= hi))
          emit(`step ${seg.step}: ${seg.rowCount} rows for ${fmt(dur, 2)} s in Step Results (${fmt(ratio, 2)} of the expected ${Math.round(dur * rate)})`, segmentLocation(file, seg));
      }
    },
  ),
  rule(
    { id: 'V19', slug: 'sampling.rows-per-second', group: 'sampling', severity: I, title: 'Rows per second of cycle time (sanity KPI)', threshold: '48–93 is normal' },
    ({ file }, emit) => {
      const ct = file.results.cycleTimeS;
      if (ct === null || !(ct > 0) || file.data.rowCount === 0) return;
      const kpi = file.data.rowCount / ct;
      const [lo, hi] = THRESHOLDS.rowsPerSecond;
      if (kpi < lo || kpi > hi)
        emit(`${file.data.rowCount} rows over a ${fmt(ct, 2)} s cycle = ${fmt(kpi, 1)} rows/s (usual ${lo}–${hi})`, fieldLocation(file, 'Results', 'Cycle Time (s)'));
    },
  ),
];
