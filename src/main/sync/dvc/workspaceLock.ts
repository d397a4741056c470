/**
 * The queue (serialQueue.ts) keeps one process's calls apart; this keeps processes apart: the app or web
 * host and a `udw snapshot` in a terminal may work on one data workspace at the same time. A job holds
 * `.git/udw-workspace.lock` (created exclusively, naming pid, host and time) while it runs git and DVC;
 * another process waits for it. A lock whose pid is gone on this host is taken over: DVC's own lock is left
 * behind by a killed `dvc` (dvc #2797), ours must not be.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pidAlive } from '../../process/pidAlive';

export const LOCK_FILE = 'udw-workspace.lock';
const POLL_MS = 200;
const DEFAULT_WAIT_MS = 15 * 60_000;

interface Holder {
  pid: number;
  host: string;
  at: string;
}

function readHolder(file: string): Holder | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Holder;
  } catch {
    return null; // gone meanwhile, or being written: look again
  }
}


function tryTake(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'wx');
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() } satisfies Holder));
    fs.closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = readHolder(file);
    if (holder && holder.host === os.hostname() && !pidAlive(holder.pid)) {
      // Dead holder: move its file away (atomic: of two takers, one renames, the other finds nothing).
      const stale = `${file}.stale-${process.pid}`;
      try {
        fs.renameSync(file, stale);
        fs.rmSync(stale, { force: true });
      } catch {
        // someone else took it over first
      }
    }
    return false;
  }
}

/** Runs `job` holding the workspace's lock file; `gitDir` is the repository's .git folder. */
export async function withWorkspaceLock<T>(gitDir: string, job: () => Promise<T>, waitMs = DEFAULT_WAIT_MS): Promise<T> {
  const file = path.join(gitDir, LOCK_FILE);
  const until = Date.now() + waitMs;
  while (!tryTake(file)) {
    if (Date.now() > until) {
      const h = readHolder(file);
      throw new Error(`${file}: the data workspace is busy${h ? ` (pid ${h.pid} on ${h.host} since ${h.at})` : ''} for more than ${Math.round(waitMs / 1000)} s; try again once it has finished`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  try {
    return await job();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
