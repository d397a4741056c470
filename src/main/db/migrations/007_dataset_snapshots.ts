import type { Migration } from './index';

/**
 * Dataset snapshots built on this workstation (issue 12; training/dataset/). The snapshot folder is the
 * truth (manifest.json, signals/, labels.npy); a row here only remembers where one was written and its
 * summary, so `datasets.list` and `udw dataset list` answer without walking the disk. snapshot_id is the
 * manifest's content hash: building the same snapshot again updates its row instead of adding one.
 * Never edit this migration once shipped; add 008_… instead.
 */
export const datasetSnapshotsSchema: Migration = {
  name: '007_dataset_snapshots',
  up(db) {
    db.exec(`
      CREATE TABLE snapshots (
        snapshot_id  TEXT PRIMARY KEY,     -- SHA-256 (hex) of the canonical manifest (training/dataset/snapshotId.ts)
        dir          TEXT NOT NULL,        -- absolute folder holding manifest.json
        created_at   TEXT NOT NULL,        -- ISO 8601 UTC of the build that wrote the folder
        updated_at   TEXT NOT NULL,        -- last time it was built or reused
        summary_json TEXT NOT NULL CHECK (json_valid(summary_json))   -- SnapshotSummary (training.contract.ts)
      ) STRICT;
      CREATE INDEX snapshots_by_time ON snapshots(updated_at);
    `);
  },
};
