/**
 * What the Runs view shows of several runs side by side, as plain data: the parameter diff, the
 * per-keypoint evaluation table (with the best run of each column marked), and the traces of the overlaid
 * curves and the evaluation plot. No DOM, no plotly: unit-tested alone.
 */
import type { Evaluation, RunDetail } from '../../../shared/api/training.contract';
import { curvesFromEpochsLog, plotOf, type Curve } from '../training/curves';

/** The part of a run this module reads: the stored RunDetail, or a hand-built one in tests. */
export type ComparedRun = Pick<RunDetail, 'runId' | 'snapshotId' | 'device' | 'params' | 'epochsLog' | 'evaluation' | 'versions' | 'resumedFrom'>;

export interface ParamRow {
  key: string;
  /** One text per run, in the order the runs were given; '—' where a run does not have the parameter. */
  values: string[];
  differs: boolean;
}

function paramText(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** What else tells two runs apart, shown as parameters above the training parameters. */
function runFacts(r: ComparedRun): Record<string, unknown> {
  return {
    snapshot: r.snapshotId ? r.snapshotId.slice(0, 12) : null,
    'device used': r.device,
    'bridge version': r.versions.bridge,
    'torch version': r.versions.torch,
    'resumed from': r.resumedFrom,
  };
}

/**
 * Every parameter any of the runs has, one row each: the run facts first, then the training parameters in
 * alphabetical order. A row differs when the runs' values are not all the same (a missing value counts).
 */
export function paramDiff(runs: readonly ComparedRun[]): ParamRow[] {
  const facts = runs.map(runFacts);
  const factKeys = Object.keys(facts[0] ?? {});
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort((a, b) => a.localeCompare(b));
  const row = (key: string, pick: (i: number) => unknown): ParamRow => {
    const values = runs.map((_, i) => paramText(pick(i)));
    return { key, values, differs: new Set(values).size > 1 };
  };
  return [...factKeys.map((k) => row(k, (i) => facts[i]![k])), ...paramKeys.map((k) => row(k, (i) => runs[i]!.params[k]))];
}

export const EVAL_COLUMNS = ['n', 'mae', 'rmse', 'median', 'p95', 'max', 'bias', 'within025', 'within05', 'within1'] as const;
export type EvalColumn = (typeof EVAL_COLUMNS)[number];

export const EVAL_TITLES: Record<EvalColumn, string> = {
  n: 'n',
  mae: 'MAE (mm)',
  rmse: 'RMSE (mm)',
  median: 'median (mm)',
  p95: 'p95 (mm)',
  max: 'max (mm)',
  bias: 'bias (mm)',
  within025: '±0.25 mm',
  within05: '±0.5 mm',
  within1: '±1 mm',
};

/** Which way is better for a column; n has no better. */
const BETTER: Record<EvalColumn, 'low' | 'high' | 'zero' | null> = {
  n: null,
  mae: 'low',
  rmse: 'low',
  median: 'low',
  p95: 'low',
  max: 'low',
  bias: 'zero',
  within025: 'high',
  within05: 'high',
  within1: 'high',
};

export interface EvalRow {
  keypoint: string;
  runId: string;
  values: Record<EvalColumn, number | null>;
  /** The columns where this run is the best of the compared runs for this keypoint (only with ≥ 2 runs). */
  best: EvalColumn[];
}

type KeypointStats = Evaluation['keypoints'][string];

/** Keypoints in the order of the first run that has each, so entry, transition, exit stay in drilling order. */
export function evaluationKeypoints(runs: readonly ComparedRun[]): string[] {
  return [...new Set(runs.flatMap((r) => Object.keys(r.evaluation?.keypoints ?? {})))];
}

/** One row per keypoint and run (runs without an evaluation are left out), grouped by keypoint. */
export function evaluationRows(runs: readonly ComparedRun[]): EvalRow[] {
  const rows: EvalRow[] = [];
  for (const keypoint of evaluationKeypoints(runs)) {
    const group: EvalRow[] = [];
    for (const r of runs) {
      const k: KeypointStats | undefined = r.evaluation?.keypoints[keypoint];
      if (!k) continue;
      const values = Object.fromEntries(EVAL_COLUMNS.map((c) => [c, k[c]])) as Record<EvalColumn, number | null>;
      group.push({ keypoint, runId: r.runId, values, best: [] });
    }
    if (group.length >= 2) markBest(group);
    rows.push(...group);
  }
  return rows;
}

function markBest(group: EvalRow[]): void {
  for (const c of EVAL_COLUMNS) {
    const way = BETTER[c];
    if (!way) continue;
    const score = (v: number): number => (way === 'low' ? v : way === 'high' ? -v : Math.abs(v));
    const scored = group.filter((g) => g.values[c] !== null && Number.isFinite(g.values[c]));
    if (scored.length < 2) continue;
    const best = Math.min(...scored.map((g) => score(g.values[c]!)));
    // A tie for best is no winner: marking every run would say nothing.
    const winners = scored.filter((g) => score(g.values[c]!) === best);
    if (winners.length === 1) winners[0]!.best.push(c);
  }
}

export interface GripRow {
  runId: string;
  gripCodeExact: number | null;
}

export function gripRows(runs: readonly ComparedRun[]): GripRow[] {
  return runs.filter((r) => r.evaluation).map((r) => ({ runId: r.runId, gripCodeExact: r.evaluation!.gripCodeExact ?? null }));
}

export interface Trace {
  name: string;
  x: (number | string)[];
  y: (number | null)[];
}

/** One curve per run (named by its run id) for a per-epoch value; runs that never logged it are left out. */
export function compareCurves(runs: readonly ComparedRun[], name: string): Curve[] {
  const out: Curve[] = [];
  for (const r of runs) {
    const c = curvesFromEpochsLog(r.epochsLog);
    const curve = [...c.loss, ...c.metrics].find((k) => k.name === name);
    if (curve && curve.x.length > 0) out.push({ ...curve, name: r.runId });
  }
  return out;
}

/** One bar group per keypoint, one bar per run, of one statistic. */
export function evaluationTraces(runs: readonly ComparedRun[], column: Exclude<EvalColumn, 'n'>): Trace[] {
  const keypoints = evaluationKeypoints(runs);
  return runs
    .filter((r) => r.evaluation)
    .map((r) => ({ name: r.runId, x: keypoints, y: keypoints.map((k) => r.evaluation!.keypoints[k]?.[column] ?? null) }));
}

/**
 * The metrics worth a glance, best first: validation MAEs (exit first), then other validation values, then
 * the rest; speeds and the learning rate are left to the tooltip.
 */
export function headlineMetrics(metrics: Record<string, number>, max = 4): [string, number][] {
  const score = (k: string): number => (k.includes('exit') && k.includes('mae') ? 0 : k.includes('mae') ? 1 : k.startsWith('val') ? 2 : 3);
  return Object.entries(metrics)
    .filter(([k]) => plotOf(k) !== null)
    .sort(([a], [b]) => score(a) - score(b) || a.localeCompare(b))
    .slice(0, max);
}
