/** The catalog's `models` rows (migration 009): plain reads and writes, no files, no inference. */
import type { ModelInfo } from '../../shared/api/models.contract';
import { Evaluation } from '../../shared/api/training.contract';
import type { CatalogDb } from '../db/openCatalog';
import { ModelMetadata } from './modelMetadata';

export interface ModelRecord extends ModelInfo {
  metadata: ModelMetadata;
}

interface Row {
  id: string;
  name: string;
  path: string;
  sha256: string;
  bytes: number;
  metadata_json: string;
  run_id: string | null;
  snapshot_id: string | null;
  evaluation_json: string | null;
  imported_at: string;
  active: number;
}

function fromRow(r: Row): ModelRecord {
  const metadata = ModelMetadata.parse(JSON.parse(r.metadata_json));
  const evaluation = r.evaluation_json === null ? null : Evaluation.safeParse(JSON.parse(r.evaluation_json));
  return {
    id: r.id,
    name: r.name,
    path: r.path,
    sha256: r.sha256,
    bytes: r.bytes,
    runId: r.run_id,
    snapshotId: r.snapshot_id,
    channels: metadata.input.channels,
    classes: metadata.classes,
    stepMm: metadata.resampling.stepMm,
    bridgeVersion: metadata.bridgeVersion ?? null,
    evaluation: evaluation?.success ? evaluation.data : null,
    importedAt: r.imported_at,
    active: r.active === 1,
    metadata,
  };
}

/** The contract's view of a record (without the raw metadata). */
export function modelInfo(record: ModelRecord): ModelInfo {
  const { metadata: _metadata, ...info } = record;
  return info;
}

export interface NewModel {
  id: string;
  name: string;
  path: string;
  sha256: string;
  bytes: number;
  metadata: ModelMetadata;
  runId: string | null;
  snapshotId: string | null;
  evaluation: unknown;
  importedAt: string;
}

export class ModelStore {
  public constructor(private readonly db: CatalogDb) {}

  public list(): ModelRecord[] {
    return (this.db.prepare('SELECT * FROM models ORDER BY imported_at DESC, id').all() as Row[]).map(fromRow);
  }

  public get(id: string): ModelRecord | null {
    const row = this.db.prepare('SELECT * FROM models WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  public bySha256(sha256: string): ModelRecord | null {
    const row = this.db.prepare('SELECT * FROM models WHERE sha256 = ?').get(sha256) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  public active(): ModelRecord | null {
    const row = this.db.prepare('SELECT * FROM models WHERE active = 1').get() as Row | undefined;
    return row ? fromRow(row) : null;
  }

  public insert(m: NewModel): void {
    this.db
      .prepare(
        `INSERT INTO models (id, name, path, sha256, bytes, metadata_json, run_id, snapshot_id, evaluation_json, imported_at, active)
         VALUES (@id, @name, @path, @sha256, @bytes, @metadata, @runId, @snapshotId, @evaluation, @importedAt, 0)`,
      )
      .run({ ...m, metadata: JSON.stringify(m.metadata), evaluation: m.evaluation == null ? null : JSON.stringify(m.evaluation) });
  }

  /** One active model: the others are deactivated in the same transaction. */
  public activate(id: string): boolean {
    return this.db
      .transaction(() => {
        if (!this.get(id)) return false;
        this.db.prepare('UPDATE models SET active = 0 WHERE active = 1 AND id != ?').run(id);
        this.db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(id);
        return true;
      })
      .immediate();
  }

  public remove(id: string): boolean {
    return this.db.prepare('DELETE FROM models WHERE id = ?').run(id).changes > 0;
  }
}
