/**
 * File rules of group `calibration` (DOMAIN §14), V26–V28: the no-load (empty) currents.
 * Pure TypeScript; `rules.ts` runs the groups in id order.
 */
import { firstDifferent } from '../scan';
import { THRESHOLDS } from '../thresholds';
import { E, W, rawName, rule, sampleLocation, segmentLocation } from './kit';
import type { FileRule } from '../types';

export const CALIBRATION_RULES: readonly FileRule[] = [
  rule(
    { id: 'V26', slug: 'calibration.constant', group: 'calibration', severity: E, title: 'No-load currents constant within each step' },
    ({ file, segments, columns }, emit) => {
      const pairs: [Float64Array | null, string][] = [
        [columns.torqueEmpty, rawName(file, 'i_torque_empty', 'I Torque Empty (A)')],
        [columns.thrustEmpty, rawName(file, 'i_thrust_empty', 'I Thrust Empty (A)')],
      ];
      for (const [values, name] of pairs) {
        if (!values) continue;
        for (const seg of segments) {
          const v0 = values[seg.startIndex] as number;
          const i = firstDifferent(values, seg.startIndex + 1, seg.endIndex, v0);
          if (i >= 0)
            emit(`step ${seg.step}: '${name}' changes from ${v0} to ${values[i]} at sample ${i}; it is constant within a step in every genuine file`, { ...sampleLocation(file, i, name), step: seg.step });
        }
      }
    },
  ),
  rule(
    {
      id: 'V27',
      slug: 'calibration.range',
      group: 'calibration',
      severity: W,
      title: 'No-load currents in a plausible range',
      threshold: 'torque empty 1.5–12 A; thrust empty 0.02–0.7 A',
    },
    ({ file, segments, columns }, emit) => {
      const checks: [Float64Array | null, string, readonly [number, number]][] = [
        [columns.torqueEmpty, rawName(file, 'i_torque_empty', 'I Torque Empty (A)'), THRESHOLDS.torqueEmptyA],
        [columns.thrustEmpty, rawName(file, 'i_thrust_empty', 'I Thrust Empty (A)'), THRESHOLDS.thrustEmptyA],
      ];
      for (const [values, name, [lo, hi]] of checks) {
        if (!values) continue;
        for (const seg of segments) {
          const v = values[seg.startIndex] as number;
          if (!(v >= lo && v <= hi)) emit(`step ${seg.step}: '${name}' = ${v} A, outside ${lo}–${hi} A`, { ...segmentLocation(file, seg, name) });
        }
      }
    },
  ),
  rule(
    {
      id: 'V28',
      slug: 'calibration.step-results',
      group: 'calibration',
      severity: W,
      title: 'No-load currents agree with Step Results M1/M2 No Load Amp',
      threshold: '±0.05 A, step’s first sample',
    },
    ({ file, segments, columns }, emit) => {
      if (file.stepResults.length === 0) return;
      for (const seg of segments) {
        const r = seg.stepResult;
        if (!r) continue;
        const pairs: [Float64Array | null, number | null, string, string][] = [
          [columns.torqueEmpty, r.m1NoLoadAmp, rawName(file, 'i_torque_empty', 'I Torque Empty (A)'), 'M1 No Load Amp'],
          [columns.thrustEmpty, r.m2NoLoadAmp, rawName(file, 'i_thrust_empty', 'I Thrust Empty (A)'), 'M2 No Load Amp'],
        ];
        for (const [values, ref, name, refName] of pairs) {
          if (!values || ref === null) continue;
          const v = values[seg.startIndex] as number;
          if (Math.abs(v - ref) > THRESHOLDS.noLoadToleranceA + 1e-9)
            emit(`step ${seg.step}: '${name}' = ${v} A in Datas but ${refName} = ${ref} A in Step Results (±${THRESHOLDS.noLoadToleranceA} A)`, { ...segmentLocation(file, seg, name) });
        }
      }
    },
  ),
];
