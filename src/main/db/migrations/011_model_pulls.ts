import type { Migration } from './index';

/**
 * Models pulled from the MLflow model registry (issue 14; sync/models/). The local registry (migration 009)
 * holds the ONNX files; these tables say where each pulled one came from and where the server's aliases
 * pointed when they were last looked at, so a pull can tell "nothing new" from "the alias moved".
 *
 * - remote_model_versions: one row per ONNX file of a registered model version that was pulled: the
 *   server, registered name and version, the local model id (models.id; not a foreign key: the record of
 *   what was pulled outlives a removed model, and the next pull imports it again), the MLflow run the
 *   version came from, the artifact URI and the file's path under it, its SHA-256, and when it was pulled.
 *   `main` marks the file a pull of that version answers with (model.onnx, else the first).
 * - remote_model_aliases: per server, model and alias, the version it pointed at when last pulled, the
 *   version before that (null until it moved), when it moved and when it was last checked.
 * Never edit this migration once shipped; add 012_… instead.
 */
export const modelPullsSchema: Migration = {
  name: '011_model_pulls',
  up(db) {
    db.exec(`
      CREATE TABLE remote_model_versions (
        server    TEXT NOT NULL,
        name      TEXT NOT NULL,
        version   TEXT NOT NULL,
        file      TEXT NOT NULL,
        main      INTEGER NOT NULL CHECK (main IN (0, 1)),
        model_id  TEXT NOT NULL,
        run_id    TEXT,
        source    TEXT NOT NULL,
        sha256    TEXT NOT NULL,
        pulled_at TEXT NOT NULL,
        PRIMARY KEY (server, name, version, file)
      ) STRICT;
      CREATE INDEX remote_model_versions_by_model ON remote_model_versions(model_id);

      CREATE TABLE remote_model_aliases (
        server           TEXT NOT NULL,
        name             TEXT NOT NULL,
        alias            TEXT NOT NULL,
        version          TEXT NOT NULL,
        previous_version TEXT,
        moved_at         TEXT,
        checked_at       TEXT NOT NULL,
        PRIMARY KEY (server, name, alias)
      ) STRICT;
    `);
  },
};
