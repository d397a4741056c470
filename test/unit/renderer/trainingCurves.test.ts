/**
 * The Training view's curves: built from live protocol events (validated with the protocol's own schema)
 * or from a stored run's epoch log, named alike; and the plan that turns "new points at the end" into
 * plotly's extendTraces instead of a redraw.
 */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_CURVES,
  addEpochEvent,
  addMetricsEvent,
  curveNames,
  curvesFromEpochsLog,
  drawnOf,
  epochCount,
  epochDtick,
  planUpdate,
  plotOf,
  pointCount,
  type Curves,
} from '../../../src/renderer/features/training/curves';
import { EpochEvent, MetricsEvent } from '../../../src/shared/training/protocol';

const epochEvent = (epoch: number, trainLoss: number, valLoss: number | null) =>
  EpochEvent.parse({ v: 1, t: 1_700_000_000 + epoch, type: 'epoch', epoch, epochs: 10, trainLoss, valLoss, lr: 1e-3, seconds: 2, samplesPerSecond: 40, best: false });
const metricsEvent = (epoch: number | null, metrics: Record<string, number>) => MetricsEvent.parse({ v: 1, t: 1_700_000_000, type: 'metrics', epoch, metrics });

function live(n: number): Curves {
  let c = EMPTY_CURVES;
  for (let e = 1; e <= n; e++) {
    c = addEpochEvent(c, epochEvent(e, 1 / e, 2 / e));
    c = addMetricsEvent(c, metricsEvent(e, { 'val/exit_mae_mm': 0.5 / e, 'val/entry_mae_mm': 0.4 / e, lr: 1e-3 }));
  }
  return c;
}

describe('curves from events', () => {
  it('epoch events give the loss curves, per-epoch metrics the metric curves; the learning rate is no curve', () => {
    const c = live(3);
    expect(c.loss.map((l) => l.name)).toEqual(['train/loss', 'val/loss']);
    expect(c.loss[0]).toMatchObject({ x: [1, 2, 3], y: [1, 1 / 2, 1 / 3] });
    expect(c.metrics.map((m) => m.name)).toEqual(['val/exit_mae_mm', 'val/entry_mae_mm']);
    expect(pointCount(c.metrics)).toBe(6);
    expect(epochCount(c.loss)).toBe(3);
  });

  it('a missing validation loss leaves no point; end-of-run metrics are no point either', () => {
    let c = addEpochEvent(EMPTY_CURVES, epochEvent(1, 0.9, null));
    c = addMetricsEvent(c, metricsEvent(null, { 'val/exit_mae_mm': 0.1 }));
    expect(c.loss.map((l) => l.name)).toEqual(['train/loss']);
    expect(c.metrics).toEqual([]);
  });

  it('an epoch seen again replaces its point (a resumed run repeating an epoch)', () => {
    let c = live(3);
    c = addEpochEvent(c, epochEvent(2, 0.7, 0.8));
    expect(c.loss[0]).toMatchObject({ x: [1, 2, 3], y: [1, 0.7, 1 / 3] });
  });

  it('the stored epoch log gives the same curves as the live events', () => {
    const log = [1, 2, 3].map((e) => ({ epoch: e, metrics: { 'train/loss': 1 / e, 'val/loss': 2 / e, 'val/exit_mae_mm': 0.5 / e, 'val/entry_mae_mm': 0.4 / e, lr: 1e-3, 'train/seconds': 2 } }));
    const fromLog = curvesFromEpochsLog(log);
    const fromEvents = live(3);
    expect(fromLog.loss.map(({ name, x, y }) => ({ name, x, y }))).toEqual(fromEvents.loss.map(({ name, x, y }) => ({ name, x, y })));
    expect(fromLog.metrics.map(({ name, x, y }) => ({ name, x, y }))).toEqual(fromEvents.metrics.map(({ name, x, y }) => ({ name, x, y })));
  });

  it('classifies names: losses, metrics, and what is not a curve', () => {
    expect(plotOf('val/heatmap_loss')).toBe('loss');
    expect(plotOf('val/exit_within_0.25mm')).toBe('metrics');
    expect(plotOf('lr')).toBeNull();
    expect(plotOf('train/samplesPerSecond')).toBeNull();
  });

  it('curve names over several logs: losses first, then validation metrics, each once', () => {
    const names = curveNames([[{ metrics: { 'val/exit_mae_mm': 1, 'train/loss': 1 } }], [{ metrics: { 'val/loss': 1, 'train/exit_mae_mm': 2, lr: 1 } }]]);
    expect(names).toEqual(['train/loss', 'val/loss', 'val/exit_mae_mm', 'train/exit_mae_mm']);
  });
});

describe('epoch ticks', () => {
  it('a tick per epoch for short runs, plotly’s own for long ones', () => {
    expect(epochDtick(live(3).loss)).toBe(1);
    expect(epochDtick([])).toBe(1);
    let long = EMPTY_CURVES;
    for (let e = 1; e <= 16; e++) long = addEpochEvent(long, epochEvent(e, 1, null));
    expect(epochDtick(long.loss)).toBeNull();
  });
});

describe('plot update plan', () => {
  it('nothing drawn yet, or a new curve: redraw', () => {
    expect(planUpdate(null, live(1).loss)).toEqual({ kind: 'redraw' });
    const before = addEpochEvent(EMPTY_CURVES, epochEvent(1, 1, null));
    const after = addEpochEvent(before, epochEvent(2, 0.5, 0.6));
    expect(planUpdate(drawnOf(before.loss), after.loss)).toEqual({ kind: 'redraw' });
  });

  it('new epochs at the end: extend only the traces that grew, with only the new points', () => {
    const before = live(2);
    let after = addEpochEvent(before, epochEvent(3, 0.3, null));
    expect(planUpdate(drawnOf(before.loss), after.loss)).toEqual({ kind: 'extend', indices: [0], x: [[3]], y: [[0.3]] });
    after = addEpochEvent(after, epochEvent(4, 0.25, 0.5));
    expect(planUpdate(drawnOf(before.loss), after.loss)).toEqual({ kind: 'extend', indices: [0, 1], x: [[3, 4], [4]], y: [[0.3, 0.25], [0.5]] });
  });

  it('unchanged: none; a replaced or inserted point: redraw', () => {
    const c = live(3);
    expect(planUpdate(drawnOf(c.loss), c.loss)).toEqual({ kind: 'none' });
    expect(planUpdate(drawnOf(c.loss), addEpochEvent(c, epochEvent(1, 0.95, 2)).loss)).toEqual({ kind: 'redraw' });
    const gap = addEpochEvent(addEpochEvent(EMPTY_CURVES, epochEvent(1, 1, null)), epochEvent(3, 0.3, null));
    expect(planUpdate(drawnOf(gap.loss), addEpochEvent(gap, epochEvent(2, 0.5, null)).loss)).toEqual({ kind: 'redraw' });
  });
});
