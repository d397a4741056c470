/**
 * The `Datas` table: its header by version, and the printed samples of the simulated steps, with the
 * step segments and the Step Results rows they imply. Every value kept is `Number()` of the printed text.
 * Pure TypeScript.
 */
import { COMMON_COLUMNS } from '../columns';
import type { StepResult } from '../types';
import type { SetitecVersion } from './families';
import { printComma, quantise, type Printed } from './format';
import type { ExpectedSegment } from './generate';
import type { Rng } from './prng';
import { POSITION_QUANTUM, THRUST_QUANTUM, TORQUE_QUANTUM, type SimStep } from './signals';

// The seven leading Datas columns are the parser's own list: one source for the names.
const DATAS_COMMON: readonly string[] = COMMON_COLUMNS;

/** `Datas` header names as written for a version (v11 includes the duplicate, value-less name). */
export function datasHeader(version: SetitecVersion): string[] {
  switch (version) {
    case 4:
      return [...DATAS_COMMON, 'Mem Torque min (A)', 'Mem Thrust min (A)', 'Rotation Speed (rpm)', 'Feed Speed (mm/s)', 'Torque Power (W)'];
    case 7:
    case 8:
      return [...DATAS_COMMON, 'Mem Torque min (A)', 'Mem Thrust min (A)', 'Torque Power (W)', 'Gap Length (mm)'];
    case 9:
      return [...DATAS_COMMON, 'Torque Power (W)', 'Gap Length (mm)'];
    case 11:
      return [...DATAS_COMMON, 'Power (W)', 'Gap Length (mm)', 'Gap Length (mm)'];
  }
}

/** Number of value columns in `Datas` for a version. */
export function datasValueCount(version: SetitecVersion): number {
  return version === 4 ? 12 : version === 11 ? 9 : version === 9 ? 9 : 11;
}

export interface PrintedDatas {
  /** Header names as written (v11: one more name than value columns). */
  header: string[];
  /** The data lines, joined by the separator. */
  dataLines: string[];
  /** Every value column by raw header name, in file order. */
  columns: Record<string, Float64Array>;
  rowCount: number;
  segments: ExpectedSegment[];
  stepResults: StepResult[];
  /** The Step Results rows as printed cells. */
  stepResultRows: string[][];
  /** Sum of the steps' Step Results durations (s). */
  totalDuration: number;
}

/**
 * Prints every sample of the simulated steps. Draws the measured power (and on v4 the measured speeds) from
 * `sigRng` and each step's duration from `metaRng`, sample by sample and step by step.
 */
export function printDatas(simSteps: readonly SimStep[], version: SetitecVersion, sep: string, sigRng: Rng, metaRng: Rng): PrintedDatas {
  const header = datasHeader(version);
  const nValues = datasValueCount(version);
  const valueNames = header.slice(0, nValues);
  const colValues: number[][] = valueNames.map(() => []);
  const dataLines: string[] = [];
  const segments: ExpectedSegment[] = [];
  const stepResults: StepResult[] = [];
  const stepResultRows: string[][] = [];
  let index = 0;
  let totalDuration = 0;
  for (const st of simSteps) {
    const startIndex = index;
    let maxTorque = -Infinity;
    let maxThrust = -Infinity;
    let maxGap = 0;
    let firstDepth = NaN;
    let lastDepth = NaN;
    for (const s of st.samples) {
      const pos = printComma(-quantise(s.depth, POSITION_QUANTUM), 3);
      const torque = printComma(quantise(s.torque, TORQUE_QUANTUM), 3);
      const thrust = printComma(quantise(s.thrust, THRUST_QUANTUM), 3);
      const te = printComma(st.torqueEmpty, 3);
      const the = printComma(st.thrustEmpty, 3);
      const stepNb = printComma(st.spec.stepNb, 3);
      const stop = printComma(s.stop, 3);
      const totalTorque = Math.max(0, torque.value + te.value);
      const power = printComma(Math.max(1, Math.round(totalTorque * st.rpm * 0.005 * sigRng.uniform(0.97, 1.03))), 3);
      const cells: Printed[] = [pos, torque, thrust, te, the, stepNb, stop];
      if (version === 4) {
        const rpmMeasured = -(st.rpm * (1 - 0.0015 * Math.max(0, torque.value)) + sigRng.normal(st.rpm * 0.004));
        const feedMeasured = s.hold ? Math.abs(sigRng.normal(0.01)) : st.feed * 0.96 + sigRng.normal(0.004 * st.feed + 0.002);
        cells.push(printComma(0, 3), printComma(0, 3), printComma(rpmMeasured, 3), printComma(Math.max(0, feedMeasured), 3), power);
      } else if (version === 7 || version === 8) {
        cells.push(printComma(0, 3), printComma(0, 3), power, printComma(s.gap, 3));
      } else {
        cells.push(power, printComma(s.gap, 3));
      }
      cells.forEach((c, i) => (colValues[i] as number[]).push(c.value));
      dataLines.push(cells.map((c) => c.text).join(sep));
      if (torque.value > maxTorque) maxTorque = torque.value;
      if (thrust.value > maxThrust) maxThrust = thrust.value;
      if (s.gap > maxGap) maxGap = printComma(s.gap, 3).value;
      if (Number.isNaN(firstDepth)) firstDepth = -pos.value;
      lastDepth = -pos.value;
      index++;
    }
    const endIndex = index - 1;
    segments.push({ step: st.spec.stepNb, startIndex, endIndex, stopCode: st.code, stopCodeRows: st.runLength });
    const rows = endIndex - startIndex + 1;
    const duration = Math.round((rows / 100 / metaRng.uniform(0.86, 0.95)) * 100) / 100;
    totalDuration += duration;
    const sr: Printed[] = [
      printComma(st.spec.stepNb, 3),
      printComma(st.code, 3),
      printComma(duration, 3),
      printComma(0, 3),
      printComma(Math.max(0, lastDepth - firstDepth), 3),
      printComma(maxTorque, 3),
      printComma(maxThrust, 3),
      printComma(st.torqueEmpty, 3),
      printComma(st.thrustEmpty, 3),
      printComma(maxGap, 3),
    ];
    stepResultRows.push(sr.map((c) => c.text));
    const v = (i: number): number => (sr[i] as Printed).value;
    stepResults.push({
      stepNumber: v(0),
      stopCode: v(1),
      durationS: v(2),
      distanceM2: v(4),
      m1MaxAmp: v(5),
      m2MaxAmp: v(6),
      m1NoLoadAmp: v(7),
      m2NoLoadAmp: v(8),
      gapMaxMm: v(9),
    });
  }
  const rowCount = index;
  const columns: Record<string, Float64Array> = {};
  valueNames.forEach((name, i) => {
    columns[name] = Float64Array.from(colValues[i] as number[]);
  });
  return { header, dataLines, columns, rowCount, segments, stepResults, stepResultRows, totalDuration };
}
