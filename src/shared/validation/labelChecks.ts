/**
 * Label (annotation) checks, DOMAIN §14 rows 36–39. Labels are depths in mm of positive depth
 * (= −Position): entry, CFRP→Ti transition, exit. Total depth = exit − entry; grip code =
 * floor(depth / 1.5875) + 1 (DOMAIN §12.1), from the one grip-code module the readouts use too, so the
 * annotation panel and V39 cannot disagree. Pure TypeScript.
 */
import type { Label } from '../api/labels.contract';
import { pickKeyPoint, READOUT_CLASSES } from '../labels/derivedReadouts';
import { gripCode } from '../labels/gripCode';
import { hasStopBit, STOP } from '../setitec/stopCodes';
import type { StepSegment } from '../setitec/segments';
import type { Finding, RuleInfo } from './types';

export interface LabelDepths {
  entry: number | null;
  transition: number | null;
  exit: number | null;
}

/** V38 tolerance: 97 % of the reference model's errors are within it. */
export const THICKNESS_TOLERANCE_MM = 0.5;

export const LABEL_RULES: readonly RuleInfo[] = Object.freeze([
  { id: 'V36', slug: 'label.order', group: 'labels', severity: 'error', scope: 'label', title: 'entry < transition < exit' },
  {
    id: 'V37',
    slug: 'label.exit-within-step',
    group: 'labels',
    severity: 'error',
    scope: 'label',
    title: 'Exit not deeper than the deepest position of the exit step',
  },
  {
    id: 'V38',
    slug: 'label.thickness',
    group: 'labels',
    severity: 'warning',
    scope: 'label',
    title: 'Total depth (exit − entry) within ±0.5 mm of the measured thickness',
  },
  {
    id: 'V39',
    slug: 'label.grip-code',
    group: 'labels',
    severity: 'warning',
    scope: 'label',
    title: 'Grip code equals floor(depth / 1.5875) + 1',
  },
] satisfies RuleInfo[]);

