/**
 * One queue per repository folder: every git and DVC call on a workspace runs after the previous one has
 * finished. DVC holds a repository-wide lock and waits for it only briefly (about 3 s, once), so two `dvc`
 * processes on one repo at once fail with "Unable to acquire lock" (REFERENCE.md §2.2); callers anywhere in
 * this process share the queue of a folder by its real path, so two workspace objects on one folder cannot
 * race either.
 */
import fs from 'node:fs';
import path from 'node:path';

const tails = new Map<string, Promise<unknown>>();

function keyOf(dir: string): string {
  const resolved = path.resolve(dir);
  try {
    return fs.realpathSync(resolved);
  } catch {
    return resolved; // not created yet (workspace init): the resolved path is what it will be
  }
}

/** Runs `job` once every job queued before it on `dir` has settled (fulfilled or not). */
export function enqueue<T>(dir: string, job: () => Promise<T>): Promise<T> {
  const key = keyOf(dir);
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(job, job);
  // The chain goes on whatever this job does; a rejection is the caller's, not the next job's.
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}

/** How many folders have work queued (for tests: drops to 0 once everything has settled). */
export function busyFolders(): number {
  return tails.size;
}
