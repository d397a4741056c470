/**
 * The `Program` table: its 22 column names by version (DOMAIN §4.7) and the printed rows of a plan's steps,
 * with the `ProgramStep` values a correct parser must read back from them. Pure TypeScript.
 */
import type { MetaValue, ProgramStep } from '../types';
import type { FamilyStep, SetitecVersion } from './families';
import { printComma, type Printed } from './format';

const PROGRAM_TAIL = [
  'Thrust Max (A)',
  'Torque Max (A)',
  'Thrust Min (A)',
  'Torque Min (A)',
  'Thrust Safety (A)',
  'Torque Safety (A)',
  'Gap (mm)',
  'Peck (nb)',
  'Delay (ms)',
  'Stroke Limit (A)',
  'Thrust Limit (A)',
  'Torque Limit (A)',
  'LUB AIR',
  'LUB FLOW',
  'Vacuum',
  'Material',
];

/** The 22 Program column names of a version (DOMAIN §4.7). */
export function programHeader(version: SetitecVersion): string[] {
  const stroke = version >= 8 ? 'Stroke (mm)' : 'DEP (mm)';
  const feed = version >= 7 ? 'Feed' : 'AV';
  return ['Step Nb', 'Step On/Off', stroke, 'RPM', `${feed} (mm/s)`, `${feed} (mm/tr)`, ...PROGRAM_TAIL];
}

export interface PrintedProgram {
  /** Column names as written. */
  header: string[];
  /** One row of printed cells per step, in header order. */
  rows: Printed[][];
  /** What the parser must read from each row. */
  program: ProgramStep[];
}

/** Prints every step of the plan (disabled ones too) as the version writes it. */
export function printProgram(steps: readonly FamilyStep[], version: SetitecVersion): PrintedProgram {
  const pHeader = programHeader(version);
  const programRows: Printed[][] = [];
  const program: ProgramStep[] = [];
  for (const st of steps) {
    const feedRev: Printed = st.rpm > 0 ? printComma(st.feedMmS / (st.rpm / 60), 3) : { text: 'Inf', value: Infinity };
    const cells: Printed[] = [
      printComma(st.stepNb, 3),
      printComma(st.enabled ? 1 : 0, 3),
      printComma(st.strokeMm, 3),
      printComma(st.rpm, 3),
      printComma(st.feedMmS, 3),
      feedRev,
      printComma(st.thrustMaxA, 3),
      printComma(st.torqueMaxA, 3),
      printComma(st.thrustMinA, 3),
      printComma(st.torqueMinA, 3),
      printComma(0, 3),
      printComma(0, 3),
      printComma(st.gapMm, 3),
      printComma(0, 3),
      printComma(0, 3),
      printComma(0, 3),
      printComma(0, 3),
      printComma(0, 3),
      printComma(st.lubAir, 3),
      printComma(st.lubFlow, 3),
      printComma(st.vacuum, 3),
      printComma(0, 3),
    ];
    programRows.push(cells);
    const fields: Record<string, MetaValue> = {};
    pHeader.forEach((name, i) => {
      fields[name] = (cells[i] as Printed).value;
    });
    const v = (i: number): number => (cells[i] as Printed).value;
    program.push({
      stepNb: v(0),
      enabled: v(1) === 1,
      strokeMm: v(2),
      rpm: v(3),
      feedMmS: v(4),
      feedMmRev: v(5),
      thrustMaxA: v(6),
      torqueMaxA: v(7),
      thrustMinA: v(8),
      torqueMinA: v(9),
      gapMm: v(12),
      fields,
    });
  }
  return { header: pHeader, rows: programRows, program };
}
