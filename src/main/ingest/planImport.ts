/**
 * Incremental planning, with no I/O: compare the scan with the catalog and decide, per file, whether it
 * can be skipped (same size and mtime: not even read), needs a hash check (same size, new mtime), or must
 * be parsed (new or resized). Catalog rows under the imported roots that the scan did not find are the
 * vanished ones: their hashes let a new path be recognised as a move instead of a new file.
 */
import path from 'node:path';
import type { SnapshotRow } from '../catalog/fileWriter';
import type { FileStat, ParseTask } from '../catalog/fileRecord';

export interface PlannedTask {
  stat: FileStat;
  task: ParseTask;
  /** Catalog row of this path, if any. */
  id: number | null;
}

export interface ImportPlan {
  tasks: PlannedTask[];
  /** Unchanged files (skipped without reading). */
  unchanged: number;
  /** Unchanged files whose row was marked missing: they came back. */
  reappeared: number[];
  /** Present rows under the roots that the scan did not find, by id. */
  vanished: Map<number, SnapshotRow>;
  /** Hashes of vanished and already-missing rows. */
  movableHashes: string[];
}

export function isUnder(file: string, root: string): boolean {
  const r = root.endsWith(path.sep) ? root : root + path.sep;
  return file.startsWith(r);
}

export function planImport(roots: readonly string[], scanned: readonly FileStat[], snapshot: readonly SnapshotRow[]): ImportPlan {
  const byPath = new Map(snapshot.map((r) => [r.path, r]));
  const seen = new Set<string>();
  const tasks: PlannedTask[] = [];
  const reappeared: number[] = [];
  let unchanged = 0;
  for (const stat of scanned) {
    seen.add(stat.path);
    const row = byPath.get(stat.path);
    if (row && row.size === stat.size && row.mtimeMs === stat.mtimeMs) {
      unchanged++;
      if (row.missing) reappeared.push(row.id);
    } else if (row && row.size === stat.size) {
      tasks.push({ stat, id: row.id, task: { path: stat.path, expectHash: row.hash } });
    } else {
      tasks.push({ stat, id: row?.id ?? null, task: { path: stat.path } });
    }
  }
  const vanished = new Map<number, SnapshotRow>();
  const movable = new Set<string>();
  for (const r of snapshot) {
    if (r.missing) movable.add(r.hash);
    else if (!seen.has(r.path) && roots.some((root) => isUnder(r.path, root))) {
      vanished.set(r.id, r);
      movable.add(r.hash);
    }
  }
  // Only new paths can be moves; ask the workers to check them only when a move is possible at all.
  if (movable.size > 0) for (const t of tasks) if (t.id === null) t.task.checkMoved = true;
  return { tasks, unchanged, reappeared, vanished, movableHashes: [...movable] };
}
