/**
 * One keypoint depth per file and class from the confirmed label rows (catalogRows.confirmedLabels: newest
 * first). A file with more than one label of a class uses the most recently updated one; how many there were
 * goes to the manifest (`multipleLabels`) so the choice is visible, not silent.
 */
import { createHash } from 'node:crypto';
import type { LabelRow } from './catalogRows';

export interface FileLabels {
  /** Depth (mm) by class. */
  depths: Record<string, number>;
  /** Source of each used label, by class. */
  sources: Record<string, string>;
  /** Classes with more than one confirmed label, and how many. */
  multiple: Record<string, number>;
}

export function pickLabels(rows: readonly LabelRow[]): Map<number, FileLabels> {
  const out = new Map<number, FileLabels>();
  for (const r of rows) {
    let f = out.get(r.fileId);
    if (!f) out.set(r.fileId, (f = { depths: {}, sources: {}, multiple: {} }));
    if (r.classId in f.depths) {
      f.multiple[r.classId] = (f.multiple[r.classId] ?? 1) + 1;
      continue;
    }
    f.depths[r.classId] = r.depth;
    f.sources[r.classId] = r.source;
  }
  return out;
}

/** SHA-256 over the sorted (file hash, class, depth, source) rows of the labels a snapshot used. */
export function labelSetHash(used: readonly { sourceHash: string; labels: FileLabels }[]): string {
  const lines: string[] = [];
  for (const u of used) for (const [cls, depth] of Object.entries(u.labels.depths)) lines.push(`${u.sourceHash}\t${cls}\t${depth}\t${u.labels.sources[cls]}`);
  lines.sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
