/**
 * File rules of group `position` (DOMAIN §14), V11–V15: the Position channel (depth = −Position).
 * Pure TypeScript; `rules.ts` runs the groups in id order.
 */
import { largestBackMove } from '../../setitec/segments';
import { countAbove, scanHit } from '../scan';
import { THRESHOLDS } from '../thresholds';
import { E, W, fmt, rawName, rule, sampleLocation } from './kit';
import type { FileRule } from '../types';

export const POSITION_RULES: readonly FileRule[] = [
  rule(
    { id: 'V11', slug: 'position.positive', group: 'position', severity: E, title: 'No Position above 0' },
    ({ file, columns }, emit) => {
      const pos = columns.position;
      if (!pos) return;
      const count = countAbove(pos, 0);
      const first = scanHit.first;
      const max = scanHit.max;
      if (count > 0)
        emit(`${count} sample${count > 1 ? 's have' : ' has'} Position > 0 (max ${fmt(max)} mm, first at sample ${first})`, sampleLocation(file, first, rawName(file, 'position', 'Position (mm)')));
    },
  ),
  rule(
    { id: 'V12', slug: 'position.depth-range', group: 'position', severity: W, title: 'Final depth within 2–60 mm', threshold: 'deepest sample, observed 4.98–52.5 mm' },
    ({ file, depth }, emit) => {
      if (!depth) return;
      if (depth.max < THRESHOLDS.depthMinMm || depth.max > THRESHOLDS.depthMaxMm)
        emit(`deepest sample at ${fmt(depth.max)} mm, outside ${THRESHOLDS.depthMinMm}–${THRESHOLDS.depthMaxMm} mm`, sampleLocation(file, depth.maxIndex, rawName(file, 'position', 'Position (mm)')));
    },
  ),
  rule(
    { id: 'V13', slug: 'position.first-sample', group: 'position', severity: W, title: 'First sample not deeper than 3.5 mm' },
    ({ file, depth }, emit) => {
      if (!depth) return;
      if (depth.first > THRESHOLDS.firstSampleMaxDepthMm)
        emit(`first sample at ${fmt(depth.first)} mm depth (expected ≤ ${THRESHOLDS.firstSampleMaxDepthMm} mm)`, sampleLocation(file, 0, rawName(file, 'position', 'Position (mm)')));
    },
  ),
  rule(
    { id: 'V14', slug: 'position.back-move', group: 'position', severity: W, title: 'Depth back-move not above 0.35 mm', threshold: 'small back-moves at step changes are normal' },
    ({ file, columns }, emit) => {
      if (!columns.position) return;
      const bm = largestBackMove(columns.position);
      if (bm && bm.amount > THRESHOLDS.backMoveMaxMm + 1e-9)
        emit(`depth moves back ${fmt(bm.amount)} mm after sample ${bm.fromIndex} (largest allowed ${THRESHOLDS.backMoveMaxMm} mm)`, sampleLocation(file, bm.toIndex, rawName(file, 'position', 'Position (mm)')));
    },
  ),
  rule(
    { id: 'V15', slug: 'position.last-deepest', group: 'position', severity: W, title: 'Last sample is the deepest', threshold: 'recording stops at the deepest point' },
    ({ file, depth }, emit) => {
      if (!depth || file.data.rowCount === 0) return;
      if (depth.max - depth.last > THRESHOLDS.lastDeepestToleranceMm)
        emit(`last sample at ${fmt(depth.last)} mm, ${fmt(depth.max - depth.last)} mm above the deepest (${fmt(depth.max)} mm at sample ${depth.maxIndex})`, sampleLocation(file, file.data.rowCount - 1, rawName(file, 'position', 'Position (mm)')));
    },
  ),
];
