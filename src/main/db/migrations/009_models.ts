import type { Migration } from './index';

/**
 * The local model registry (issue 13; models/modelStore.ts). A model is an ONNX file copied into
 * `<catalog folder>/models/<id>.onnx` (path), imported from a file or registered from a training run.
 *
 * - metadata_json: the `udw` metadata embedded in the model (channels, resampling, normalisation, classes,
 *   peak reading, lineage), as validated at import (models/modelMetadata.ts).
 * - run_id / snapshot_id: lineage; not foreign keys, a model outlives the run and snapshot rows it came from.
 * - evaluation_json: the training run's evaluation (null for an imported file).
 * - active: at most one model is active (the partial unique index), the one predictions use by default.
 * Never edit this migration once shipped; add 010_… instead.
 */
export const modelsSchema: Migration = {
  name: '009_models',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id              TEXT PRIMARY KEY,   -- model-<first 16 hex digits of sha256>
        name            TEXT NOT NULL,
        path            TEXT NOT NULL,
        sha256          TEXT NOT NULL UNIQUE,
        bytes           INTEGER NOT NULL,
        metadata_json   TEXT NOT NULL CHECK (json_valid(metadata_json)),
        run_id          TEXT,
        snapshot_id     TEXT,
        evaluation_json TEXT CHECK (evaluation_json IS NULL OR json_valid(evaluation_json)),
        imported_at     TEXT NOT NULL,
        active          INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX models_one_active ON models(active) WHERE active = 1;
    `);
  },
};
