/**
 * `started`: labels.apply says whether the edit moved the file from unlabelled to in progress, and the
 * annotation store takes the file's status from that answer instead of guessing the back end's rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '../../../src/renderer/state/annotateActions';
import { createAnnotateStore } from '../../../src/renderer/state/annotateStore';
import { workbench, type Workbench } from './helpers/windows';

let bench: Workbench;
beforeAll(async () => {
  bench = await workbench(3);
});
afterAll(async () => {
  await bench?.dispose();
});

const draft = (id: string, source?: 'human' | 'model') => ({ id, classId: 'exit', depth: 12, depthEnd: null, value: null, ...(source && { source }) });

describe('labels.apply → started', () => {
  it('is true only for the edit that moved the file to in progress', async () => {
    const fileId = bench.fileIds[0]!;
    const { api } = bench.window();
    const model = await api.invoke('labels.apply', { op: 'create', fileId, label: { ...draft('m', 'model'), confidence: 0.8 } });
    expect(model.started).toBe(false);
    const first = await api.invoke('labels.apply', { op: 'create', fileId, label: draft('h1', 'human') });
    expect(first.started).toBe(true);
    const second = await api.invoke('labels.apply', { op: 'update', fileId, id: 'h1', patch: { depth: 13 } });
    expect(second.started).toBe(false);
    expect((await api.invoke('files.getReview', { fileId })).status).toBe('in_progress');
  });

  it('the store follows the answer: in progress when started', async () => {
    const fileId = bench.fileIds[1]!;
    const { api } = bench.window();
    const store = createAnnotateStore();
    await A.openFile(store, api, fileId);
    expect(store.getState().review?.status).toBe('unlabelled');
    await A.placePoint(store, api, 'entry', 1);
    expect(store.getState().review?.status).toBe('in_progress');
  });

  it('the store does not guess: a first human label on a file reviewed elsewhere leaves its status to the back end', async () => {
    const fileId = bench.fileIds[2]!;
    const here = bench.window();
    const elsewhere = bench.window();
    const store = createAnnotateStore();
    await A.openFile(store, here.api, fileId);
    expect(store.getState().review?.status).toBe('unlabelled');
    // Another window marks the file reviewed; this store (not following) still shows unlabelled.
    await elsewhere.api.invoke('files.setReview', { fileId, status: 'reviewed' });
    await A.placePoint(store, here.api, 'entry', 1);
    // The back end did not start the file (it is reviewed): the store did not invent in_progress.
    expect((await here.api.invoke('files.getReview', { fileId })).status).toBe('reviewed');
    expect(store.getState().review?.status).toBe('unlabelled');
  });
});
