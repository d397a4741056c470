/**
 * Label conflicts (migration 006): an edit from another installation that this catalog cannot take without
 * overwriting something it has. The local label stays as it is; the conflict keeps the local version, their
 * base and their version, and every one of their events whole, until a human picks a version
 * (resolveConflict.ts) or their later events settle it (importEvents.ts).
 */
import { ApiError } from '../../../shared/api/errors';
import type { Label } from '../../../shared/api/labels.contract';
import type { LabelConflict, TravellingEvent } from '../../../shared/api/labelSync.contract';
import type { CatalogDb } from '../../db/openCatalog';
import type { LabelStore } from '../labelStore';

interface ConflictRow {
  id: number;
  file_id: number;
  path: string;
  label_id: string;
  reason: LabelConflict['reason'];
  local_label_id: string;
  local: string | null;
  base: string | null;
  theirs: string | null;
  installation_id: string;
  annotator: string;
  at: string;
  detected_at: string;
  resolution: LabelConflict['resolution'];
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface NewConflict {
  fileId: number;
  labelId: string;
  reason: LabelConflict['reason'];
  localLabelId: string;
  local: Label | null;
  base: Label | null;
  theirs: Label | null;
  detectedAt: string;
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const parsed = (s: string | null): Label | null => (s === null ? null : (JSON.parse(s) as Label));

const SELECT = 'SELECT c.*, f.path FROM label_conflicts c JOIN files f ON f.id = c.file_id';

export class ConflictStore {
  public constructor(
    private readonly db: CatalogDb,
    private readonly labels: LabelStore,
  ) {}

  /** The open conflict of a label, if any (at most one: later events join it). */
  public openFor(labelId: string): number | null {
    return (this.db.prepare('SELECT id FROM label_conflicts WHERE label_id = ? AND resolution IS NULL').pluck().get(labelId) as number | undefined) ?? null;
  }

  /** Opens a conflict with the event that caused it; returns its id. */
  public open(c: NewConflict, event: TravellingEvent, fileJson: string): number {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO label_conflicts (file_id, label_id, reason, local_label_id, local, base, theirs, installation_id, annotator, at, detected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.fileId, c.labelId, c.reason, c.localLabelId, json(c.local), json(c.base), json(c.theirs), event.installationId, event.annotator, event.at, c.detectedAt);
    const id = Number(lastInsertRowid);
    this.keepEvent(id, event, fileJson);
    return id;
  }

  /** A later event of theirs for a label already in conflict: their version moves on, ours still stays. */
  public join(id: number, theirs: Label | null, event: TravellingEvent, fileJson: string): void {
    this.db.prepare('UPDATE label_conflicts SET theirs = ?, installation_id = ?, annotator = ?, at = ? WHERE id = ?').run(json(theirs), event.installationId, event.annotator, event.at, id);
    this.keepEvent(id, event, fileJson);
  }

  public resolve(id: number, resolution: NonNullable<LabelConflict['resolution']>, by: string, at: string, seq: number | null): void {
    this.db.prepare('UPDATE label_conflicts SET resolution = ?, resolved_by = ?, resolved_at = ?, resolved_seq = ? WHERE id = ?').run(resolution, by, at, seq, id);
  }

  public get(id: number): LabelConflict {
    const row = this.db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as ConflictRow | undefined;
    if (!row) throw new ApiError('not_found', `label conflict ${id}: no such conflict (see labels.conflicts / udw events conflicts)`);
    return this.toConflict(row);
  }

  /** Open conflicts (and resolved ones when asked), oldest first. */
  public list(opts: { fileId?: number; resolved?: boolean } = {}): LabelConflict[] {
    const where = [opts.resolved ? '1' : 'c.resolution IS NULL', opts.fileId === undefined ? '1' : 'c.file_id = @fileId'].join(' AND ');
    const rows = this.db.prepare(`${SELECT} WHERE ${where} ORDER BY c.id`).all(opts.fileId === undefined ? {} : { fileId: opts.fileId }) as ConflictRow[];
    return rows.map((r) => this.toConflict(r));
  }

  private keepEvent(conflictId: number, e: TravellingEvent, fileJson: string): void {
    this.db
      .prepare(
        `INSERT INTO label_conflict_events (event_id, conflict_id, installation_id, label_id, op, annotator, at, file, "before", "after")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.eventId, conflictId, e.installationId, e.labelId, e.op, e.annotator, e.at, fileJson, json(e.before), json(e.after));
  }

  private toConflict(r: ConflictRow): LabelConflict {
    const eventIds = this.db.prepare('SELECT event_id FROM label_conflict_events WHERE conflict_id = ? ORDER BY rowid').pluck().all(r.id) as string[];
    return {
      id: r.id,
      fileId: r.file_id,
      path: r.path,
      labelId: r.label_id,
      reason: r.reason,
      localLabelId: r.local_label_id,
      local: this.labels.get(r.local_label_id),
      localWhenFlagged: parsed(r.local),
      base: parsed(r.base),
      theirs: parsed(r.theirs),
      installationId: r.installation_id,
      annotator: r.annotator,
      at: r.at,
      eventIds,
      detectedAt: r.detected_at,
      resolution: r.resolution,
      resolvedBy: r.resolved_by,
      resolvedAt: r.resolved_at,
    };
  }
}
