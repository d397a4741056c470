/**
 * The run records of migration 008 on a real SQLite catalog: created queued, filled from protocol events
 * (the shared fixture the bridge is tested against, and hand-made ones), closed with a status, listed
 * newest first with each metric's latest value, and stale runs failed unless their owner still runs them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BridgeEvent } from '../../../src/shared/training/protocol';
import { openCatalog, type CatalogDb } from '../../../src/main/db/openCatalog';
import { RunStore, type NewRun } from '../../../src/main/training/runStore';

const FIXTURE = path.resolve('test/fixtures/training/protocol-events.jsonl');
const fixtureEvents = (): BridgeEvent[] =>
  fs
    .readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => BridgeEvent.parse(JSON.parse(l)));

let db: CatalogDb;
let store: RunStore;
beforeEach(() => {
  db = openCatalog(':memory:');
  store = new RunStore(db);
});
afterEach(() => db.close());

const newRun = (runId: string, extra: Partial<NewRun> = {}): NewRun => ({
  runId,
  snapshotId: 'b'.repeat(64),
  datasetDir: '/data/snap',
  dir: `/runs/${runId}`,
  params: { epochs: 2, lr: 0.003 },
  python: '/usr/bin/python3',
  nproc: 1,
  resumedFrom: null,
  ...extra,
});

const at = (t: number) => ({ v: 1 as const, t });

describe('a run record', () => {
  it('starts queued with its parameters, then takes in the whole protocol of a run', () => {
    store.create(newRun('run-aaaaaa1', { createdAt: '2026-01-01T00:00:00.000Z' }));
    expect(store.get('run-aaaaaa1')).toMatchObject({ status: 'queued', epoch: 0, epochs: 2, startedAt: null, params: { epochs: 2, lr: 0.003 }, metrics: {}, evaluation: null });
    for (const e of fixtureEvents()) store.applyEvent('run-aaaaaa1', e);
    const run = store.get('run-aaaaaa1')!;
    expect(run).toMatchObject({
      status: 'running',
      device: 'cpu',
      versions: { bridge: '0.1.0', torch: '2.15.0', python: '3.11.7' },
      effectiveParams: { epochs: 2, batch_size: 8, lr: 0.003, device: 'auto' },
      epoch: 1,
      epochs: 2,
      bestEpoch: 1,
      model: '/runs/run-abc123/model.onnx',
      error: "dataset: /data/snap/manifest.json: missing; expected the snapshot's manifest.json (/data/snap/manifest.json)",
    });
    expect(run.startedAt).not.toBeNull();
    expect(run.epochsLog).toEqual([{ epoch: 1, metrics: { 'train/loss': 0.41, 'val/loss': 0.33, lr: 0.003, 'epoch/seconds': 1.02, 'epoch/samples_per_second': 95.1, 'val/exit_mae_mm': 0.042 } }]);
    expect(run.artifacts).toEqual([
      { kind: 'checkpoint', path: '/runs/run-abc123/checkpoints/last.pt', bytes: null, sha256: null },
      { kind: 'onnx', path: '/runs/run-abc123/model.onnx', bytes: 123456, sha256: 'a'.repeat(64) },
    ]);
  });

  it('keeps one value per epoch and key, the final figures apart, and lists the latest of each', () => {
    store.create(newRun('run-bbbbbb1'));
    store.applyEvent('run-bbbbbb1', { ...at(1), type: 'metrics', epoch: 1, metrics: { 'val/exit_mae_mm': 0.3, a: 1 } });
    store.applyEvent('run-bbbbbb1', { ...at(2), type: 'metrics', epoch: 1, metrics: { 'val/exit_mae_mm': 0.2 } });
    store.applyEvent('run-bbbbbb1', { ...at(3), type: 'metrics', epoch: 2, metrics: { 'val/exit_mae_mm': 0.1, a: 2 } });
    expect(store.get('run-bbbbbb1')!.epochsLog).toEqual([
      { epoch: 1, metrics: { a: 1, 'val/exit_mae_mm': 0.2 } },
      { epoch: 2, metrics: { a: 2, 'val/exit_mae_mm': 0.1 } },
    ]);
    expect(store.list()[0]!.metrics).toEqual({ a: 2, 'val/exit_mae_mm': 0.1 });
    store.applyEvent('run-bbbbbb1', { ...at(4), type: 'done', status: 'finished', reason: null, bestEpoch: 2, metrics: { 'val/exit_mae_mm': 0.05 }, model: '/m.onnx', seconds: 3 });
    // The end-of-run figure wins over the last epoch's; a key with no final figure keeps its last epoch's.
    expect(store.list()[0]!.metrics).toEqual({ a: 2, 'val/exit_mae_mm': 0.05 });
    expect(store.get('run-bbbbbb1')!.epochsLog).toHaveLength(2);
    expect(store.get('run-bbbbbb1')).toMatchObject({ model: '/m.onnx', bestEpoch: 2 });
  });

  it('a step event changes nothing; an artifact seen twice stays one row', () => {
    store.create(newRun('run-cccccc1'));
    const before = store.get('run-cccccc1');
    store.applyEvent('run-cccccc1', { ...at(1), type: 'step', phase: 'train', epoch: 1, step: 1, steps: 4, loss: 0.5 });
    expect(store.get('run-cccccc1')).toEqual(before);
    store.applyEvent('run-cccccc1', { ...at(2), type: 'checkpoint', epoch: 1, path: '/r/last.pt', kind: 'last' });
    store.applyEvent('run-cccccc1', { ...at(3), type: 'artifact', kind: 'checkpoint', path: '/r/last.pt', bytes: 10 });
    expect(store.get('run-cccccc1')!.artifacts).toEqual([{ kind: 'checkpoint', path: '/r/last.pt', bytes: 10, sha256: null }]);
  });

  it('finish sets status, exit code, error and end time; evaluation is stored whole', () => {
    store.create(newRun('run-dddddd1'));
    store.markRunning('run-dddddd1', '2026-01-01T00:00:01.000Z');
    store.finish('run-dddddd1', { status: 'failed', exitCode: 4, error: 'dataset: bad', endedAt: '2026-01-01T00:00:09.000Z' });
    expect(store.get('run-dddddd1')).toMatchObject({ status: 'failed', exitCode: 4, error: 'dataset: bad', startedAt: '2026-01-01T00:00:01.000Z', endedAt: '2026-01-01T00:00:09.000Z' });
    const evaluation = { keypoints: { exit: { n: 3, mae: 0.1, rmse: 0.2, median: 0.1, p95: 0.3, max: 0.4, bias: 0, within025: 1, within05: 1, within1: 1 } }, gripCodeExact: 0.5, extra: 'kept' };
    store.setEvaluation('run-dddddd1', evaluation);
    expect(store.get('run-dddddd1')!.evaluation).toEqual(evaluation);
    expect(store.status('run-dddddd1')).toBe('failed');
    expect(store.status('run-nonesuch')).toBeNull();
    expect(store.get('run-nonesuch')).toBeNull();
  });

  it('lists newest first and remembers what a resumed run continued', () => {
    store.create(newRun('run-eeeeee1', { createdAt: '2026-01-01T00:00:00.000Z' }));
    store.create(newRun('run-eeeeee2', { createdAt: '2026-01-02T00:00:00.000Z', resumedFrom: 'run-eeeeee1' }));
    expect(store.list().map((r) => [r.runId, r.resumedFrom])).toEqual([
      ['run-eeeeee2', 'run-eeeeee1'],
      ['run-eeeeee1', null],
    ]);
    expect(() => store.create(newRun('run-eeeeee3', { resumedFrom: 'run-notthere' }))).toThrow(/FOREIGN KEY/);
  });
});

describe('stale runs', () => {
  it('fails queued and running runs unless still running elsewhere, leaving ended ones alone', () => {
    for (const id of ['run-ffffff1', 'run-ffffff2', 'run-ffffff3', 'run-ffffff4']) store.create(newRun(id));
    store.markRunning('run-ffffff1');
    store.markRunning('run-ffffff3');
    store.finish('run-ffffff4', { status: 'finished', exitCode: 0, error: null });
    const asked: string[] = [];
    const marked = store.failStale(
      'the workstation stopped while it ran',
      (run) => {
        asked.push(`${run.runId} ${run.dir}`);
        return run.runId === 'run-ffffff3';
      },
      '2026-01-03T00:00:00.000Z',
    );
    expect(asked).toEqual(['run-ffffff1 /runs/run-ffffff1', 'run-ffffff2 /runs/run-ffffff2', 'run-ffffff3 /runs/run-ffffff3']);
    expect(marked).toEqual(['run-ffffff1', 'run-ffffff2']);
    expect(store.get('run-ffffff1')).toMatchObject({ status: 'failed', error: 'the workstation stopped while it ran', endedAt: '2026-01-03T00:00:00.000Z' });
    expect(store.status('run-ffffff3')).toBe('running');
    expect(store.status('run-ffffff4')).toBe('finished');
  });
});
