/**
 * Who runs a run: RUNDIR/owner.json names the machine and process whose training manager started it (the
 * app, `udw web`, `udw train`). Two processes may share one catalog, so a manager starting up marks as
 * failed only the runs left `running` whose owner is gone, never one another process is still running.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pidAlive } from '../process/pidAlive';

const OWNER_FILE = 'owner.json';

export interface RunOwner {
  host: string;
  pid: number;
}

/** Runs a training manager of this process is running now (tests put two back ends of one process on a catalog). */
const runningHere = new Set<string>();
export const liveRunsHere = {
  add: (runId: string): void => void runningHere.add(runId),
  delete: (runId: string): void => void runningHere.delete(runId),
};

export function thisProcess(): RunOwner {
  return { host: os.hostname(), pid: process.pid };
}

export function writeOwner(runDir: string, owner: RunOwner = thisProcess()): void {
  fs.writeFileSync(path.join(runDir, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 });
}

function readOwner(runDir: string): RunOwner | null {
  try {
    const o = JSON.parse(fs.readFileSync(path.join(runDir, OWNER_FILE), 'utf8')) as Partial<RunOwner>;
    return typeof o.host === 'string' && Number.isInteger(o.pid) ? { host: o.host, pid: o.pid! } : null;
  } catch {
    return null;
  }
}

/**
 * Whether the run's owner may still be running it. Unknown owners are gone; on another machine (a catalog
 * on a shared folder) it cannot be told, and the run is left alone; here, the pid must still exist.
 */
export function ownerAlive(run: { runId: string; dir: string }, self: RunOwner = thisProcess()): boolean {
  const owner = readOwner(run.dir);
  if (!owner) return false;
  if (owner.host !== self.host) return true;
  if (owner.pid === self.pid) return runningHere.has(run.runId);
  return pidAlive(owner.pid);
}
