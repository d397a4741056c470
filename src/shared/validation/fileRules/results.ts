/**
 * File rules of group `results` (DOMAIN §14), V32: the Results section.
 * Pure TypeScript; `rules.ts` runs the groups in id order.
 */
import { THRESHOLDS } from '../thresholds';
import { W, fieldLocation, fmt, rule } from './kit';
import type { FileRule } from '../types';

export const RESULT_RULES: readonly FileRule[] = [
  rule(
    {
      id: 'V32',
      slug: 'results.distance',
      group: 'results',
      severity: W,
      title: 'Results Distance (mm) as expected for the version',
      threshold: 'v9: start position (−first Position); others: final depth (−last Position); ±0.1 mm',
    },
    ({ file, depth }, emit) => {
      const dist = file.results.distanceMm;
      if (dist === null || !depth) return;
      const v9 = file.version === 9;
      const expected = v9 ? depth.first : depth.last;
      if (Math.abs(dist - expected) > THRESHOLDS.distanceToleranceMm + 1e-9)
        emit(`Results Distance ${fmt(dist)} mm but ${v9 ? 'the start depth (v9)' : 'the final depth'} is ${fmt(expected)} mm (±${THRESHOLDS.distanceToleranceMm} mm)`, fieldLocation(file, 'Results', 'Distance (mm)'));
    },
  ),
];
