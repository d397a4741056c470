/**
 * File rules of group `signals` (DOMAIN §14), V29–V31: net torque and thrust.
 * Pure TypeScript; `rules.ts` runs the groups in id order.
 */
import { countOffGrid, extremes, scanHit } from '../scan';
import { TORQUE_QUANTUM_A, THRESHOLDS } from '../thresholds';
import { W, I, fmt, rawName, rule, sampleLocation } from './kit';
import type { FileRule } from '../types';

export const SIGNAL_RULES: readonly FileRule[] = [
  rule(
    {
      id: 'V29',
      slug: 'signals.range',
      group: 'signals',
      severity: W,
      title: 'Net torque and thrust in their physical range',
      threshold: 'torque −3 … 70 A; thrust −0.2 … 6 A',
    },
    ({ file, columns }, emit) => {
      const checks: [Float64Array | null, string, readonly [number, number]][] = [
        [columns.torque, rawName(file, 'i_torque', 'I Torque (A)'), THRESHOLDS.torqueA],
        [columns.thrust, rawName(file, 'i_thrust', 'I Thrust (A)'), THRESHOLDS.thrustA],
      ];
      for (const [values, name, [lo, hi]] of checks) {
        if (!values) continue;
        extremes(values);
        const { min, max, minIndex: minI, maxIndex: maxI } = scanHit;
        if (min < lo) emit(`'${name}' reaches ${fmt(min)} A (below ${lo} A)`, sampleLocation(file, minI, name));
        if (max > hi) emit(`'${name}' reaches ${fmt(max)} A (above ${hi} A)`, sampleLocation(file, maxI, name));
      }
    },
  ),
  rule(
    {
      id: 'V30',
      slug: 'signals.air-cycle',
      group: 'signals',
      severity: W,
      title: 'Net torque rises above 1 A (not an air cycle, re-drill or dead sensor)',
    },
    ({ file, columns, fileName }, emit) => {
      const t = columns.torque;
      if (!t || t.length === 0) return;
      extremes(t);
      const max = scanHit.max;
      const at = scanHit.maxIndex < 0 ? 0 : scanHit.maxIndex;
      if (max < THRESHOLDS.airCycleMaxTorqueA)
        emit(`max net torque ${fmt(max)} A over the whole cycle (< ${THRESHOLDS.airCycleMaxTorqueA} A): air cycle, re-drill or dead torque sensor`, sampleLocation(file, at, rawName(file, 'i_torque', 'I Torque (A)')));
      else if (fileName?.air) emit(`file name '${fileName.base}' marks an air cycle (three trailing numbers)`, {});
    },
  ),
  rule(
    {
      id: 'V31',
      slug: 'signals.quantisation',
      group: 'signals',
      severity: I,
      title: 'Torque on the ≈0.0488 A quantisation grid',
      threshold: 'off-grid torque values are a sign of resampled or converted data',
    },
    ({ file, columns }, emit) => {
      const t = columns.torque;
      if (!t) return;
      const q = TORQUE_QUANTUM_A;
      // Values are printed with 3 decimals: up to 0.0005 A off the grid = 0.0103 quanta; allow 0.012.
      const tol = 0.012;
      const off = countOffGrid(t, q, tol);
      const nonZero = scanHit.count;
      const firstOff = scanHit.first;
      if (nonZero >= 20 && off / nonZero > THRESHOLDS.offGridShare)
        emit(`${fmt((100 * off) / nonZero, 1)} % of non-zero torque values are off the ${fmt(q, 4)} A grid (first ${t[firstOff]} A): resampled or converted data?`, sampleLocation(file, firstOff, rawName(file, 'i_torque', 'I Torque (A)')));
    },
  ),
];
