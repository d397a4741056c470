/**
 * labels.changed in the renderer: two windows (annotation stores, each with its own AppApi) on one real back
 * end. Edits of one appear in the other without reopening; a window's own edits never trigger a refetch; an
 * edit in flight is never overwritten by an older snapshot (races staged with gates, not timers).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as A from '../../../src/renderer/state/annotateActions';
import { createAnnotateStore, type AnnotateStore } from '../../../src/renderer/state/annotateStore';
import { takeSnapshot } from '../../../src/renderer/state/labelBook';
import { followRemoteLabels } from '../../../src/renderer/state/remoteLabels';
import { until, workbench, type TestWindow, type Workbench } from './helpers/windows';

let bench: Workbench;
beforeAll(async () => {
  bench = await workbench(3);
});
afterAll(async () => {
  await bench?.dispose();
});

interface Open {
  w: TestWindow;
  store: AnnotateStore;
  stop: () => void;
}

const opened: Open[] = [];
/** A window with the file open and following remote changes. */
async function openWindow(fileId: number, follow = true): Promise<Open> {
  const w = bench.window();
  const store = createAnnotateStore();
  const stop = follow ? followRemoteLabels(store, w.api) : () => undefined;
  await A.openFile(store, w.api, fileId);
  const o = { w, store, stop };
  opened.push(o);
  return o;
}
afterEach(() => {
  for (const o of opened.splice(0)) {
    o.stop();
    o.w.close();
  }
});

/** Each test on a file of its own, fresh: no labels, unlabelled. */
let fileId: number;
let next = 0;
beforeEach(async () => {
  fileId = bench.fileIds[next++ % bench.fileIds.length]!;
  const labels = (await bench.backend.dispatch('labels.list', { fileId })) as Array<{ id: string }>;
  for (const l of labels) await bench.backend.dispatch('labels.apply', { op: 'delete', fileId, id: l.id });
});

const snapshots = (o: Open): number => o.w.calls.get('labels.snapshot') ?? 0;
const depthsOf = (o: Open, classId: string): number[] => o.store.getState().labels.filter((l) => l.classId === classId).map((l) => l.depth!);

describe('labels.changed in the renderer', () => {
  it("shows another window's edits, moves and deletes without reopening, and its review changes", async () => {
    const a = await openWindow(fileId);
    const b = await openWindow(fileId);
    await A.placePoint(b.store, b.w.api, 'entry', 1.5);
    await until(a.store, (s) => s.labels.some((l) => l.classId === 'entry'));
    expect(depthsOf(a, 'entry')).toEqual([1.5]);
    const id = b.store.getState().labels[0]!.id;

    A.select(a.store, id);
    await A.moveLabel(b.store, b.w.api, id, 2.25);
    await until(a.store, (s) => s.labels[0]?.depth === 2.25);
    await A.setReview(b.store, b.w.api, { verdict: 'good' });
    await until(a.store, (s) => s.review?.verdict === 'good');
    await A.deleteLabel(b.store, b.w.api, id);
    await until(a.store, (s) => s.labels.length === 0);
    // The selected label is gone, so is the selection.
    expect(a.store.getState().selectedId).toBeNull();
  });

  it("ignores its own edits' echoes: no refetch after its own edits", async () => {
    const a = await openWindow(fileId);
    const before = snapshots(a);
    await A.placePoint(a.store, a.w.api, 'entry', 1);
    await A.nudgeSelected(a.store, a.w.api, 0.5);
    await A.placePoint(a.store, a.w.api, 'exit', 9);
    await A.whenSaved(a.store);
    expect(snapshots(a)).toBe(before);
    expect(depthsOf(a, 'entry')).toEqual([1.5]);
  });

  it('ignores changes to other files', async () => {
    const a = await openWindow(fileId);
    const other = bench.fileIds.find((f) => f !== fileId)!;
    const b = await openWindow(other, false);
    const before = snapshots(a);
    await A.placePoint(b.store, b.w.api, 'entry', 3);
    expect(snapshots(a)).toBe(before);
    expect(a.store.getState().labels).toEqual([]);
  });

  it('never fetches while its own edit is in flight; fetches once it is durable, keeping that edit', async () => {
    const a = await openWindow(fileId);
    const b = await openWindow(fileId);
    const held = a.w.gate('labels.apply');
    const mine = A.placePoint(a.store, a.w.api, 'exit', 7);
    await held.reached; // durable in the back end, not yet answered to A
    const before = snapshots(a);
    await A.placePoint(b.store, b.w.api, 'entry', 2);
    expect(snapshots(a)).toBe(before);
    expect(depthsOf(a, 'exit')).toEqual([7]);
    held.release();
    await mine;
    await until(a.store, (s) => s.labels.some((l) => l.classId === 'entry'));
    expect(depthsOf(a, 'exit')).toEqual([7]);
    expect(depthsOf(a, 'entry')).toEqual([2]);
  });

  it('drops a snapshot read before a local edit started, then takes a fresh one once idle', async () => {
    const a = await openWindow(fileId);
    const b = await openWindow(fileId);
    const held = a.w.gate('labels.snapshot');
    await A.placePoint(b.store, b.w.api, 'entry', 4); // A starts fetching; the back end reads at once
    await held.reached;
    // A's own edit, made while that (older) snapshot is on its way.
    const mine = A.placePoint(a.store, a.w.api, 'exit', 8);
    held.release();
    await mine;
    await until(a.store, (s) => s.labels.some((l) => l.classId === 'entry'));
    expect(depthsOf(a, 'exit')).toEqual([8]);
    expect(depthsOf(a, 'entry')).toEqual([4]);
    expect(a.store.getState().labels).toHaveLength(2);
  });

  it('refuses a snapshot whose seq is below the revision the store is at', async () => {
    const a = await openWindow(fileId);
    const stale = await a.w.api.invoke('labels.snapshot', { fileId });
    await A.placePoint(a.store, a.w.api, 'entry', 5);
    expect(takeSnapshot(a.store, stale)).toBe(false);
    expect(depthsOf(a, 'entry')).toEqual([5]);
    const fresh = await a.w.api.invoke('labels.snapshot', { fileId });
    expect(fresh.seq).toBeGreaterThan(stale.seq);
    expect(takeSnapshot(a.store, fresh)).toBe(true);
    expect(a.store.getState().labels.map((l) => l.annotator)).toEqual(['anonymous']);
  });

  it('stops following when asked', async () => {
    const a = await openWindow(fileId);
    const b = await openWindow(fileId);
    a.stop();
    const before = snapshots(a);
    await A.placePoint(b.store, b.w.api, 'entry', 6);
    expect(snapshots(a)).toBe(before);
  });
});
