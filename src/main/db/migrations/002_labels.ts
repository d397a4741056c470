/**
 * Labels: the schema (label_classes), the current labels, the edit log they are derived from
 * (label_events: history now, merge/sync later) and each file's review state (file_review).
 *
 * - Labels and events reference files(id) without ON DELETE CASCADE on purpose: human labels must never
 *   vanish as a side effect of catalog maintenance. The catalog keeps rows of moved/missing files (it flags
 *   them) and must upsert, not INSERT OR REPLACE, a file row that has labels.
 * - label_events.label_id is not a foreign key: the events of a deleted label stay.
 * - A file with no file_review row is 'unlabelled' with no verdict; readers LEFT JOIN and COALESCE.
 * - JSON columns hold JSON text (value: a number, boolean or string; before/after: a whole Label).
 *
 * Never edit this migration once shipped; add 003_… instead.
 */
import type { Migration } from './index';

export const labelsSchema: Migration = {
  name: '002_labels',
  up(db) {
    db.exec(`
      CREATE TABLE label_classes (
        id         TEXT PRIMARY KEY,
        position   INTEGER NOT NULL,          -- order in the schema (palette, legend)
        name       TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('point', 'range', 'attribute')),
        colour     TEXT NOT NULL,
        hotkey     TEXT UNIQUE,               -- canonical spelling, see src/shared/labels/hotkeys.ts
        value_type TEXT CHECK (value_type IN ('number', 'boolean', 'text', 'choice')),
        unit       TEXT,
        choices    TEXT CHECK (choices IS NULL OR json_valid(choices))
      ) STRICT;

      CREATE TABLE labels (
        id         TEXT PRIMARY KEY,          -- chosen by the client (UUID), so offline edits merge
        file_id    INTEGER NOT NULL REFERENCES files(id),
        class_id   TEXT NOT NULL REFERENCES label_classes(id),
        depth      REAL,                      -- mm, positive; point depth or range start
        depth_end  REAL,                      -- range end
        value      TEXT CHECK (value IS NULL OR json_valid(value)),
        source     TEXT NOT NULL CHECK (source IN ('human', 'stepcode', 'model', 'heuristic')),
        confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
        annotator  TEXT NOT NULL,             -- who last wrote it
        created_at TEXT NOT NULL,             -- ISO 8601 UTC
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX labels_by_file ON labels(file_id);
      CREATE INDEX labels_by_class ON labels(class_id);

      CREATE TABLE label_events (
        seq       INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after the last row is deleted
        file_id   INTEGER NOT NULL REFERENCES files(id),
        label_id  TEXT NOT NULL,
        op        TEXT NOT NULL CHECK (op IN ('create', 'update', 'delete')),
        annotator TEXT NOT NULL,
        at        TEXT NOT NULL,
        "before"  TEXT CHECK ("before" IS NULL OR json_valid("before")),
        "after"   TEXT CHECK ("after" IS NULL OR json_valid("after"))
      ) STRICT;
      CREATE INDEX label_events_by_file ON label_events(file_id, seq);
      CREATE INDEX label_events_by_label ON label_events(label_id, seq);

      CREATE TABLE file_review (
        file_id    INTEGER PRIMARY KEY REFERENCES files(id),
        status     TEXT NOT NULL CHECK (status IN ('unlabelled', 'in_progress', 'labelled', 'reviewed')),
        verdict    TEXT CHECK (verdict IN ('good', 'algorithm_error', 'labelling_error', 'hard_to_say')),
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
    // The default classes are seeded by the label schema store (labels/labelSchemaStore.ts) on first use:
    // a migration is history and must not change when the app's default schema does.
  },
};
