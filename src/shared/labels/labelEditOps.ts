/**
 * Inverse edits. Undo never rewinds the database: it applies the inverse edit like any other edit, so an
 * undo is durable, attributed and in the history like everything else (ARCHITECTURE §12).
 */
import type { z } from 'zod';
import type { Label, LabelDraft, LabelEdit } from '../api/labels.contract';

export type LabelDraftValue = z.infer<typeof LabelDraft>;

/** What `labels.apply` returns: the label after the edit (null after a delete) and before it (null after a create). */
export interface AppliedEdit {
  label: Label | null;
  before: Label | null;
}

/** The fields a client may set on a label (the rest is stamped by the back end). */
export const DRAFT_FIELDS = ['classId', 'depth', 'depthEnd', 'value', 'source', 'confidence', 'state', 'provenance', 'details'] as const;
type DraftField = (typeof DRAFT_FIELDS)[number];
type Patch = Partial<Pick<Label, DraftField>>;

/** The create-draft that reproduces a stored label (used to undo a delete). */
export function draftOf(label: Label): LabelDraftValue {
  return {
    id: label.id,
    classId: label.classId,
    depth: label.depth,
    depthEnd: label.depthEnd,
    value: label.value,
    source: label.source,
    confidence: label.confidence,
    state: label.state,
    provenance: label.provenance,
    origin: label.origin,
    details: label.details,
  };
}

function need(label: Label | null, what: string, edit: LabelEdit): Label {
  if (!label) throw new Error(`cannot invert ${edit.op} of label '${edit.op === 'create' ? edit.label.id : edit.id}': the result has no '${what}'`);
  return label;
}

/**
 * The edit that undoes `edit`, given what applying it returned.
 * create → delete; delete → create of the old label; update → update restoring the old values of every
 * field the edit set or the back end changed.
 */
/** The stored label a `create` edit makes: the back end and the renderer's optimistic copy build it alike. */
export function labelFromDraft(fileId: number, d: LabelDraftValue, annotator: string, at: string): Label {
  return {
    id: d.id,
    fileId,
    classId: d.classId,
    depth: d.depth,
    depthEnd: d.depthEnd,
    value: d.value,
    source: d.source ?? 'human',
    confidence: d.confidence ?? null,
    state: d.state ?? 'confirmed',
    provenance: d.provenance ?? null,
    origin: d.origin ?? null,
    details: d.details ?? null,
    annotator,
    createdAt: at,
    updatedAt: at,
  };
}

export function inverseEdit(edit: LabelEdit, applied: AppliedEdit): LabelEdit {
  switch (edit.op) {
    case 'create':
      return { op: 'delete', fileId: edit.fileId, id: need(applied.label, 'label', edit).id };
    case 'delete':
      return { op: 'create', fileId: edit.fileId, label: draftOf(need(applied.before, 'before', edit)) };
    case 'update': {
      const before = need(applied.before, 'before', edit);
      const after = need(applied.label, 'label', edit);
      const patch: Patch = {};
      for (const field of DRAFT_FIELDS) {
        if (field in edit.patch || before[field] !== after[field]) (patch as Record<DraftField, unknown>)[field] = before[field];
      }
      return { op: 'update', fileId: edit.fileId, id: edit.id, patch };
    }
  }
}
