/**
 * Per-file undo/redo of label edits for the renderer. Immutable values, so it drops into a zustand store
 * and a failed apply simply does not commit the new stack:
 *
 *   const step = takeUndo(stack);               // null when there is nothing to undo
 *   if (step) { await api.invoke('labels.apply', step.edit); stack = step.stack; }
 *
 * Record only the user's own edits (record: 'now'); loading, pre-labels and sync results are not undoable.
 */
import type { LabelEdit } from '../api/labels.contract';
import { inverseEdit, type AppliedEdit } from './labelEditOps';

export interface UndoEntry {
  /** The edit as the user made it: what redo applies again. */
  readonly edit: LabelEdit;
  /** The edit that reverses it: what undo applies. */
  readonly inverse: LabelEdit;
}

export interface UndoStack {
  readonly fileId: number;
  /** Oldest first; the last entry is undone next. */
  readonly undo: readonly UndoEntry[];
  /** Oldest first; the last entry is redone next. */
  readonly redo: readonly UndoEntry[];
  readonly limit: number;
}

export const DEFAULT_UNDO_LIMIT = 200;

export function emptyUndoStack(fileId: number, limit = DEFAULT_UNDO_LIMIT): UndoStack {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`undo limit must be a positive integer, got ${limit}`);
  return { fileId, undo: [], redo: [], limit };
}

/** After an edit was applied: remember how to reverse it. A new edit ends the redo branch. */
export function recordEdit(stack: UndoStack, edit: LabelEdit, applied: AppliedEdit): UndoStack {
  if (edit.fileId !== stack.fileId) throw new Error(`edit of file ${edit.fileId} recorded on the undo stack of file ${stack.fileId}`);
  const undo = [...stack.undo, { edit, inverse: inverseEdit(edit, applied) }];
  // Bounded: the oldest edits fall off the bottom.
  return { ...stack, undo: undo.length > stack.limit ? undo.slice(undo.length - stack.limit) : undo, redo: [] };
}

export interface UndoStep {
  /** The edit to apply through labels.apply. */
  readonly edit: LabelEdit;
  /** The stack to keep once that edit succeeded. */
  readonly stack: UndoStack;
}

export function takeUndo(stack: UndoStack): UndoStep | null {
  const entry = stack.undo.at(-1);
  if (!entry) return null;
  return { edit: entry.inverse, stack: { ...stack, undo: stack.undo.slice(0, -1), redo: [...stack.redo, entry] } };
}

export function takeRedo(stack: UndoStack): UndoStep | null {
  const entry = stack.redo.at(-1);
  if (!entry) return null;
  return { edit: entry.edit, stack: { ...stack, undo: [...stack.undo, entry], redo: stack.redo.slice(0, -1) } };
}

export const canUndo = (stack: UndoStack): boolean => stack.undo.length > 0;
export const canRedo = (stack: UndoStack): boolean => stack.redo.length > 0;