function r3(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

function finding(ruleId: string, severity: Finding['severity'], message: string): Finding {
  return { ruleId, severity, message, location: {} };
}

/** Total depth = exit − entry, or null when either is missing. */
export function totalDepth(labels: LabelDepths): number | null {
  return labels.entry !== null && labels.exit !== null ? labels.exit - labels.entry : null;
}

/** V36: entry < transition < exit (transition skipped when absent); any non-finite label is an error. */
export function checkLabelOrder(labels: LabelDepths): Finding[] {
  const out: Finding[] = [];
  const named: [string, number | null][] = [
    ['entry', labels.entry],
    ['transition', labels.transition],
    ['exit', labels.exit],
  ];
  for (const [name, v] of named) if (v !== null && !Number.isFinite(v)) out.push(finding('V36', 'error', `${name} depth is not a number (${v})`));
  if (out.length > 0) return out;
  const present = named.filter((p): p is [string, number] => p[1] !== null);
  for (let i = 1; i < present.length; i++) {
    const [an, a] = present[i - 1] as [string, number];
    const [bn, b] = present[i] as [string, number];
    if (!(a < b)) out.push(finding('V36', 'error', `${an} (${r3(a)} mm) must be shallower than ${bn} (${r3(b)} mm)`));
  }
  return out;
}

/** What V37 needs of a step segment (the catalog's steps rows carry both). */
export type ExitStepSegment = Pick<StepSegment, 'stopCode' | 'maxDepth'>;

/**
 * The deepest depth of the exit step: the step that ended on TORQUE_MIN or THRUST_MIN (break-through),
 * else the deepest sample of the whole cycle. Null without segments.
 */
export function exitStepMaxDepth(segments: readonly ExitStepSegment[]): number | null {
  if (segments.length === 0) return null;
  const exitStep = segments.find((s) => hasStopBit(s.stopCode, STOP.TORQUE_MIN) || hasStopBit(s.stopCode, STOP.THRUST_MIN));
  if (exitStep) return exitStep.maxDepth;
  return Math.max(...segments.map((s) => s.maxDepth));
}

/** V37: exit ≤ the deepest position of the exit step. */
export function checkExitWithinStep(labels: LabelDepths, deepestOfExitStep: number | null): Finding[] {
  if (labels.exit === null || deepestOfExitStep === null || !Number.isFinite(labels.exit)) return [];
  if (labels.exit > deepestOfExitStep + 1e-9)
    return [finding('V37', 'error', `exit ${r3(labels.exit)} mm is deeper than the exit step ever went (${r3(deepestOfExitStep)} mm)`)];
  return [];
}

/** V38: |exit − entry − measured thickness| ≤ 0.5 mm. */
export function checkThickness(labels: LabelDepths, measuredThicknessMm: number | null, toleranceMm = THICKNESS_TOLERANCE_MM): Finding[] {
  const d = totalDepth(labels);
  if (d === null || measuredThicknessMm === null || !Number.isFinite(measuredThicknessMm)) return [];
  const err = d - measuredThicknessMm;
  if (Math.abs(err) > toleranceMm + 1e-9)
    return [finding('V38', 'warning', `total depth ${r3(d)} mm differs from the measured thickness ${r3(measuredThicknessMm)} mm by ${r3(err)} mm (±${toleranceMm} mm)`)];
  return [];
}

/**
 * V39: a recorded grip code must equal floor((exit − entry) / 1.5875) + 1. A negative or non-finite depth
 * has no code to compare with; V36 already reports those labels.
 */
export function checkGripCode(labels: LabelDepths, recordedGripCode: number | null): Finding[] {
  const d = totalDepth(labels);
  if (d === null || recordedGripCode === null) return [];
  const expected = gripCode(d);
  if (expected !== null && recordedGripCode !== expected)
    return [finding('V39', 'warning', `grip code ${recordedGripCode} but a total depth of ${r3(d)} mm gives code ${expected}`)];
  return [];
}

export interface LabelCheckInput extends LabelDepths {
  /** Gauge-measured stack thickness (mm), when known. */
  measuredThicknessMm?: number | null;
  /** Recorded grip code, when known. */
  gripCode?: number | null;
  /** Deepest depth of the exit step (see `exitStepMaxDepth`); or give `segments`. */
  exitStepMaxDepth?: number | null;
  segments?: readonly ExitStepSegment[];
}

/** V36–V39 together. */
export function checkLabels(input: LabelCheckInput): Finding[] {
  const labels: LabelDepths = { entry: input.entry, transition: input.transition, exit: input.exit };
  const deepest = input.exitStepMaxDepth ?? (input.segments ? exitStepMaxDepth(input.segments) : null);
  return [
    ...checkLabelOrder(labels),
    ...checkExitWithinStep(labels, deepest),
    ...checkThickness(labels, input.measuredThicknessMm ?? null),
    ...checkGripCode(labels, input.gripCode ?? null),
  ];
}

/**
 * Class ids V36–V39 read from a file's labels: the key points and the measured thickness of the readouts
 * (one definition, so the annotation panel and the findings read the same labels), and a recorded grip code.
 * The default schema has no grip-code class (the code is derived from the depth); a catalog whose schema adds
 * a numeric 'grip_code' attribute (say, the nominal gripper fitted) gets V39 against it.
 */
export const LABEL_CHECK_CLASSES = { ...READOUT_CLASSES, gripCode: 'grip_code' } as const;

/** The parts of a stored label the checks look at. */
export type CheckedLabel = Pick<Label, 'classId' | 'depth' | 'value' | 'source' | 'updatedAt'>;

/**
 * V36–V39 over one file's stored labels and step segments (in Datas order). Of several labels of one class
 * the most trusted counts, as in the readouts (`pickKeyPoint`): a model's exit next to a person's is not a
 * finding against the person's. Attribute values that are not numbers are ignored.
 */
export function checkFileLabels(labels: readonly CheckedLabel[], segments: readonly ExitStepSegment[]): Finding[] {
  const depthOf = (classId: string): number | null => pickKeyPoint(labels, classId)?.depth ?? null;
  const numberOf = (classId: string): number | null => {
    const value = pickKeyPoint(labels, classId)?.value;
    return typeof value === 'number' ? value : null;
  };
  return checkLabels({
    entry: depthOf(LABEL_CHECK_CLASSES.entry),
    transition: depthOf(LABEL_CHECK_CLASSES.transition),
    exit: depthOf(LABEL_CHECK_CLASSES.exit),
    measuredThicknessMm: numberOf(LABEL_CHECK_CLASSES.measuredThickness),
    gripCode: numberOf(LABEL_CHECK_CLASSES.gripCode),
    segments,
  });
}
