/**
 * The Runs view's comparison data: parameter diff (every row, the differing ones flagged), evaluation rows
 * per keypoint with the best run per column, the overlaid curves and the evaluation plot's bars — from run
 * details shaped by the contract's own RunDetail schema.
 */
import { describe, expect, it } from 'vitest';
import { compareCurves, evaluationRows, evaluationTraces, gripRows, headlineMetrics, paramDiff, type ComparedRun } from '../../../src/renderer/features/runs/runsModel';
import { RunDetail } from '../../../src/shared/api/training.contract';

const kp = (mae: number, extra: Partial<Record<string, number | null>> = {}) => ({
  n: 10,
  mae,
  rmse: mae * 1.2,
  median: mae * 0.9,
  p95: mae * 2,
  max: mae * 3,
  bias: 0.01,
  within025: 0.9,
  within05: 0.95,
  within1: 1,
  ...extra,
});

function run(id: string, params: Record<string, unknown>, evaluation: unknown, epochs: Record<string, number>[] = []): ComparedRun {
  return RunDetail.parse({
    runId: id,
    status: 'finished',
    snapshotId: 'a'.repeat(64),
    createdAt: '2025-01-01T00:00:00Z',
    startedAt: null,
    endedAt: null,
    epoch: epochs.length,
    epochs: epochs.length,
    device: 'cpu',
    metrics: {},
    model: null,
    error: null,
    resumedFrom: null,
    params,
    epochsLog: epochs.map((metrics, i) => ({ epoch: i + 1, metrics })),
    artifacts: [],
    evaluation,
    versions: { bridge: '0.2.0', torch: '2.5.0', python: '3.11' },
    dir: `/tmp/${id}`,
    consoleTail: [],
  });
}

const A = run('run-aaaaaa', { epochs: 10, lr: 0.001, batchSize: 8 }, { keypoints: { entry: kp(0.2), exit: kp(0.05) }, gripCodeExact: 0.9 }, [{ 'train/loss': 1, 'val/exit_mae_mm': 0.3 }, { 'train/loss': 0.5, 'val/exit_mae_mm': 0.1 }]);
const B = run('run-bbbbbb', { epochs: 10, lr: 0.0003, patience: 3 }, { keypoints: { entry: kp(0.2, { bias: -0.002 }), exit: kp(0.04, { within025: 1 }) }, gripCodeExact: null }, [{ 'train/loss': 0.8 }]);
const C = run('run-cccccc', { epochs: 10, lr: 0.001, batchSize: 8 }, null);

describe('parameter diff', () => {
  it('lists every parameter of any run and flags the rows whose values differ', () => {
    const rows = paramDiff([A, B]);
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.epochs).toEqual({ key: 'epochs', values: ['10', '10'], differs: false });
    expect(byKey.lr).toEqual({ key: 'lr', values: ['0.001', '0.0003'], differs: true });
    expect(byKey.batchSize).toEqual({ key: 'batchSize', values: ['8', '—'], differs: true });
    expect(byKey.patience!.values).toEqual(['—', '3']);
    expect(byKey['resumed from']).toEqual({ key: 'resumed from', values: ['—', '—'], differs: false });
    // Run facts come first and are compared too.
    expect(rows[0]).toEqual({ key: 'snapshot', values: ['aaaaaaaaaaaa', 'aaaaaaaaaaaa'], differs: false });
  });

  it('identical runs differ nowhere; one run differs from nothing', () => {
    expect(paramDiff([A, C]).filter((r) => r.differs)).toEqual([]);
    expect(paramDiff([A]).some((r) => r.differs)).toBe(false);
  });
});

describe('evaluation table', () => {
  it('one row per keypoint and evaluated run, grouped by keypoint, with the best run of each column', () => {
    const rows = evaluationRows([A, B, C]);
    expect(rows.map((r) => `${r.keypoint}:${r.runId}`)).toEqual(['entry:run-aaaaaa', 'entry:run-bbbbbb', 'exit:run-aaaaaa', 'exit:run-bbbbbb']);
    const [entryA, entryB, exitA, exitB] = rows;
    // Entry: same MAE (a tie marks nobody), B's bias is closer to zero.
    expect(entryA!.best).toEqual([]);
    expect(entryB!.best).toEqual(['bias']);
    expect(exitB!.best).toEqual(['mae', 'rmse', 'median', 'p95', 'max', 'within025']);
    expect(exitA!.values.mae).toBe(0.05);
  });

  it('grip-code exact rate per evaluated run', () => {
    expect(gripRows([A, B, C])).toEqual([
      { runId: 'run-aaaaaa', gripCodeExact: 0.9 },
      { runId: 'run-bbbbbb', gripCodeExact: null },
    ]);
  });
});

describe('comparison plots', () => {
  it('overlaid curves: one trace per run that logged the value', () => {
    expect(compareCurves([A, B, C], 'train/loss').map(({ name, x, y }) => ({ name, x, y }))).toEqual([
      { name: 'run-aaaaaa', x: [1, 2], y: [1, 0.5] },
      { name: 'run-bbbbbb', x: [1], y: [0.8] },
    ]);
    expect(compareCurves([A, B], 'val/exit_mae_mm').map((t) => t.name)).toEqual(['run-aaaaaa']);
  });

  it('evaluation bars: keypoints on x, one trace per evaluated run', () => {
    expect(evaluationTraces([A, B, C], 'mae')).toEqual([
      { name: 'run-aaaaaa', x: ['entry', 'exit'], y: [0.2, 0.05] },
      { name: 'run-bbbbbb', x: ['entry', 'exit'], y: [0.2, 0.04] },
    ]);
  });
});

describe('headline metrics of the run list', () => {
  it('exit MAE first, then other MAEs, then validation values; speeds and the learning rate left out', () => {
    const metrics = { 'epoch/samples_per_second': 3, lr: 0.001, 'train/loss': 0.8, 'val/loss': 0.9, 'val/entry_mae_mm': 0.2, 'val/exit_mae_mm': 0.01, 'val/exit_within025': 1 };
    expect(headlineMetrics(metrics).map(([k]) => k)).toEqual(['val/exit_mae_mm', 'val/entry_mae_mm', 'val/exit_within025', 'val/loss']);
    expect(headlineMetrics(metrics, 10).map(([k]) => k)).toEqual(['val/exit_mae_mm', 'val/entry_mae_mm', 'val/exit_within025', 'val/loss', 'train/loss']);
  });
});
