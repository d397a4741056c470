/**
 * Build (or reuse) a snapshot and remember it in the catalog: what the `datasets.create` handler and
 * `udw dataset create` both call.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetOptions, SnapshotSummary } from '../../../shared/api/training.contract';
import type { CatalogDb } from '../../db/openCatalog';
import { projectRoot } from '../../services/paths';
import { buildSnapshot } from './buildSnapshot';
import { settingsOf } from './options';
import { SnapshotStore } from './snapshotStore';
import { summaryOf } from './summary';

export interface CreateSnapshotInput {
  db: CatalogDb;
  catalogPath: string;
  options: DatasetOptions;
  /** The snapshot folder; null: `<catalog folder>/datasets/<snapshotId>`. */
  outDir: string | null;
  /** Who built it (the annotator of the settings). */
  by: string;
  signal?: AbortSignal;
}

/** `udw <version>` of the app that builds the snapshot (created.app). */
export function appName(root: string = projectRoot()): string {
  try {
    return `udw ${(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '?'}`;
  } catch {
    return 'udw ?';
  }
}

export async function createSnapshot(input: CreateSnapshotInput): Promise<SnapshotSummary> {
  const result = await buildSnapshot({
    db: input.db,
    catalogPath: input.catalogPath,
    settings: settingsOf(input.options),
    outDir: input.outDir === null ? null : path.resolve(input.outDir),
    by: input.by,
    app: appName(),
    signal: input.signal,
  });
  const summary = summaryOf(result.manifest, result.dir, result.reused);
  new SnapshotStore(input.db).record(summary);
  return summary;
}
