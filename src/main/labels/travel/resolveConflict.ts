/**
 * A human settles a label conflict by keeping one version.
 *
 * - theirs: ordinary label edits through LabelStore.apply (create, update or delete, as it takes to make the
 *   label theirs; for an attribute clash our attribute is deleted first), so the choice is in the history,
 *   undoable, and durable like any edit. When the other installation imports it, it ends where they
 *   already are, which settles their side of the conflict.
 * - local: our label stays as it is. For a concurrent edit one event is logged that goes from their version
 *   to ours (the label row does not change): imported on their side it starts from what they have, so it
 *   is replayed there and both catalogs end on our version. For an attribute clash nothing is written: their
 *   label never came here, and their side decides on its own conflict.
 * Both in one IMMEDIATE transaction with marking the conflict resolved.
 */
import { ApiError } from '../../../shared/api/errors';
import type { Label, LabelEdit } from '../../../shared/api/labels.contract';
import type { LabelConflict } from '../../../shared/api/labelSync.contract';
import { DRAFT_FIELDS, draftOf } from '../../../shared/labels/labelEditOps';
import type { CatalogDb } from '../../db/openCatalog';
import type { LabelStore } from '../labelStore';
import type { ConflictStore } from './conflictStore';
import { newEventIds } from './eventIds';
import { insertEvent, newestSeq } from './eventRows';
import { sameContent, sameVersion } from './labelVersions';

export interface ResolveDeps {
  db: CatalogDb;
  labels: LabelStore;
  conflicts: ConflictStore;
  now: () => string;
}

export interface Resolved {
  conflict: LabelConflict;
  /** The label now in effect (null: none). */
  label: Label | null;
  /** The file's newest event seq afterwards. */
  seq: number;
}

/** The edit that makes `current` (null: absent) into `target` (null: deleted); null when nothing is to change. */
function editTowards(fileId: number, id: string, current: Label | null, target: Label | null): LabelEdit | null {
  if (target === null) return current === null ? null : { op: 'delete', fileId, id };
  if (current === null) return { op: 'create', fileId, label: draftOf(target) };
  if (sameContent(current, target)) return null;
  const patch = Object.fromEntries(DRAFT_FIELDS.map((f) => [f, target[f]])) as Extract<LabelEdit, { op: 'update' }>['patch'];
  return { op: 'update', fileId, id, patch };
}

export function resolveConflict(d: ResolveDeps, id: number, keep: 'local' | 'theirs', who: string): Resolved {
  return d.db
    .transaction((): Resolved => {
      const c = d.conflicts.get(id);
      if (c.resolution !== null) {
        throw new ApiError('conflict', `label conflict ${id} is already resolved (${c.resolution}, by ${c.resolvedBy ?? '?'} at ${c.resolvedAt ?? '?'})`);
      }
      const at = d.now();
      let seq: number | null = null;
      if (keep === 'theirs') {
        if (c.reason === 'attribute_clash' && c.localLabelId !== c.labelId && d.labels.get(c.localLabelId)) {
          seq = d.labels.apply({ op: 'delete', fileId: c.fileId, id: c.localLabelId }, who).seq;
        }
        const edit = editTowards(c.fileId, c.labelId, d.labels.get(c.labelId), c.theirs);
        if (edit) seq = d.labels.apply(edit, who).seq;
      } else if (c.reason === 'concurrent_edit') {
        const ours = d.labels.get(c.labelId);
        if (!sameVersion(ours, c.theirs)) {
          const op = c.theirs === null ? 'create' : ours === null ? 'delete' : 'update';
          seq = insertEvent(d.db, { ...newEventIds(d.db), fileId: c.fileId, labelId: c.labelId, op, annotator: who, at, before: c.theirs, after: ours });
        }
      }
      d.conflicts.resolve(id, keep, who, at, seq);
      return { conflict: d.conflicts.get(id), label: d.labels.get(keep === 'theirs' ? c.labelId : c.localLabelId), seq: newestSeq(d.db, c.fileId) };
    })
    .immediate();
}
