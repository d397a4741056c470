import { describe, expect, it } from 'vitest';
import type { Label, LabelEdit } from '../../../src/shared/api/labels.contract';
import { inverseEdit, labelFromDraft } from '../../../src/shared/labels/labelEditOps';
import { canRedo, canUndo, emptyUndoStack, recordEdit, takeRedo, takeUndo, type UndoStack } from '../../../src/shared/labels/undoStack';

const FILE = 7;
const label = (over: Partial<Label> = {}): Label => ({
  ...labelFromDraft(FILE, { id: 'l1', classId: 'exit', depth: 18, depthEnd: null, value: null }, 'ann', '2025-01-01T00:00:00.000Z'),
  ...over,
});
const create: LabelEdit = { op: 'create', fileId: FILE, label: { id: 'l1', classId: 'exit', depth: 18, depthEnd: null, value: null } };
const move = (depth: number): LabelEdit => ({ op: 'update', fileId: FILE, id: 'l1', patch: { depth } });

describe('inverseEdit', () => {
  it('undoes a create with a delete', () => {
    expect(inverseEdit(create, { label: label(), before: null })).toEqual({ op: 'delete', fileId: FILE, id: 'l1' });
  });

  it('undoes a delete by re-creating the whole label, source, confidence, state and origin included', () => {
    const origin = { depth: 18, depthEnd: null, value: null, source: 'model' as const, provenance: 'model:m1', confidence: 0.8 };
    const before = label({ source: 'model', confidence: 0.8, state: 'proposed', provenance: 'model:m1', origin, details: { sampleIndex: 7 } });
    expect(inverseEdit({ op: 'delete', fileId: FILE, id: 'l1' }, { label: null, before })).toEqual({
      op: 'create',
      fileId: FILE,
      label: { id: 'l1', classId: 'exit', depth: 18, depthEnd: null, value: null, source: 'model', confidence: 0.8, state: 'proposed', provenance: 'model:m1', origin, details: { sampleIndex: 7 } },
    });
  });

  it('undoes an update by restoring the patched fields and any the back end changed', () => {
    const before = label({ depth: 18, source: 'model', confidence: 0.7 });
    const after = label({ depth: 18.4, source: 'human', confidence: null });
    const edit: LabelEdit = { op: 'update', fileId: FILE, id: 'l1', patch: { depth: 18.4, source: 'human' } };
    expect(inverseEdit(edit, { label: after, before })).toEqual({ op: 'update', fileId: FILE, id: 'l1', patch: { depth: 18, source: 'model', confidence: 0.7 } });
  });

  it('refuses to invert without the stored before/after', () => {
    expect(() => inverseEdit({ op: 'delete', fileId: FILE, id: 'l1' }, { label: null, before: null })).toThrow(/no 'before'/);
  });
});

describe('undo stack', () => {
  const afterCreate = (s: UndoStack) => recordEdit(s, create, { label: label(), before: null });
  const afterMove = (s: UndoStack, from: number, to: number) => recordEdit(s, move(to), { label: label({ depth: to }), before: label({ depth: from }) });

  it('undoes and redoes in order', () => {
    let s = afterMove(afterMove(afterCreate(emptyUndoStack(FILE)), 18, 19), 19, 20);
    const u1 = takeUndo(s)!;
    expect(u1.edit).toEqual({ op: 'update', fileId: FILE, id: 'l1', patch: { depth: 19 } });
    s = u1.stack;
    const u2 = takeUndo(s)!;
    expect(u2.edit).toEqual({ op: 'update', fileId: FILE, id: 'l1', patch: { depth: 18 } });
    s = u2.stack;
    const u3 = takeUndo(s)!;
    expect(u3.edit).toEqual({ op: 'delete', fileId: FILE, id: 'l1' });
    s = u3.stack;
    expect(takeUndo(s)).toBeNull();
    expect(canUndo(s)).toBe(false);
    expect(canRedo(s)).toBe(true);

    const r1 = takeRedo(s)!;
    expect(r1.edit).toBe(create);
    const r2 = takeRedo(r1.stack)!;
    expect(r2.edit).toEqual(move(19));
    s = r2.stack;
    expect(takeUndo(s)!.edit).toEqual({ op: 'update', fileId: FILE, id: 'l1', patch: { depth: 18 } });
  });

  it('clears the redo branch on a new edit', () => {
    let s = afterMove(afterCreate(emptyUndoStack(FILE)), 18, 19);
    s = takeUndo(s)!.stack;
    expect(canRedo(s)).toBe(true);
    s = afterMove(s, 18, 25);
    expect(canRedo(s)).toBe(false);
    expect(takeRedo(s)).toBeNull();
    expect(takeUndo(s)!.edit).toEqual({ op: 'update', fileId: FILE, id: 'l1', patch: { depth: 18 } });
  });

  it('leaves the stack unchanged until the caller keeps the new one (a failed apply commits nothing)', () => {
    const s = afterCreate(emptyUndoStack(FILE));
    takeUndo(s);
    expect(s.undo).toHaveLength(1);
    expect(s.redo).toHaveLength(0);
  });

  it('is bounded: the oldest edits fall off', () => {
    let s = afterCreate(emptyUndoStack(FILE, 3));
    for (let d = 18; d < 23; d++) s = afterMove(s, d, d + 1);
    expect(s.undo).toHaveLength(3);
    const undone: number[] = [];
    for (let step = takeUndo(s); step; step = takeUndo(step.stack)) undone.push((step.edit as { patch: { depth: number } }).patch.depth);
    expect(undone).toEqual([22, 21, 20]);
    expect(() => emptyUndoStack(FILE, 0)).toThrow(/positive integer/);
  });

  it('belongs to one file', () => {
    expect(() => recordEdit(emptyUndoStack(FILE + 1), create, { label: label(), before: null })).toThrow(/file 7.*file 8/);
  });
});
