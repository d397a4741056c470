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
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { ApiError } from '../../shared/api/errors';
import type { Label, LabelEdit, LabelEvent as LabelEventSchema } from '../../shared/api/labels.contract';
import { labelProblems } from '../../shared/labels/validateLabel';
import { labelFromDraft } from '../../shared/labels/labelEditOps';
import { LabelFindings } from '../catalog/labelFindings';
import type { CatalogDb } from '../db/openCatalog';
import type { FileReviewStore } from './fileReview';
import type { LabelSchemaStore } from './labelSchemaStore';
import { INSERT_LABEL, labelOfEvent, labelParams } from './labelParams';
import { requireFile } from './requireFile';
import { newEventIds } from './travel/eventIds';
import { insertEvent } from './travel/eventRows';

export type LabelEvent = z.infer<typeof LabelEventSchema>;

/** A proposal to store: a label made by a machine (the proposal engine or a model). */
export type ProposalDraft = Pick<Label, 'id' | 'classId' | 'depth' | 'depthEnd' | 'value' | 'source' | 'confidence' | 'provenance' | 'details'>;

export interface ReplaceProposalsOptions {
  annotator: string;
  /** The sources whose untouched proposals this run replaces (e.g. stepcode and heuristic, or model). */
  sources: readonly Label['source'][];
}

export interface ReplaceProposalsResult {
  removed: number;
  created: number;
  /** Proposals not stored because the file already has a decided label of their class. */
  skipped: number;
  /** The file's newest event seq afterwards. */
  seq: number;
}

/** A machine-made label remembers what was proposed; a human's own label has no origin. */
function withOrigin(label: Label): Label {
  if (label.origin !== null || label.source === 'human') return label;
  const { depth, depthEnd, value, source, provenance, confidence } = label;
  return { ...label, origin: { depth, depthEnd, value, source, provenance, confidence } };
}

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
  state: Label['state'];
  provenance: string | null;
  origin: string | null;
  details: string | null;
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
  event_id: string;
  installation_id: string;
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
    state: r.state,
    provenance: r.provenance,
    origin: r.origin === null ? null : (JSON.parse(r.origin) as Label['origin']),
    details: r.details === null ? null : (JSON.parse(r.details) as Label['details']),
    annotator: r.annotator,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Position or value: what a human corrects when moving or editing a proposal. */
const POSITION_FIELDS = ['classId', 'depth', 'depthEnd', 'value'] as const;

/**
 * What an update makes of a label. A human moving or editing a machine-made label (stop code, heuristic,
 * model) makes it theirs: source 'human', state 'confirmed' (unless the patch says otherwise, as an undo does);
 * its origin still says what was proposed.
 */
