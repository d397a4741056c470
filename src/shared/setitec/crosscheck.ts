/**
 * Step Results (metadata) against the Datas signal (DOMAIN §4.10, §8.2 step 7). In every genuine file the
 * executed steps, their final stop codes and their no-load currents agree; the MQTT-rebuilt files carry
 * Step Results copied from another hole, so a disagreement means "do not trust this file's metadata".
 */
import { SIGNAL_KEYS, column } from './columns';
import type { SetitecFile, SignalTable } from './types';

export interface StepBlock {
  step: number;
  /** First sample index of the block. */
  start: number;
  /** One past the last sample index. */
  end: number;
  /** Stop code on the block's last sample: the step's termination bitmask. */
  stopCode: number;
}

/** Contiguous runs of equal `Step (nb)` in Datas, in order. Empty when the column is missing. */
export function stepBlocks(table: SignalTable): StepBlock[] {
  const step = column(table, SIGNAL_KEYS.step);
  const stop = column(table, SIGNAL_KEYS.stopCode);
  if (!step || !stop) return [];
  const blocks: StepBlock[] = [];
  const n = step.length;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || step[i] !== step[start]) {
      if (n > 0) blocks.push({ step: step[start]!, start, end: i, stopCode: stop[i - 1]! });
      start = i;
    }
  }
  return blocks;
}

export interface StepCheck {
  agree: boolean;
  datasSteps: number[];
  resultSteps: number[];
  /** One line per disagreement, empty when they agree. */
  mismatches: string[];
}

/** No-load currents are written with 3 decimals in both places. */
const AMP_TOLERANCE = 0.0015;

/** Compare Step Results with the Datas step blocks; null when the file has no Step Results (v4). */
export function checkStepResults(file: Pick<SetitecFile, 'data' | 'stepResults'>): StepCheck | null {
  if (file.stepResults.length === 0) return null;
  const blocks = stepBlocks(file.data);
  const datasSteps = blocks.map((b) => b.step);
  const resultSteps = file.stepResults.map((r) => r.stepNumber);
  const mismatches: string[] = [];
  if (datasSteps.join(',') !== resultSteps.join(',')) {
    mismatches.push(`steps in Datas (${datasSteps.join(', ')}) differ from Step Results (${resultSteps.join(', ')})`);
  } else {
    const torqueEmpty = column(file.data, SIGNAL_KEYS.iTorqueEmpty);
    const thrustEmpty = column(file.data, SIGNAL_KEYS.iThrustEmpty);
    blocks.forEach((b, k) => {
      const r = file.stepResults[k]!;
      if (b.stopCode !== r.stopCode) {
        mismatches.push(`step ${b.step}: final stop code ${b.stopCode} in Datas, ${r.stopCode} in Step Results`);
      }
      if (torqueEmpty && r.m1NoLoadAmp !== null && Math.abs(torqueEmpty[b.start]! - r.m1NoLoadAmp) > AMP_TOLERANCE) {
        mismatches.push(`step ${b.step}: I Torque Empty ${torqueEmpty[b.start]} in Datas, M1 No Load Amp ${r.m1NoLoadAmp}`);
      }
      if (thrustEmpty && r.m2NoLoadAmp !== null && Math.abs(thrustEmpty[b.start]! - r.m2NoLoadAmp) > AMP_TOLERANCE) {
        mismatches.push(`step ${b.step}: I Thrust Empty ${thrustEmpty[b.start]} in Datas, M2 No Load Amp ${r.m2NoLoadAmp}`);
      }
    });
  }
  return { agree: mismatches.length === 0, datasSteps, resultSteps, mismatches };
}
