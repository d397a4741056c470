/** Inputs for the proposal-engine tests: generated Setitec files (parsed for real) and hand-made columns. */
import { generateSetitec, type GenerateOptions, type GeneratedExpected } from '../../../src/shared/setitec/generator/index';
import { parseSetitecText } from '../../../src/shared/setitec/parse';
import type { SetitecFile } from '../../../src/shared/setitec/types';
import { proposalInputFromFile } from '../../../src/shared/labels/proposals/index';
import type { FileProposals, Proposal, ProposalInput, ProposalMeta, ProposalProgramStep } from '../../../src/shared/labels/proposals/index';

export interface Generated {
  file: SetitecFile;
  expected: GeneratedExpected;
  input: ProposalInput;
}

/** A generated export, parsed with the real parser, and its proposal input. */
export function generated(opts: GenerateOptions): Generated {
  const g = generateSetitec(opts);
  const r = parseSetitecText(g.text, g.expected.fileName);
  if (!r.ok) throw new Error(`generated file did not parse: ${r.error.message}`);
  return { file: r.file, expected: g.expected, input: proposalInputFromFile(r.file) };
}

export function point(res: FileProposals, classId: string): Proposal | undefined {
  return res.proposals.find((p) => p.classId === classId && p.depthEnd === null);
}

export function range(res: FileProposals, classId: string): Proposal | undefined {
  return res.proposals.find((p) => p.classId === classId && p.depthEnd !== null);
}

export interface StepSpec {
  step: number;
  samples: number;
  /** Depth (mm) of the first and the last sample. */
  from: number;
  to: number;
  /** Net torque per sample, from the fraction t ∈ [0, 1] of the step; a number for a constant. */
  torque: number | ((t: number) => number);
  thrust?: number;
  stopCode: number;
  /** How many trailing samples carry the stop code (and hold the last depth). Default 2. */
  stopRows?: number;
  /** Program row settings; null: the step has no Program row. */
  program?: Partial<ProposalProgramStep> | null;
}

const NO_META: ProposalMeta = {
  fileName: 'handmade.xls',
  version: 9,
  cycleOk: true,
  date: { raw: '2024-05-30:04:31:01', iso: '2024-05-30T04:31:01', clockUnset: false },
  separator: '\t',
  decimal: 'comma',
  stepResults: [],
  irregularityCodes: [],
};

/**
 * Columns laid out step by step: depth linear from `from` to `to` (the stop rows hold `to`), torque from
 * the spec, the stop code on the last `stopRows` samples. Segments are left for the engine to derive.
 */
export function handmade(steps: readonly StepSpec[], meta: Partial<ProposalMeta> = {}): ProposalInput {
  const n = steps.reduce((s, x) => s + x.samples, 0);
  const position = new Float64Array(n);
  const torque = new Float64Array(n);
  const thrust = new Float64Array(n);
  const step = new Float64Array(n);
  const stopCode = new Float64Array(n);
  let i = 0;
  for (const s of steps) {
    const rows = s.stopRows ?? 2;
    const moving = s.samples - rows;
    for (let k = 0; k < s.samples; k++, i++) {
      const t = moving > 1 ? Math.min(1, k / (moving - 1)) : 1;
      position[i] = -(s.from + (s.to - s.from) * t);
      torque[i] = typeof s.torque === 'number' ? s.torque : s.torque(t);
      thrust[i] = s.thrust ?? 0.1;
      step[i] = s.step;
      stopCode[i] = k >= s.samples - rows ? s.stopCode : 0;
    }
  }
  const program: ProposalProgramStep[] = steps
    .filter((s) => s.program !== null)
    .map((s) => ({ stepNb: s.step, enabled: true, torqueMaxA: 0, thrustMaxA: 0, torqueMinA: 0, thrustMinA: 0, gapMm: 0, rpm: 1500, ...(s.program ?? {}) }));
  return { source: meta.fileName ?? NO_META.fileName, program, segments: null, columns: { position, torque, thrust, step, stopCode }, meta: { ...NO_META, ...meta } };
}
