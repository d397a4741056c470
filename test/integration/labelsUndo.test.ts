/** The renderer's undo stack against the real back end: undo everything, redo everything, all durable. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Label, LabelEdit } from '../../src/shared/api/labels.contract';
import { emptyUndoStack, recordEdit, takeRedo, takeUndo, type UndoStack } from '../../src/shared/labels/undoStack';
import { tempBackend, type TempBackend } from '../helpers/tempBackend';
import { insertTestFile } from './helpers/catalogFile';

let t: TempBackend;
let fileId: number;
beforeEach(() => {
  t = tempBackend('memory');
  fileId = insertTestFile(t.backend.context.db);
});
afterEach(async () => {
  await t.cleanup();
});

type Applied = { seq: number; label: Label | null; before: Label | null };
const apply = (edit: LabelEdit) => t.backend.dispatch('labels.apply', edit) as Promise<Applied>;
const state = async () =>
  ((await t.backend.dispatch('labels.list', { fileId })) as Label[]).map((l) => ({
    id: l.id,
    classId: l.classId,
    depth: l.depth,
    depthEnd: l.depthEnd,
    value: l.value,
    source: l.source,
    confidence: l.confidence,
  }));

it('undoes a mixed sequence back to nothing and redoes it back to the same labels', async () => {
  const script: LabelEdit[] = [
    { op: 'create', fileId, label: { id: 'exit', classId: 'exit', depth: 19.1, depthEnd: null, value: null, source: 'model', confidence: 0.7 } },
    { op: 'update', fileId, id: 'exit', patch: { depth: 18.6, source: 'human', confidence: null } },
    { op: 'create', fileId, label: { id: 'cfrp', classId: 'cfrp', depth: 2, depthEnd: 11, value: null } },
    { op: 'update', fileId, id: 'cfrp', patch: { depthEnd: 11.4 } },
    { op: 'create', fileId, label: { id: 'an', classId: 'anomaly', depth: null, depthEnd: null, value: 'air cycle' } },
    { op: 'update', fileId, id: 'an', patch: { value: 'none' } },
    { op: 'delete', fileId, id: 'cfrp' },
  ];
  let stack: UndoStack = emptyUndoStack(fileId);
  const snapshots = [await state()];
  for (const edit of script) {
    stack = recordEdit(stack, edit, await apply(edit));
    snapshots.push(await state());
  }
  for (let i = script.length - 1; i >= 0; i--) {
    const step = takeUndo(stack)!;
    await apply(step.edit);
    stack = step.stack;
    expect(await state(), `after undoing edit ${i}`).toEqual(snapshots[i]);
  }
  expect(takeUndo(stack)).toBeNull();
  for (let i = 1; i <= script.length; i++) {
    const step = takeRedo(stack)!;
    await apply(step.edit);
    stack = step.stack;
    expect(await state(), `after redoing edit ${i - 1}`).toEqual(snapshots[i]);
  }
  // Every step, undo and redo alike, is one durable event in the history.
  expect(((await t.backend.dispatch('labels.history', { fileId })) as unknown[]).length).toBe(script.length * 3);
});
