/**
 * Merging label events from another catalog (issue 10, labels ready to travel; the sync of issue 14 pulls
 * through here).
 *
 * - By event id: an event this catalog has (in its log, or kept with a conflict) is skipped, so importing
 *   the same file twice changes nothing, and events that went A → B → A come home as known.
 * - In causal order: the file's order, which is the exporting catalog's log order (the order its edits, its
 *   own and imported ones, happened there). Each new event is replayed when its `before` is this catalog's
 *   version of the label (the edit saw what we have: labelVersions.ts): the label becomes its `after`, the
 *   event joins the log with its own ids, annotator and time.
 * - Conflicts: when the event started from a version we do not have (both sides edited the label without
 *   seeing each other), or would give the file a second attribute of one class, the local label stays as it
 *   is and a conflict keeps both versions for a human (conflictStore.ts). Later events of that label join
 *   the conflict; one that shows the other side has come round to our version (it starts from it, or ends
 *   where we are) settles it.
 * - An event whose result we already have (both made the same correction) is recorded and changes nothing.
 * - An event whose file is not here, or whose label does not fit this catalog's schema, is reported and not
 *   stored, nor are the later events of that label in the file: a later import, once the file is imported
 *   or the class added, tries them again. Nothing stored here is changed by them.
 *
 * All in one IMMEDIATE transaction (it reads the labels before writing them). A preview runs exactly the
 * same merge and rolls it back, so what it reports is what an apply would do against the catalog as it is.
 */
import { ApiError } from '../../../shared/api/errors';
import type { Label } from '../../../shared/api/labels.contract';
import type { ImportEventsResult, LabelConflict, TravellingEvent } from '../../../shared/api/labelSync.contract';
import { labelProblems } from '../../../shared/labels/validateLabel';
import { LabelFindings } from '../../catalog/labelFindings';
import type { CatalogDb } from '../../db/openCatalog';
import type { FileReviewStore } from '../fileReview';
import type { LabelSchemaStore } from '../labelSchemaStore';
import type { LabelStore } from '../labelStore';
import type { ConflictStore } from './conflictStore';
import { parseEventLines } from './eventLines';
import { hasEvent, insertEvent } from './eventRows';
import { FileResolver, describeFile } from './fileIdentity';
import { deleteLabelRow, putLabelRow } from './labelRows';
import { localized, sameContent, sameVersion } from './labelVersions';

export interface ImporterDeps {
  db: CatalogDb;
  schema: LabelSchemaStore;
  review: FileReviewStore;
  labels: LabelStore;
  conflicts: ConflictStore;
  now: () => string;
}

/** Carries a preview's result out of the transaction it rolls back. */
class PreviewRollback extends Error {
  public constructor(public readonly result: ImportEventsResult) {
    super('preview: rolled back');
  }
}

type Unmatched = ImportEventsResult['unmatched'][number];

/** One import's bookkeeping. */
class Merge {
  public present = 0;
  public replayed = 0;
  public unchanged = 0;
  public readonly unmatched: Unmatched[] = [];
  public readonly conflictIds = new Set<number>();
  public readonly settled: ImportEventsResult['settled'] = [];
  public readonly changed = new Map<number, string>();
  /** Labels with an event not taken in this import: their later events cannot apply either. */
  public readonly held = new Set<string>();
  /** Event ids met in this file (a file joined from overlapping exports repeats some). */
  public readonly seen = new Set<string>();

  public refuse(line: number, e: TravellingEvent, message: string): void {
    this.unmatched.push({ line, eventId: e.eventId, labelId: e.labelId, file: e.file, message });
    this.held.add(e.labelId);
  }
}

export class EventImporter {
  public constructor(private readonly d: ImporterDeps) {}

  /** Merges the events of `text` (an events file named `name` in messages); writes only when `apply`. */
  public run(text: string, name: string, apply: boolean): ImportEventsResult {
    const lines = parseEventLines(text, name);
    try {
      return this.d.db
        .transaction((): ImportEventsResult => {
          const result = this.merge(lines);
          if (!apply) throw new PreviewRollback({ ...result, applied: false, conflicts: result.conflicts.map((c) => ({ ...c, id: null })) });
          return result;
        })
        .immediate();
    } catch (err) {
      if (err instanceof PreviewRollback) return err.result;
      throw err;
    }
  }

