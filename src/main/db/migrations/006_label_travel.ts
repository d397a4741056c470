import { createHash } from 'node:crypto';
import { uuidv7FromBits } from '../../../shared/ids/uuidv7';
import type { Migration } from './index';

/**
 * Labels ready to travel (issue 10): label events merge between catalogs (another laptop, the sync of
 * issue 14) by a global id, and two edits of one label that did not see each other wait for a human.
 *
 * - label_events.event_id: a UUIDv7, unique everywhere; installation_id: who made the event
 *   (labels/travel/installationId.ts says what an installation is and where its id is kept). A trigger
 *   refuses an event without both, so no writer can forget them.
 * - Events from before this migration get DETERMINISTIC ids: a UUIDv7 whose time is the event's `at` and
 *   whose other bits are a SHA-256 of what the event says (its file's content hash, seq, label, op, time,
 *   annotator, before, after). A catalog copied to a second laptop before either migrated shares that
 *   history; both copies then give the same events the same ids, and a merge recognises them instead of
 *   replaying them a second time (which would flag every old edit as a conflict). seq is part of the hash
 *   so two otherwise identical events of one catalog cannot collide. Who made those events is unknown:
 *   their installation id is the nil UUID (LEGACY_INSTALLATION_ID).
 * - label_conflicts: an edit from another installation whose `before` is not this catalog's version of the
 *   label (or an attribute the file already has from someone else). The local label stays as it is; the
 *   conflict keeps the local version, what they started from (base) and their version (theirs) until a
 *   human picks one. label_conflict_events keeps every incoming event of a conflict whole, so nothing that
 *   arrived is lost and a second import of the same events recognises them.
 * Never edit this migration once shipped; add 007_… instead.
 */
export const LEGACY_INSTALLATION_ID = '00000000-0000-0000-0000-000000000000';

interface LegacyEvent {
  seq: number;
  hash: string;
  label_id: string;
  op: string;
  annotator: string;
  at: string;
  before: string | null;
  after: string | null;
}

function legacyEventId(e: LegacyEvent): string {
  const digest = createHash('sha256')
    .update(['udw-legacy-label-event@1', e.hash, String(e.seq), e.label_id, e.op, e.at, e.annotator, e.before ?? 'null', e.after ?? 'null'].join('\n'))
    .digest();
  const ms = Date.parse(e.at);
  return uuidv7FromBits(Number.isFinite(ms) && ms >= 0 ? ms : 0, digest);
}

export const labelTravelSchema: Migration = {
  name: '006_label_travel',
  up(db) {
    db.exec(`
      ALTER TABLE label_events ADD COLUMN event_id TEXT;
      ALTER TABLE label_events ADD COLUMN installation_id TEXT;
    `);
    const legacy = db
      .prepare('SELECT e.seq, f.hash, e.label_id, e.op, e.annotator, e.at, e."before" AS "before", e."after" AS "after" FROM label_events e JOIN files f ON f.id = e.file_id')
      .all() as LegacyEvent[];
    const stamp = db.prepare('UPDATE label_events SET event_id = ?, installation_id = ? WHERE seq = ?');
    for (const e of legacy) stamp.run(legacyEventId(e), LEGACY_INSTALLATION_ID, e.seq);
    db.exec(`
      CREATE UNIQUE INDEX label_events_by_event_id ON label_events(event_id);
      CREATE TRIGGER label_events_need_ids BEFORE INSERT ON label_events
        WHEN NEW.event_id IS NULL OR NEW.installation_id IS NULL
        BEGIN SELECT RAISE(ABORT, 'label_events: an event needs an event_id and an installation_id (labels/travel/eventIds.ts)'); END;

      CREATE TABLE label_conflicts (
        id              INTEGER PRIMARY KEY,
        file_id         INTEGER NOT NULL REFERENCES files(id),
        label_id        TEXT NOT NULL,     -- the label the other installation edited
        reason          TEXT NOT NULL CHECK (reason IN ('concurrent_edit', 'attribute_clash')),
        local_label_id  TEXT NOT NULL,     -- the local label in the way: label_id, or the file's own attribute of that class
        local           TEXT CHECK (local IS NULL OR json_valid(local)),   -- the local version when flagged (NULL: none here)
        base            TEXT CHECK (base IS NULL OR json_valid(base)),     -- their version before their edit
        theirs          TEXT CHECK (theirs IS NULL OR json_valid(theirs)), -- their version now (NULL: they deleted it)
        installation_id TEXT NOT NULL,     -- of their newest event in this conflict
        annotator       TEXT NOT NULL,
        at              TEXT NOT NULL,
        detected_at     TEXT NOT NULL,
        resolution      TEXT CHECK (resolution IN ('local', 'theirs', 'settled')),
        resolved_by     TEXT,
        resolved_at     TEXT,
        resolved_seq    INTEGER            -- the label event the resolution wrote, if any
      ) STRICT;
      CREATE INDEX label_conflicts_open ON label_conflicts(label_id) WHERE resolution IS NULL;
      CREATE INDEX label_conflicts_by_file ON label_conflicts(file_id);

      CREATE TABLE label_conflict_events (
        event_id        TEXT PRIMARY KEY,
        conflict_id     INTEGER NOT NULL REFERENCES label_conflicts(id),
        installation_id TEXT NOT NULL,
        label_id        TEXT NOT NULL,
        op              TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
        annotator       TEXT NOT NULL,
        at              TEXT NOT NULL,
        file            TEXT NOT NULL CHECK (json_valid(file)),   -- the file as the other catalog named it
        "before"        TEXT CHECK ("before" IS NULL OR json_valid("before")),
        "after"         TEXT CHECK ("after" IS NULL OR json_valid("after"))
      ) STRICT;
      CREATE INDEX label_conflict_events_by_conflict ON label_conflict_events(conflict_id);
    `);
  },
};
