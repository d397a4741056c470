/**
 * File rules of group `schema` (DOMAIN §14), V06–V10: Datas columns and cells, and the metadata rows the parser had to repair.
 * Pure TypeScript; `rules.ts` runs the groups in id order.
 */
import { countNonFinite, scanHit } from '../scan';
import { E, W, I, reportIrregularities, rule, sampleLocation, sectionLocation } from './kit';
import type { FileRule } from '../types';

export const SCHEMA_RULES: readonly FileRule[] = [
  rule(
    {
      id: 'V06',
      slug: 'datas.required-columns',
      group: 'schema',
      severity: E,
      title: 'Required Datas columns present',
      threshold: 'Position (mm), I Torque (A), I Thrust (A), I Torque Empty (A), I Thrust Empty (A), Step (nb), Stop code',
    },
    ({ file }, emit) => {
      const required: [string, string][] = [
        ['position', 'Position (mm)'],
        ['i_torque', 'I Torque (A)'],
        ['i_thrust', 'I Thrust (A)'],
        ['i_torque_empty', 'I Torque Empty (A)'],
        ['i_thrust_empty', 'I Thrust Empty (A)'],
        ['step', 'Step (nb)'],
        ['stop_code', 'Stop code'],
      ];
      const missing = required.filter(([k]) => !file.data.columns.some((c) => c.key === k)).map(([, n]) => n);
      if (missing.length > 0) {
        const loc = sectionLocation(file, 'Datas');
        if (file.data.headerLine > 0) loc.line = file.data.headerLine;
        emit(`Datas lacks required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, loc);
      }
    },
  ),
  rule(
    {
      id: 'V07',
      slug: 'schema.header-mismatch',
      group: 'schema',
      severity: W,
      title: 'Header/value count mismatch or duplicate names (and how it was resolved)',
    },
    ({ file }, emit) => reportIrregularities(file, ['header_mismatch', 'duplicate_name', 'glued_header'], emit),
  ),
  rule(
    { id: 'V08', slug: 'datas.numeric', group: 'schema', severity: E, title: 'Every Datas cell is a finite number' },
    ({ file }, emit) => {
      for (const col of file.data.columns) {
        const count = countNonFinite(col.values);
        const first = scanHit.first;
        if (count > 0) emit(`${count} non-numeric or NaN value${count > 1 ? 's' : ''} in '${col.raw}' (first at sample ${first})`, sampleLocation(file, first, col.raw));
      }
    },
  ),
  rule(
    { id: 'V09', slug: 'meta.short-row', group: 'schema', severity: W, title: 'Metadata value row shorter than its label row' },
    ({ file }, emit) => reportIrregularities(file, ['misaligned'], emit),
  ),
  rule(
    { id: 'V10', slug: 'text.nul', group: 'schema', severity: I, title: 'NUL or escaped \\u0000 in text (stripped)' },
    ({ file }, emit) => reportIrregularities(file, ['nul_stripped'], emit),
  ),
];
