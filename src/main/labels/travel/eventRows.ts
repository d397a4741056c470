/**
 * label_events rows as they travel: read for export (with the file named as other catalogs find it), and
 * written for events that come from elsewhere or that a conflict's resolution makes. Events made by edits
 * here go through LabelStore.logEvent to the same insertEvent; all stamp the two ids migration 006 requires.
 */
import type { Label } from '../../../shared/api/labels.contract';
import type { TravellingEvent } from '../../../shared/api/labelSync.contract';
import type { CatalogDb } from '../../db/openCatalog';
import { jsonOrNull, labelOfEvent } from '../labelParams';
import { travellingFileOf } from './fileIdentity';
import { travelling } from './labelVersions';

interface ExportRow {
  seq: number;
  event_id: string;
  installation_id: string;
  label_id: string;
  op: TravellingEvent['op'];
  annotator: string;
  at: string;
  before: string | null;
  after: string | null;
  hash: string;
  name: string;
  path: string;
  head_name: string | null;
  head_global: number | null;
  head_local: number | null;
}

/** The events of the given files (all files when null), in this catalog's order. */
export function* travellingEvents(db: CatalogDb, fileIds: readonly number[] | null): Generator<TravellingEvent> {
  const select = `SELECT e.seq, e.event_id, e.installation_id, e.label_id, e.op, e.annotator, e.at, e."before" AS "before", e."after" AS "after",
      f.hash, f.name, f.path, f.head_name, f.head_global, f.head_local
    FROM label_events e JOIN files f ON f.id = e.file_id`;
  const rows = fileIds === null
    ? (db.prepare(`${select} ORDER BY e.seq`).all() as ExportRow[])
    : (db.prepare(`${select} WHERE e.file_id IN (SELECT value FROM json_each(?)) ORDER BY e.seq`).all(JSON.stringify(fileIds)) as ExportRow[]);
  for (const r of rows) {
    yield {
      eventId: r.event_id,
      installationId: r.installation_id,
      file: travellingFileOf(r),
      labelId: r.label_id,
      op: r.op,
      at: r.at,
      annotator: r.annotator,
      before: travelling(labelOfEvent(r.before)),
      after: travelling(labelOfEvent(r.after)),
    };
  }
}

export interface EventToStore {
  eventId: string;
  installationId: string;
  fileId: number;
  labelId: string;
  op: TravellingEvent['op'];
  annotator: string;
  at: string;
  before: Label | null;
  after: Label | null;
}

/** Appends an event to the log; returns its seq. */
export function insertEvent(db: CatalogDb, e: EventToStore): number {
  const { lastInsertRowid } = db
    .prepare('INSERT INTO label_events (file_id, label_id, op, annotator, at, "before", "after", event_id, installation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(e.fileId, e.labelId, e.op, e.annotator, e.at, jsonOrNull(e.before), jsonOrNull(e.after), e.eventId, e.installationId);
  return Number(lastInsertRowid);
}

/** Whether this catalog has the event: in its log, or kept with a conflict. */
export function hasEvent(db: CatalogDb, eventId: string): boolean {
  return (
    db.prepare('SELECT 1 FROM label_events WHERE event_id = ?').get(eventId) !== undefined ||
    db.prepare('SELECT 1 FROM label_conflict_events WHERE event_id = ?').get(eventId) !== undefined
  );
}

export function newestSeq(db: CatalogDb, fileId: number): number {
  return db.prepare('SELECT coalesce(max(seq), 0) FROM label_events WHERE file_id = ?').pluck().get(fileId) as number;
}
