/**
 * Loss and metric curves of a run, one point per epoch, built from the live protocol events (`epoch`,
 * `metrics`) or from a stored run's per-epoch log (`runs.get` → epochsLog). Both paths name a curve the
 * same way, so a page that seeds from the log and then follows events draws one curve, not two.
 *
 * Values are kept as plain arrays sorted by epoch; an epoch seen again (a resumed run repeating the epoch it
 * was cancelled in) replaces its point rather than adding a second one.
 */
import type { EpochEvent, MetricsEvent } from '../../../shared/training/protocol';
import type { z } from 'zod';

export interface Curve {
  name: string;
  x: number[];
  y: number[];
  /** Bumped when a point is replaced or inserted (anything but appending): a plot must redraw it. */
  rewrites: number;
}

/** The two plots of the Training view: losses, and every other per-epoch measurement. */
export interface Curves {
  loss: Curve[];
  metrics: Curve[];
}

export const EMPTY_CURVES: Curves = { loss: [], metrics: [] };

export const TRAIN_LOSS = 'train/loss';
export const VAL_LOSS = 'val/loss';

/** Which plot a per-epoch value belongs to; null for values not worth a curve (the learning rate, timings). */
export function plotOf(name: string): keyof Curves | null {
  const leaf = name.split('/').pop() ?? name;
  if (/(^|_)loss$/.test(leaf)) return 'loss';
  if (leaf === 'lr' || leaf === 'seconds' || /samples_?per_?second/i.test(leaf) || leaf === 'samplesPerSecond' || leaf === 'epoch') return null;
  return 'metrics';
}

function withPoint(curves: Curve[], name: string, epoch: number, value: number): Curve[] {
  if (!Number.isFinite(value)) return curves;
  const at = curves.findIndex((c) => c.name === name);
  const old: Curve = at >= 0 ? curves[at]! : { name, x: [], y: [], rewrites: 0 };
  const x = old.x.slice();
  const y = old.y.slice();
  let rewrites = old.rewrites;
  let i = x.length;
  while (i > 0 && x[i - 1]! > epoch) i--;
  if (i > 0 && x[i - 1] === epoch) {
    if (y[i - 1] === value) return curves;
    y[i - 1] = value;
    rewrites++;
  } else {
    if (i < x.length) rewrites++;
    x.splice(i, 0, epoch);
    y.splice(i, 0, value);
  }
  const next = curves.slice();
  const curve = { name, x, y, rewrites };
  if (at >= 0) next[at] = curve;
  else next.push(curve);
  return next;
}

/** Add one named value at an epoch to whichever plot it belongs to. */
export function addValue(c: Curves, name: string, epoch: number, value: number): Curves {
  const plot = plotOf(name);
  if (!plot) return c;
  return { ...c, [plot]: withPoint(c[plot], name, epoch, value) };
}

export function addEpochEvent(c: Curves, e: z.infer<typeof EpochEvent>): Curves {
  let next = addValue(c, TRAIN_LOSS, e.epoch, e.trainLoss);
  if (e.valLoss !== null) next = addValue(next, VAL_LOSS, e.epoch, e.valLoss);
  return next;
}

/** Per-epoch metrics; end-of-run figures (epoch null) are not points on a curve. */
export function addMetricsEvent(c: Curves, e: z.infer<typeof MetricsEvent>): Curves {
  if (e.epoch === null) return c;
  let next = c;
  for (const [name, value] of Object.entries(e.metrics)) next = addValue(next, name, e.epoch, value);
  return next;
}

export function curvesFromEpochsLog(rows: readonly { epoch: number; metrics: Record<string, number> }[]): Curves {
  let c = EMPTY_CURVES;
  for (const row of rows) for (const [name, value] of Object.entries(row.metrics)) c = addValue(c, name, row.epoch, value);
  return c;
}

/** Every name of a per-epoch value over several runs' logs, for the Runs view's metric picker. */
export function curveNames(logs: readonly (readonly { metrics: Record<string, number> }[])[]): string[] {
  const names = new Set<string>();
  for (const log of logs) for (const row of log) for (const k of Object.keys(row.metrics)) if (plotOf(k)) names.add(k);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Losses first, then validation metrics, then the rest. */
function rank(name: string): number {
  if (plotOf(name) === 'loss') return 0;
  return name.startsWith('val') ? 1 : 2;
}

export function pointCount(curves: readonly Curve[]): number {
  return curves.reduce((n, c) => n + c.x.length, 0);
}

/** The epochs that have a point on any curve. */
export function epochCount(curves: readonly Curve[]): number {
  const epochs = new Set<number>();
  for (const c of curves) for (const x of c.x) epochs.add(x);
  return epochs.size;
}

/** Up to this many epochs every epoch gets a tick; beyond, plotly's own (integer) ticks are fine. */
const EVERY_EPOCH_UP_TO = 15;

/** An x tick per epoch while there are few: plotly's automatic ticks would put them at 0.5, 1.5 … */
export function epochDtick(curves: readonly Curve[]): number | null {
  const last = Math.max(0, ...curves.map((c) => c.x.at(-1) ?? 0));
  return last <= EVERY_EPOCH_UP_TO ? 1 : null;
}

/** What a plot currently shows: its traces in order and how many points each holds. */
export interface Drawn {
  names: string[];
  counts: number[];
  /** Each trace's `rewrites` when drawn: a change means a point moved, not only new ones at the end. */
  rewrites: number[];
}

export function drawnOf(curves: readonly Curve[]): Drawn {
  return { names: curves.map((c) => c.name), counts: curves.map((c) => c.x.length), rewrites: curves.map((c) => c.rewrites) };
}

/**
 * How to bring a plot from what it shows to these curves: `extend` (only new points at the end of existing
 * traces: plotly's extendTraces, no redraw of the rest), `none`, or `redraw` (a new trace, a replaced or
 * inserted point: Plotly.react).
 */
export type PlotUpdate = { kind: 'none' } | { kind: 'redraw' } | { kind: 'extend'; indices: number[]; x: number[][]; y: number[][] };

export function planUpdate(drawn: Drawn | null, curves: readonly Curve[]): PlotUpdate {
  if (!drawn || drawn.names.length !== curves.length || drawn.names.some((n, i) => n !== curves[i]!.name)) return { kind: 'redraw' };
  const indices: number[] = [];
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < curves.length; i++) {
    const c = curves[i]!;
    const had = drawn.counts[i]!;
    if (c.x.length < had || c.rewrites !== drawn.rewrites[i]) return { kind: 'redraw' };
    if (c.x.length > had) {
      indices.push(i);
      xs.push(c.x.slice(had));
      ys.push(c.y.slice(had));
    }
  }
  return indices.length === 0 ? { kind: 'none' } : { kind: 'extend', indices, x: xs, y: ys };
}