function updated(before: Label, patch: Partial<Label>): Label {
  const after = { ...before, ...patch };
  const corrected = POSITION_FIELDS.some((f) => f in patch && patch[f] !== before[f]);
  if (corrected && before.source !== 'human' && patch.source === undefined) {
    after.source = 'human';
    if (patch.state === undefined) after.state = 'confirmed';
  }
  return after;
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
      before: labelOfEvent(r.before),
      after: labelOfEvent(r.after),
      eventId: r.event_id,
      installationId: r.installation_id,
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
          after = withOrigin(labelFromDraft(edit.fileId, edit.label, annotator, at));
          this.validate(after);
          this.insert(after);
          break;
        }
        case 'update': {
          labelId = edit.id;
          before = this.existing(edit.fileId, labelId, 'update');
          const patch = Object.fromEntries(Object.entries(edit.patch).filter(([, v]) => v !== undefined));
          if (Object.keys(patch).length === 0) throw new ApiError('invalid_payload', `update of label '${labelId}': the patch is empty`);
          // The label's annotator is whoever wrote it last; the events keep everyone before.
          after = { ...updated(before, patch), annotator, updatedAt: at };
          this.validate(after);
          this.db
            .prepare(
              `UPDATE labels SET class_id = @classId, depth = @depth, depth_end = @depthEnd, value = @value, source = @source,
                 confidence = @confidence, state = @state, provenance = @provenance, details = @details,
                 annotator = @annotator, updated_at = @updatedAt WHERE id = @id`,
            )
            .run(labelParams(after));
          break;
        }
        case 'delete': {
          labelId = edit.id;
          before = this.existing(edit.fileId, labelId, 'delete');
          this.db.prepare('DELETE FROM labels WHERE id = ?').run(labelId);
          break;
        }
      }
      const seq = this.logEvent(edit.fileId, labelId, edit.op, annotator, at, before, after);
      // A human label, or a proposal a human accepted, starts the file's review; proposals alone do not.
      const counts = after !== null && after.state === 'confirmed' && (after.source === 'human' || before?.state === 'proposed');
      const started = counts ? this.review.startIfUnlabelled(edit.fileId, annotator) : false;
      // Taking away a confirmed label (delete, reject, an undo) may leave the file with none: unlabelled again.
      if (before?.state === 'confirmed' && after?.state !== 'confirmed') this.review.resetIfNoLabels(edit.fileId, annotator);
      this.findings.refresh(edit.fileId);
      return { seq, label: after, before, started };
    }).immediate();
  }

  private insert(label: Label): void {
    this.prepared(INSERT_LABEL).run(labelParams(label));
  }

  /** Statements of the per-file writes, compiled once per store: a batch run makes thousands of them. */
  private readonly statements = new Map<string, Database.Statement<unknown[]>>();
  private prepared(sql: string, pluck = false): Database.Statement<unknown[]> {
    const key = pluck ? `pluck:${sql}` : sql;
    let s = this.statements.get(key);
    if (!s) {
      s = pluck ? this.db.prepare(sql).pluck() : this.db.prepare(sql);
      this.statements.set(key, s);
    }
    return s;
  }

  private logEvent(fileId: number, labelId: string, op: LabelEvent['op'], annotator: string, at: string, before: Label | null, after: Label | null): number {
    // A global event id and this installation's id, so the event can travel to other catalogs (labels/travel).
    return insertEvent(this.db, { ...newEventIds(this.db), fileId, labelId, op, annotator, at, before, after });
  }

  /**
   * Replace a file's untouched proposals of the given sources with new ones, in one transaction, every
   * insert and delete logged like any edit. Accepted, moved, rejected and human labels are never touched,
   * and a class the file already has a decided label for (confirmed or rejected) is not proposed again:
   * re-running after a rule change updates what nobody has looked at, and only that.
   */
  public replaceProposals(fileId: number, proposals: readonly ProposalDraft[], opts: ReplaceProposalsOptions): ReplaceProposalsResult {
    return this.db.transaction(() => this.replaceFileProposals(fileId, proposals, opts)).immediate();
  }

  /**
   * replaceProposals for several files in ONE transaction (a batch run's files): each file is replaced
   * exactly as replaceProposals does it, in order, and all of them commit or none does. One commit for
   * many files is what makes a batch run's writes cheap; a bad file rolls the whole batch back.
   */
  public replaceProposalsMany(files: readonly { fileId: number; proposals: readonly ProposalDraft[] }[], opts: ReplaceProposalsOptions): ReplaceProposalsResult[] {
    if (files.length === 0) return [];
    return this.db.transaction(() => files.map((f) => this.replaceFileProposals(f.fileId, f.proposals, opts))).immediate();
  }

  /** One file's replacement; the caller holds the transaction. */
  private replaceFileProposals(fileId: number, proposals: readonly ProposalDraft[], opts: ReplaceProposalsOptions): ReplaceProposalsResult {
    requireFile(this.db, fileId);
    const at = this.now();
    const sources = [...new Set(opts.sources)];
    const placeholders = sources.map(() => '?').join(', ');
    const stale = (
      this.prepared(`SELECT * FROM labels WHERE file_id = ? AND state = 'proposed' AND source IN (${placeholders})`).all(fileId, ...sources) as LabelRow[]
    ).map(fromRow);
    const remove = this.prepared('DELETE FROM labels WHERE id = ?');
    for (const old of stale) {
      remove.run(old.id);
      this.logEvent(fileId, old.id, 'delete', opts.annotator, at, old, null);
    }
    const decided = new Set(this.prepared("SELECT DISTINCT class_id FROM labels WHERE file_id = ? AND state != 'proposed'", true).all(fileId) as string[]);
    let created = 0;
    let skipped = 0;
    let seq = this.latestSeq(fileId);
    for (const p of proposals) {
      if (decided.has(p.classId)) {
        skipped++;
        continue;
      }
      const label = withOrigin({ ...p, fileId, state: 'proposed', origin: null, annotator: opts.annotator, createdAt: at, updatedAt: at });
      this.validate(label);
      this.insert(label);
      seq = this.logEvent(fileId, label.id, 'create', opts.annotator, at, null, label);
      created++;
    }
    this.findings.refresh(fileId);
    return { removed: stale.length, created, skipped, seq };
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
      // A rejected proposal is no fact; a pending one is, for this rule, so a human updates it instead.
      if (label.state === 'rejected') return;
      const other = this.db
        .prepare("SELECT id FROM labels WHERE file_id = ? AND class_id = ? AND id != ? AND state != 'rejected'")
        .get(label.fileId, label.classId, label.id) as { id: string } | undefined;
      if (other) {
        throw new ApiError('conflict', `file ${label.fileId} already has a '${cls.id}' attribute (label '${other.id}'); update that label instead`);
      }
    }
  }
}
