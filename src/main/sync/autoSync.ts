/**
 * Sync without anyone pressing a button: work done offline goes out once the server answers again. A timer
 * looks every `everyMs` whether a queued step is due (its back-off over) and, if so, starts the same drain
 * "Sync now" starts (syncDrainer.ts), under the same catalog drain lock, so it never races a `udw sync` in a
 * terminal: when that holds the lock the tick is skipped quietly. Nothing is sent while nothing is due, so an
 * idle app costs one small catalog query per tick and no request.
 */
import { ApiError } from '../../shared/api/errors';
import type { CatalogDb } from '../db/openCatalog';
import type { SyncDrainer } from './syncDrainer';

export interface AutoSyncDeps {
  db: CatalogDb;
  drainer: Pick<SyncDrainer, 'draining' | 'start' | 'note'>;
  /** Whether a server is set; no server, no drain. */
  configured(): boolean;
  everyMs: number;
  now?: () => number;
}

/** Whether the outbox holds a step that may go now (a pending run whose first unfinished step's back-off is over). */
export function dueWork(db: CatalogDb, now: number): boolean {
  const row = db
    .prepare(
      `SELECT 1 FROM sync_runs r JOIN sync_steps s ON s.local_run_id = r.local_run_id
       WHERE r.state = 'pending' AND s.state <> 'done' AND s.next_at <= ?
         AND s.seq = (SELECT min(seq) FROM sync_steps WHERE local_run_id = r.local_run_id AND state <> 'done')
       LIMIT 1`,
    )
    .get(now);
  return row !== undefined;
}

/** One look: starts a drain when work is due. Returns whether one started (for tests and the log). */
export function autoSyncTick(deps: AutoSyncDeps): boolean {
  if (deps.drainer.draining || !deps.configured()) return false;
  if (!dueWork(deps.db, (deps.now ?? Date.now)())) return false;
  try {
    return deps.drainer.start().started;
  } catch (err) {
    // Another process drains (the CLI): it sends the same queue, so this tick has nothing to add.
    if (err instanceof ApiError && err.code === 'conflict') return false;
    deps.drainer.note('error', `automatic sync: ${(err as Error).message}`);
    return false;
  }
}

/** Starts the timer; returns its stop. `everyMs` ≤ 0 starts nothing. The timer never keeps the process alive. */
export function startAutoSync(deps: AutoSyncDeps): () => void {
  if (!(deps.everyMs > 0)) return () => undefined;
  const timer = setInterval(() => autoSyncTick(deps), deps.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
