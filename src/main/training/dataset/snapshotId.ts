/**
 * The snapshot id: SHA-256 of the canonical JSON of the manifest without `snapshotId` and `created`. The
 * file list carries every signal file's SHA-256 and the label-set hash, so the id covers the arrays too:
 * same catalog data + same selection + same options = same id, whenever and wherever it is built.
 */
import { createHash } from 'node:crypto';
import type { Manifest } from '../../../shared/training/manifest';
import { canonicalJson } from './canonicalJson';

export function snapshotIdOf(manifest: Omit<Manifest, 'snapshotId' | 'created'> & { snapshotId?: unknown; created?: unknown }): string {
  const { snapshotId: _id, created: _created, ...content } = manifest;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
