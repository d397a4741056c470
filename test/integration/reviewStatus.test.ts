/**
 * The review status follows the labels, through the real back end (dispatch on a temporary catalog): the first
 * label starts the file, undoing every label makes it unlabelled again (no labels, no verdict), a verdict keeps
 * the status, an explicitly set status is kept until a label edit, and all of it reads the same after the back
 * end is closed and the catalog opened again (a reload).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import type { Label, LabelEdit } from '../../src/shared/api/labels.contract';
import { emptyUndoStack, recordEdit, takeUndo, type UndoStack } from '../../src/shared/labels/undoStack';
import { insertTestFile } from './helpers/catalogFile';

let dir: string;
let catalogPath: string;
let backend: Backend;
let fileId: number;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-review-status-'));
  catalogPath = path.join(dir, 'catalog.sqlite');
  backend = createBackend({ host: 'memory', catalogPath });
  fileId = insertTestFile(backend.context.db);
});
afterEach(async () => {
  await backend.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Applied = { seq: number; label: Label | null; before: Label | null; started: boolean };
const apply = (edit: LabelEdit) => backend.dispatch('labels.apply', edit) as Promise<Applied>;
const review = () => backend.dispatch('files.getReview', { fileId }) as Promise<{ status: string; verdict: string | null }>;
const setReview = (change: { status?: string; verdict?: string | null }) => backend.dispatch('files.setReview', { fileId, ...change });

/** Close the back end and open the catalog again, as a restarted app does. */
async function reload(): Promise<void> {
  await backend.dispose();
  backend = createBackend({ host: 'memory', catalogPath });
}

const point = (id: string, classId: string, depth: number): LabelEdit => ({ op: 'create', fileId, label: { id, classId, depth, depthEnd: null, value: null } });

/** Apply edits the way the renderer does, keeping its undo stack. */
async function applyAll(edits: LabelEdit[], stack: UndoStack = emptyUndoStack(fileId)): Promise<UndoStack> {
  for (const edit of edits) stack = recordEdit(stack, edit, await apply(edit));
  return stack;
}

async function undoAll(stack: UndoStack): Promise<void> {
  for (let step = takeUndo(stack); step; step = takeUndo(step.stack)) await apply(step.edit);
}

describe('the review status follows the labels', () => {
  it('first label → in progress; undoing every label → unlabelled, also after a reload', async () => {
    expect(await review()).toMatchObject({ status: 'unlabelled', verdict: null });
    const stack = await applyAll([point('e', 'entry', 2), point('x', 'exit', 18), { op: 'update', fileId, id: 'x', patch: { depth: 18.5 } }]);
    expect(await review()).toMatchObject({ status: 'in_progress' });
    await reload();
    expect(await review()).toMatchObject({ status: 'in_progress' });

    // Undo down to one label: still in progress.
    let step = takeUndo(stack)!;
    await apply(step.edit);
    step = takeUndo(step.stack)!;
    await apply(step.edit);
    expect(await review()).toMatchObject({ status: 'in_progress' });
    // The last one goes: nothing labelled any more.
    await undoAll(step.stack);
    expect(await backend.dispatch('labels.list', { fileId })).toEqual([]);
    expect(await review()).toEqual({ fileId, status: 'unlabelled', verdict: null });
    await reload();
    expect(await review()).toEqual({ fileId, status: 'unlabelled', verdict: null });
    const row = ((await backend.dispatch('catalog.listFiles', {})) as { id: number; status: string }[]).find((f) => f.id === fileId);
    expect(row?.status).toBe('unlabelled');
  });

  it('a labelled or reviewed file whose last label is deleted is unlabelled again', async () => {
    await applyAll([point('e', 'entry', 2)]);
    await setReview({ status: 'reviewed' });
    await apply({ op: 'delete', fileId, id: 'e' });
    expect(await review()).toMatchObject({ status: 'unlabelled', verdict: null });
  });

  it('a verdict keeps the status when the last label goes', async () => {
    await applyAll([point('e', 'entry', 2)]);
    await setReview({ status: 'reviewed', verdict: 'algorithm_error' });
    await apply({ op: 'delete', fileId, id: 'e' });
    expect(await review()).toMatchObject({ status: 'reviewed', verdict: 'algorithm_error' });
    await reload();
    expect(await review()).toMatchObject({ status: 'reviewed', verdict: 'algorithm_error' });
  });

  it('an accepted proposal starts the file; undoing the accept (a proposal again) makes it unlabelled', async () => {
    await apply({
      op: 'create',
      fileId,
      label: { id: 'p', classId: 'exit', depth: 18, depthEnd: null, value: null, source: 'stepcode', confidence: 0.9, state: 'proposed', provenance: 'stepcode@1' },
    });
    expect(await review()).toMatchObject({ status: 'unlabelled' });
    const stack = await applyAll([{ op: 'update', fileId, id: 'p', patch: { state: 'confirmed' } }]);
    expect(await review()).toMatchObject({ status: 'in_progress' });
    await undoAll(stack);
    expect((await backend.dispatch('labels.list', { fileId })) as Label[]).toEqual([expect.objectContaining({ id: 'p', state: 'proposed' })]);
    expect(await review()).toMatchObject({ status: 'unlabelled' });
  });

  it('a status set explicitly on a file without labels is kept until a label edit', async () => {
    await setReview({ status: 'labelled' });
    await reload();
    expect(await review()).toMatchObject({ status: 'labelled' });
    // Proposals (made or rejected) are no labels and change nothing.
    await apply({ op: 'create', fileId, label: { id: 'p', classId: 'exit', depth: 18, depthEnd: null, value: null, source: 'stepcode', confidence: 0.9, state: 'proposed' } });
    await apply({ op: 'update', fileId, id: 'p', patch: { state: 'rejected' } });
    expect(await review()).toMatchObject({ status: 'labelled' });
    await applyAll([point('e', 'entry', 2)]);
    await apply({ op: 'delete', fileId, id: 'e' });
    expect(await review()).toMatchObject({ status: 'unlabelled' });
  });

  it('the status change is part of the label edit: when it cannot be written, the delete is undone too', async () => {
    await applyAll([point('e', 'entry', 2)]);
    const db = backend.context.db;
    db.exec("CREATE TEMP TRIGGER inject_failure BEFORE UPDATE ON file_review BEGIN SELECT RAISE(ABORT, 'injected failure in file_review'); END");
    await expect(apply({ op: 'delete', fileId, id: 'e' })).rejects.toThrow(/injected failure in file_review/);
    db.exec('DROP TRIGGER inject_failure');
    expect(((await backend.dispatch('labels.list', { fileId })) as Label[]).map((l) => l.id)).toEqual(['e']);
    expect(await review()).toMatchObject({ status: 'in_progress' });
    // Once the failure is gone the same delete goes through, and the status with it.
    await apply({ op: 'delete', fileId, id: 'e' });
    expect(await review()).toMatchObject({ status: 'unlabelled' });
  });
});
