import type { Migration } from './index';

/**
 * The sync outbox (issue 14; sync/outbox/). What a sync of a local training run to the MLflow server has to
 * do is written here as numbered steps before any of it is sent, and each step is marked done in the
 * transaction that learns it succeeded, so a restart (or a SIGKILL at any moment) replays exactly what is
 * left, in order.
 *
 * - sync_runs: one per local run queued for the server: the client-made sync id (the `udw.sync_id` tag the
 *   MLflow run is found by, so a retried create never makes a second run), where it goes (server,
 *   experiment), what the server gave back (experiment and run ids, artifact URI), its state and error, and
 *   `offline` (queued while the server was unreachable: the run carries the tag udw.offline=true).
 *   local_run_id is not a foreign key: the record of what was sent outlives the local run.
 * - sync_steps: the steps of a run by seq (create_run, log_batch chunk k of n, upload, log_inputs, finish,
 *   register, set_alias) with the exact payload to send (metric timestamps fixed at planning, so a redo
 *   sends the same points). state `sending` is committed before a request goes out: a step found in it
 *   after a restart had an uncertain outcome and is checked against the server before it is sent again.
 *   attempts counts the failures charged to the retry budget, next_at (ms since the epoch) when it may run.
 * - sync_remote: the sync's own settings (the experiment name) beside settings.json's mlflowUrl.
 * - sync_lock: the one process draining the outbox (pid and host), so two `udw sync` never send the same step.
 * Never edit this migration once shipped; add 011_… instead.
 */
export const syncOutboxSchema: Migration = {
  name: '010_sync_outbox',
  up(db) {
    db.exec(`
      CREATE TABLE sync_runs (
        local_run_id  TEXT PRIMARY KEY,
        sync_id       TEXT NOT NULL UNIQUE,
        server        TEXT NOT NULL,
        experiment    TEXT NOT NULL,
        experiment_id TEXT,
        mlflow_run_id TEXT,
        artifact_uri  TEXT,
        state         TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
        offline       INTEGER NOT NULL DEFAULT 0 CHECK (offline IN (0, 1)),
        error         TEXT,
        enqueued_at   TEXT NOT NULL,
        done_at       TEXT
      ) STRICT;
      CREATE INDEX sync_runs_open ON sync_runs(state) WHERE state <> 'done';

      CREATE TABLE sync_steps (
        local_run_id TEXT NOT NULL REFERENCES sync_runs(local_run_id) ON DELETE CASCADE,
        seq          INTEGER NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('create_run', 'log_batch', 'upload', 'log_inputs', 'finish', 'register', 'set_alias')),
        label        TEXT NOT NULL,
        payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
        state        TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'done', 'failed')),
        attempts     INTEGER NOT NULL DEFAULT 0,
        next_at      INTEGER NOT NULL DEFAULT 0,
        error        TEXT,
        result_json  TEXT CHECK (result_json IS NULL OR json_valid(result_json)),
        done_at      TEXT,
        PRIMARY KEY (local_run_id, seq)
      ) STRICT;

      CREATE TABLE sync_remote (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_lock (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        pid   INTEGER NOT NULL,
        host  TEXT NOT NULL,
        since TEXT NOT NULL
      ) STRICT;
    `);
  },
};