  private merge(lines: ReturnType<typeof parseEventLines>): ImportEventsResult {
    const { db } = this.d;
    const files = new FileResolver(db);
    const m = new Merge();
    for (const { line, event: e } of lines) {
      if (m.seen.has(e.eventId) || hasEvent(db, e.eventId)) {
        m.present++;
        continue;
      }
      m.seen.add(e.eventId);
      const where = files.resolve(e.file);
      if (where.kind === 'none') {
        m.refuse(line, e, where.message);
        continue;
      }
      if (m.held.has(e.labelId)) {
        m.refuse(line, e, `label '${e.labelId}': an earlier event of it in this file was not taken, so this one cannot apply either`);
        continue;
      }
      const current = this.d.labels.get(e.labelId);
      if (current && current.fileId !== where.fileId) {
        m.refuse(line, e, `label '${e.labelId}' belongs to file ${current.fileId} here, not to ${where.path} (${describeFile(e.file)})`);
        continue;
      }
      const before = localized(e.before, where.fileId);
      const after = localized(e.after, where.fileId);
      const problem = after ? this.problemOf(after) : null;
      if (problem) {
        m.refuse(line, e, problem);
        continue;
      }
      this.take(m, e, { fileId: where.fileId, path: where.path, current, before, after });
    }
    // Label findings follow the labels in the same transaction, as they do for every local edit.
    const findings = new LabelFindings(db);
    for (const fileId of m.changed.keys()) findings.refresh(fileId);
    return {
      applied: true,
      events: lines.length,
      present: m.present,
      replayed: m.replayed,
      unchanged: m.unchanged,
      conflicts: [...m.conflictIds].map((id) => this.d.conflicts.get(id)),
      settled: m.settled,
      unmatched: m.unmatched,
      files: [...m.changed].map(([fileId, path]) => ({ fileId, path })),
    };
  }

  /** One new event of a file that is here, whose label fits the schema. */
  private take(m: Merge, e: TravellingEvent, x: { fileId: number; path: string; current: Label | null; before: Label | null; after: Label | null }): void {
    const open = this.d.conflicts.openFor(e.labelId);
    const fileJson = JSON.stringify(e.file);
    const flag = (reason: LabelConflict['reason'], local: Label | null): void => {
      if (open !== null) {
        this.d.conflicts.join(open, x.after, e, fileJson);
        m.conflictIds.add(open);
        return;
      }
      const id = this.d.conflicts.open(
        { fileId: x.fileId, labelId: e.labelId, reason, localLabelId: local?.id ?? e.labelId, local, base: x.before, theirs: x.after, detectedAt: this.d.now() },
        e,
        fileJson,
      );
      m.conflictIds.add(id);
    };
    let seq: number;
    if (sameVersion(x.before, x.current)) {
      const clash = x.after ? this.attributeClash(x.after) : null;
      if (clash) return flag('attribute_clash', clash);
      seq = this.replay(e, x.fileId, x.before, x.after);
      m.replayed++;
      m.changed.set(x.fileId, x.path);
    } else if (sameContent(x.after, x.current)) {
      seq = insertEvent(this.d.db, { ...e, fileId: x.fileId, before: x.before, after: x.after });
      m.unchanged++;
    } else {
      return flag('concurrent_edit', x.current);
    }
    if (open !== null) {
      // They started from our version, or ended at it: they have seen both and come round to one.
      this.d.conflicts.resolve(open, 'settled', e.annotator, this.d.now(), seq);
      m.settled.push({ id: open, labelId: e.labelId, fileId: x.fileId });
    }
  }

  /** The label becomes the event's `after`; the event joins the log. Returns its seq. */
  private replay(e: TravellingEvent, fileId: number, before: Label | null, after: Label | null): number {
    const seq = insertEvent(this.d.db, { ...e, fileId, before, after });
    if (after) putLabelRow(this.d.db, after);
    else deleteLabelRow(this.d.db, e.labelId);
    // As LabelStore.apply does: a confirmed human label, or an accepted proposal, starts the file's review.
    if (after && after.state === 'confirmed' && (after.source === 'human' || before?.state === 'proposed')) this.d.review.startIfUnlabelled(fileId, e.annotator);
    return seq;
  }

  private problemOf(label: Label): string | null {
    const cls = this.d.schema.getClass(label.classId);
    if (!cls) {
      const known = this.d.schema.get().classes.map((c) => c.id).join(', ');
      return `label '${label.id}': class '${label.classId}' is not in this catalog's label schema (known: ${known}); add the class, then import again`;
    }
    const problems = labelProblems(label, cls);
    return problems.length ? `label '${label.id}' does not fit this catalog's class '${cls.id}': ${problems.join('; ')}` : null;
  }

  /** The file's own attribute of the label's class, when taking the label would make two. */
  private attributeClash(label: Label): Label | null {
    if (this.d.schema.getClass(label.classId)?.kind !== 'attribute' || label.state === 'rejected') return null;
    const other = this.d.db
      .prepare("SELECT id FROM labels WHERE file_id = ? AND class_id = ? AND id != ? AND state != 'rejected'")
      .pluck()
      .get(label.fileId, label.classId, label.id) as string | undefined;
    if (other === undefined) return null;
    const found = this.d.labels.get(other);
    if (!found) throw new ApiError('internal', `label '${other}' vanished while importing events`);
    return found;
  }
}
