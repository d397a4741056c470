/**
 * The snapshots table (migration 007): where each snapshot was written and its summary. Building the same
 * snapshot again (same id) updates its row. Listing leaves out snapshots whose folder no longer holds that
 * manifest (deleted or replaced by hand): they cannot be trained on.
 */
import path from 'node:path';
import { SnapshotSummary } from '../../../shared/api/training.contract';
import type { CatalogDb } from '../../db/openCatalog';
import { existingSnapshotId, MANIFEST_FILE } from './snapshotFolder';

export class SnapshotStore {
  public constructor(
    private readonly db: CatalogDb,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  public record(summary: SnapshotSummary): void {
    this.db
      .prepare(
        `INSERT INTO snapshots (snapshot_id, dir, created_at, updated_at, summary_json) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (snapshot_id) DO UPDATE SET dir = excluded.dir, created_at = excluded.created_at, updated_at = excluded.updated_at, summary_json = excluded.summary_json`,
      )
      .run(summary.snapshotId, summary.dir, summary.createdAt, this.now(), JSON.stringify({ ...summary, reused: false }));
  }

  /** Snapshots still on disk, most recently built or reused first. */
  public list(): SnapshotSummary[] {
    const rows = this.db.prepare('SELECT snapshot_id AS id, dir, summary_json AS json FROM snapshots ORDER BY updated_at DESC, snapshot_id').all() as Array<{ id: string; dir: string; json: string }>;
    return rows.filter((r) => existingSnapshotId(r.dir) === r.id).map((r) => SnapshotSummary.parse(JSON.parse(r.json)));
  }

  /** The manifest file of a listed snapshot, or null. */
  public manifestPath(snapshotId: string): string | null {
    const dir = this.db.prepare('SELECT dir FROM snapshots WHERE snapshot_id = ?').pluck().get(snapshotId) as string | undefined;
    return dir !== undefined && existingSnapshotId(dir) === snapshotId ? path.join(dir, MANIFEST_FILE) : null;
  }
}
