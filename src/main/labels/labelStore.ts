/**
 * Labels of catalog files and their edit log. Plain class over the better-sqlite3 handle (no Electron), so
 * the desktop app, the web host, the CLI and tests share it.
 *
 * Every edit is one transaction that writes the label row and its event row together; `apply` returns only
 * after COMMIT, so whatever the UI shows as saved survives a crash (WAL, synchronous=NORMAL: see
 * openCatalog). Undo is not special: it is the inverse edit, applied and logged like any other.
 *
 * The same transaction recomputes the file's label findings (V36–V39) and its finding counts
 * (catalog/labelFindings.ts): a committed edit never shows yesterday's findings, and a failed one changes
 * neither the label nor its findings.
 *
 * The transaction is IMMEDIATE: it reads (the file, the label) before it writes, and a deferred one fails
 * at once with SQLITE_BUSY_SNAPSHOT when another process (a CLI import) committed in between; taking the
 * write lock first makes the two take turns within the busy timeout instead.
 */
import type { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import type { Label, LabelEdit, LabelEvent as LabelEventSchema } from '../../shared/api/labels.contract';
import { labelProblems } from '../../shared/labels/validateLabel';
import { labelFromDraft } from '../../shared/labels/labelEditOps';
import { LabelFindings } from '../catalog/labelFindings';
import type { CatalogDb } from '../db/openCatalog';
import type { FileReviewStore } from './fileReview';
import type { LabelSchemaStore } from './labelSchemaStore';
import { requireFile } from './requireFile';

export type LabelEvent = z.infer<typeof LabelEventSchema>;

export interface ApplyResult {
  seq: number;
  /** The label after the edit; null after a delete. */
  label: Label | null;
  /** The label before the edit; null before a create. */
  before: Label | null;
  /** True when this edit moved the file from unlabelled to in_progress. */
  started: boolean;
}

interface LabelRow {
  id: string;
  file_id: number;
  class_id: string;
  depth: number | null;
  depth_end: number | null;
  value: string | null;
  source: Label['source'];
  confidence: number | null;
  annotator: string;
  created_at: string;
  updated_at: string;
}

interface EventRow {
  seq: number;
  file_id: number;
  label_id: string;
  op: LabelEvent['op'];
  annotator: string;
  at: string;
  before: string | null;
  after: string | null;
}

function fromRow(r: LabelRow): Label {
  return {
    id: r.id,
    fileId: r.file_id,
    classId: r.class_id,
    depth: r.depth,
    depthEnd: r.depth_end,
    value: r.value === null ? null : (JSON.parse(r.value) as Label['value']),
    source: r.source,
    confidence: r.confidence,
    annotator: r.annotator,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toParams(l: Label): Record<string, unknown> {
  return {
    id: l.id,
    fileId: l.fileId,
    classId: l.classId,
    depth: l.depth,
    depthEnd: l.depthEnd,
    value: l.value === null ? null : JSON.stringify(l.value),
    source: l.source,
    confidence: l.confidence,
    annotator: l.annotator,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
  };
}

export class LabelStore {
  private readonly findings: LabelFindings;
  private readonly newestSeq;

  public constructor(
    private readonly db: CatalogDb,
    private readonly schema: LabelSchemaStore,
    private readonly review: FileReviewStore,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    this.findings = new LabelFindings(db);
    // One lookup in label_events_by_file.
    this.newestSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM label_events WHERE file_id = ?').pluck();
  }

  /** Labels of one file: points and ranges by depth, then file attributes. */
  public list(fileId: number): Label[] {
    requireFile(this.db, fileId);
    const rows = this.db.prepare('SELECT * FROM labels WHERE file_id = ? ORDER BY depth IS NULL, depth, depth_end, id').all(fileId) as LabelRow[];
    return rows.map(fromRow);
  }

  public get(id: string): Label | null {
    const row = this.db.prepare('SELECT * FROM labels WHERE id = ?').get(id) as LabelRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** The edit log of one file, oldest first. */
  public history(fileId: number): LabelEvent[] {
    requireFile(this.db, fileId);
    const rows = this.db.prepare('SELECT * FROM label_events WHERE file_id = ? ORDER BY seq').all(fileId) as EventRow[];
    return rows.map((r) => ({
      seq: r.seq,
      fileId: r.file_id,
      labelId: r.label_id,
      op: r.op,
      annotator: r.annotator,
      at: r.at,
      before: r.before === null ? null : (JSON.parse(r.before) as Label),
      after: r.after === null ? null : (JSON.parse(r.after) as Label),
    }));
  }

  /** The revision a file's labels are at: the seq of its newest edit event, 0 before the first. */
  public latestSeq(fileId: number): number {
    return this.newestSeq.get(fileId) as number;
  }

  /** Apply one edit in one transaction, stamped with who and when. */
  public apply(edit: LabelEdit, annotator: string): ApplyResult {
    return this.db.transaction((): ApplyResult => {
      requireFile(this.db, edit.fileId);
      const at = this.now();
      let before: Label | null = null;
      let after: Label | null = null;
      let labelId: string;
      switch (edit.op) {
        case 'create': {
          labelId = edit.label.id;
          const clash = this.get(labelId);
          if (clash) throw new ApiError('conflict', `label '${labelId}' already exists (on file ${clash.fileId}); create needs a new id`);
          after = labelFromDraft(edit.fileId, edit.label, annotator, at);
          this.validate(after);
          this.db
            .prepare(
              `INSERT INTO labels (id, file_id, class_id, depth, depth_end, value, source, confidence, annotator, created_at, updated_at)
               VALUES (@id, @fileId, @classId, @depth, @depthEnd, @value, @source, @confidence, @annotator, @createdAt, @updatedAt)`,
            )
            .run(toParams(after));
          break;
        }
        case 'update': {
          labelId = edit.id;
          before = this.existing(edit.fileId, labelId, 'update');
          const patch = Object.fromEntries(Object.entries(edit.patch).filter(([, v]) => v !== undefined));
          if (Object.keys(patch).length === 0) throw new ApiError('invalid_payload', `update of label '${labelId}': the patch is empty`);
          // The label's annotator is whoever wrote it last; the events keep everyone before.
          after = { ...before, ...patch, annotator, updatedAt: at };
          this.validate(after);
          this.db
            .prepare(
              `UPDATE labels SET class_id = @classId, depth = @depth, depth_end = @depthEnd, value = @value, source = @source,
                 confidence = @confidence, annotator = @annotator, updated_at = @updatedAt WHERE id = @id`,
            )
            .run(toParams(after));
          break;
        }
        case 'delete': {
          labelId = edit.id;
          before = this.existing(edit.fileId, labelId, 'delete');
          this.db.prepare('DELETE FROM labels WHERE id = ?').run(labelId);
          break;
        }
      }
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO label_events (file_id, label_id, op, annotator, at, "before", "after") VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(edit.fileId, labelId, edit.op, annotator, at, before && JSON.stringify(before), after && JSON.stringify(after));
      const started = after?.source === 'human' ? this.review.startIfUnlabelled(edit.fileId, annotator) : false;
      this.findings.refresh(edit.fileId);
      return { seq: Number(lastInsertRowid), label: after, before, started };
    }).immediate();
  }

  private existing(fileId: number, id: string, op: string): Label {
    const label = this.get(id);
    if (!label) throw new ApiError('not_found', `${op} of label '${id}': no such label`);
    if (label.fileId !== fileId) throw new ApiError('not_found', `${op} of label '${id}': it belongs to file ${label.fileId}, not file ${fileId}`);
    return label;
  }

  private validate(label: Label): void {
    const cls = this.schema.getClass(label.classId);
    if (!cls) {
      const known = this.schema.get().classes.map((c) => c.id).join(', ');
      throw new ApiError('invalid_payload', `label '${label.id}': class '${label.classId}' is not in the label schema (known: ${known})`);
    }
    const problems = labelProblems(label, cls);
    if (problems.length) throw new ApiError('invalid_payload', problems.join('; '), { problems });
    if (cls.kind === 'attribute') {
      // An attribute is one fact about the file: a second one would leave readers guessing which holds.
      const other = this.db
        .prepare('SELECT id FROM labels WHERE file_id = ? AND class_id = ? AND id != ?')
        .get(label.fileId, label.classId, label.id) as { id: string } | undefined;
      if (other) {
        throw new ApiError('conflict', `file ${label.fileId} already has a '${cls.id}' attribute (label '${other.id}'); update that label instead`);
      }
    }
  }
}
