import type { Migration } from './index';

/**
 * The catalog of Setitec files (DOMAIN §8.3, §11.1): one `files` row per path, the relational per-step data
 * for queries, findings, and the signal columns as compact blobs (one row per file and column, never one row
 * per sample). Derived data (segments, duplicates, finding counts) is written at import time so that listing
 * the catalog never parses anything.
 */
export const catalogSchema: Migration = {
  name: '001_catalog',
  up(db) {
    db.exec(`
      CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,            -- absolute path
        folder TEXT NOT NULL,                 -- absolute parent folder
        name TEXT NOT NULL,                   -- file name
        hash TEXT NOT NULL,                   -- SHA-256 (hex) of the bytes now on disk
        data_hash TEXT,                       -- SHA-256 of the bytes the stored parsed data came from (NULL: never parsed)
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        version INTEGER,
        date TEXT,                            -- ISO, controller local time
        date_raw TEXT,
        clock_unset INTEGER,                  -- 1 when the controller clock was never set (1970)
        sample_rate_hz REAL,
        separator TEXT,
        decimal TEXT,
        head_name TEXT,
        head_type TEXT,
        head_tag TEXT,
        head_global INTEGER,
        head_local INTEGER,
        box_name TEXT,
        box_firmware TEXT,
        motor_name TEXT,
        motor_type TEXT,
        motor_sn TEXT,
        cycle_ok INTEGER,
        cycle_time_s REAL,
        results_distance_mm REAL,
        consumption_wh REAL,
        row_count INTEGER NOT NULL DEFAULT 0,
        depth_min REAL,
        depth_max REAL,
        step_sequence TEXT NOT NULL DEFAULT '[]',   -- JSON array of step numbers in Datas order
        program_json TEXT NOT NULL DEFAULT '[]',    -- JSON ProgramStepView[]
        metadata_json TEXT NOT NULL DEFAULT '[]',   -- JSON MetaSectionView[] (sections with typed fields)
        irregularities_json TEXT NOT NULL DEFAULT '[]',
        parse_error_line INTEGER,             -- set while the file on disk fails to parse
        parse_error TEXT,                     -- '<file> line N: expected …'
        findings_error INTEGER NOT NULL DEFAULT 0,   -- denormalised counts of the findings table
        findings_warning INTEGER NOT NULL DEFAULT 0,
        findings_info INTEGER NOT NULL DEFAULT 0,
        missing INTEGER NOT NULL DEFAULT 0,   -- 1: vanished from an imported folder (rows are kept, labels too)
        duplicate_of INTEGER REFERENCES files(id) ON DELETE SET NULL,
        imported_at TEXT NOT NULL             -- last time the stored data (or the error) was written
      );
      CREATE INDEX files_hash ON files(hash);
      CREATE INDEX files_head ON files(head_name, head_global);
      CREATE INDEX files_folder ON files(folder);

      -- One row per Program row (in_program = 1) joined with its executed segment in Datas, plus one row per
      -- segment that has no Program row (in_program = 0: disabled/missing step or a repeated block).
      CREATE TABLE steps (
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        step_nb INTEGER NOT NULL,
        in_program INTEGER NOT NULL,
        enabled INTEGER,
        stroke_mm REAL, rpm REAL, feed_mm_s REAL, feed_mm_rev REAL,
        thrust_max_a REAL, torque_max_a REAL, thrust_min_a REAL, torque_min_a REAL, gap_mm REAL,
        fields_json TEXT,                     -- every Program column by raw name
        start_index INTEGER, end_index INTEGER,   -- segment in Datas, inclusive; NULL when not executed
        start_depth REAL, end_depth REAL, min_depth REAL, max_depth REAL,
        stop_code INTEGER,
        stop_label TEXT,                      -- 'TORQUE_MIN (2048)'
        stop_class TEXT,                      -- worst class: anomaly | event | programmed | NULL (0)
        PRIMARY KEY (file_id, seq)
      ) WITHOUT ROWID;

      CREATE TABLE step_results (
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        step_number INTEGER NOT NULL,
        stop_code INTEGER NOT NULL,
        stop_label TEXT NOT NULL,
        duration_s REAL, distance_m2 REAL, m1_max_amp REAL, m2_max_amp REAL,
        m1_no_load_amp REAL, m2_no_load_amp REAL, gap_max_mm REAL,
        PRIMARY KEY (file_id, seq)
      ) WITHOUT ROWID;

      -- scope 'file': from the file alone, replaced when the file is re-parsed;
      -- scope 'catalog': duplicates/chronology across files, recomputed after every import.
      CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        scope TEXT NOT NULL DEFAULT 'file',
        rule_id TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
        message TEXT NOT NULL,
        section TEXT,
        line INTEGER,
        column_name TEXT
      );
      CREATE INDEX findings_file ON findings(file_id, scope);

      -- One row per file and column. data holds little-endian typed-array bytes: dtype f64 as is; i8/i16/i32
      -- hold value × 10^scale_exp exactly (checked at import); const holds one f64 repeated length times.
      CREATE TABLE signals (
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        key TEXT NOT NULL,
        raw TEXT NOT NULL,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        dtype TEXT NOT NULL CHECK (dtype IN ('f64', 'f32', 'i8', 'i16', 'i32', 'const')),
        scale_exp INTEGER NOT NULL DEFAULT 0,
        length INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (file_id, ord)
      );
    `);
  },
};
