import type { Migration } from './index';

/**
 * Training runs (issue 12; training/runStore.ts). A run is one `python -m udw_bridge train` started by the
 * training manager; its folder (`<catalog folder>/runs/<id>`: checkpoints, model.onnx, evaluation.json,
 * console.log, events.jsonl) holds the files, these rows what the app lists and compares.
 *
 * - runs: status (queued → running → finished | failed | cancelled), what it trained on (snapshot_id,
 *   params_json = TrainParams as asked), what it ran with (interpreter, bridge/torch/python versions,
 *   device, nproc), timings, progress (epoch of epochs), results (model, best_epoch, evaluation_json =
 *   Evaluation of training.contract.ts), error, and resumed_from for a run continuing another's checkpoint.
 *   snapshot_id is not a foreign key: a run's record outlives the snapshot row it was built from.
 * - run_metrics: one value per (run, epoch, key); epoch NULL for the end-of-run figures.
 * - run_artifacts: files a run produced (onnx, checkpoint, evaluation, plot, log), one row per path.
 * Never edit this migration once shipped; add 009_… instead.
 */
export const trainingRunsSchema: Migration = {
  name: '008_training_runs',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id              TEXT PRIMARY KEY,   -- run-<base36 time+random> (RunId in training.contract.ts)
        status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed', 'cancelled')),
        snapshot_id     TEXT,
        dataset_dir     TEXT,               -- the snapshot folder it was given
        dir             TEXT NOT NULL,      -- the run folder
        params_json     TEXT NOT NULL CHECK (json_valid(params_json)),
        effective_json  TEXT CHECK (effective_json IS NULL OR json_valid(effective_json)),   -- every parameter as the bridge used it (start event)
        python          TEXT,               -- the interpreter that ran it
        device          TEXT,
        nproc           INTEGER NOT NULL DEFAULT 1,
        bridge_version  TEXT,
        torch_version   TEXT,
        python_version  TEXT,
        created_at      TEXT NOT NULL,
        started_at      TEXT,
        ended_at        TEXT,
        epoch           INTEGER NOT NULL DEFAULT 0,
        epochs          INTEGER,
        best_epoch      INTEGER,
        model           TEXT,               -- the verified ONNX file
        exit_code       INTEGER,
        error           TEXT,
        resumed_from    TEXT REFERENCES runs(id),
        evaluation_json TEXT CHECK (evaluation_json IS NULL OR json_valid(evaluation_json))
      ) STRICT;
      CREATE INDEX runs_by_time ON runs(created_at);
      CREATE INDEX runs_live ON runs(status) WHERE status IN ('queued', 'running');

      CREATE TABLE run_metrics (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch  INTEGER,                      -- NULL: an end-of-run figure
        key    TEXT NOT NULL,                -- e.g. train/loss, val/exit_mae_mm
        value  REAL NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX run_metrics_one_value ON run_metrics(run_id, ifnull(epoch, -1), key);

      CREATE TABLE run_artifacts (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind   TEXT NOT NULL,
        path   TEXT NOT NULL,
        bytes  INTEGER,
        sha256 TEXT,
        at     TEXT NOT NULL,
        PRIMARY KEY (run_id, path)
      ) STRICT;
    `);
  },
};
