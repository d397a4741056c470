/**
 * Which snapshot folder a run trains on: one the catalog knows by id (training.start), or a folder given on
 * the command line (`udw train --dataset DIR`), whose manifest is read and validated first and recorded in
 * the snapshots table when the catalog has not seen it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Manifest } from '../../shared/training/manifest';
import type { CatalogDb } from '../db/openCatalog';
import { MANIFEST_FILE } from './dataset/snapshotFolder';
import { SnapshotStore } from './dataset/snapshotStore';
import { summaryOf } from './dataset/summary';

export interface SnapshotRef {
  snapshotId: string;
  dir: string;
}

export class SnapshotLookupError extends Error {
  public constructor(
    message: string,
    public readonly code: 'not_found' | 'invalid_payload',
  ) {
    super(message);
  }
}

export function snapshotById(db: CatalogDb, snapshotId: string): SnapshotRef {
  const manifest = new SnapshotStore(db).manifestPath(snapshotId);
  if (!manifest) throw new SnapshotLookupError(`snapshot ${snapshotId} is not on this workstation (or its folder no longer holds it); datasets.list shows the ones that are`, 'not_found');
  return { snapshotId, dir: path.dirname(manifest) };
}

/** Reads and validates DIR/manifest.json; records the snapshot when the catalog does not know it yet. */
export function snapshotFromFolder(db: CatalogDb, dir: string): SnapshotRef {
  const folder = path.resolve(dir);
  const file = path.join(folder, MANIFEST_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SnapshotLookupError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); expected a dataset snapshot folder made by \`udw dataset create\``, 'not_found');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SnapshotLookupError(`${file}: not JSON (${(err as Error).message}); expected a snapshot manifest`, 'invalid_payload');
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new SnapshotLookupError(`${file}: not a valid snapshot manifest (${issues})`, 'invalid_payload');
  }
  const store = new SnapshotStore(db);
  if (store.manifestPath(parsed.data.snapshotId) !== file) store.record(summaryOf(parsed.data, folder, false));
  return { snapshotId: parsed.data.snapshotId, dir: folder };
}
