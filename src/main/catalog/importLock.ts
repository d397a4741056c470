/**
 * One import at a time per catalog, across processes (the app or web host, and `udw import`): a row in the
 * catalog (import_lock) names the holder (job, pid, host) and carries a heartbeat. It is taken and checked
 * inside BEGIN IMMEDIATE transactions, so two processes never both find it free.
 *
 * A holder that died is taken over: its pid is gone (on this host), or it has shown no heartbeat for
 * STALE_AFTER_MS (from anywhere: a pid on another host tells us nothing). The import checks that it still
 * holds the lock inside every write transaction, so a holder presumed dead that comes back stops at its next
 * write instead of interleaving with the new holder.
 */
import os from 'node:os';
import type { CatalogDb } from '../db/openCatalog';
import { pidAlive } from '../process/pidAlive';

const HEARTBEAT_MS = 2_000;
export const STALE_AFTER_MS = 60_000;
/** How often a waiting import looks again. */
const POLL_MS = 200;

export interface LockHolder {
  jobId: string;
  pid: number;
  host: string;
  startedAt: string;
  heartbeatMs: number;
}

interface LockRow {
  job_id: string;
  pid: number;
  host: string;
  started_at: string;
  heartbeat_ms: number;
}

const toHolder = (r: LockRow): LockHolder => ({ jobId: r.job_id, pid: r.pid, host: r.host, startedAt: r.started_at, heartbeatMs: r.heartbeat_ms });

export function describeHolder(h: LockHolder, now = Date.now()): string {
  const ago = Math.max(0, Math.round((now - h.heartbeatMs) / 1000));
  return `job ${h.jobId}, pid ${h.pid} on ${h.host}, started ${h.startedAt}, last heartbeat ${ago} s ago`;
}

/** Another import holds the catalog. */
export class CatalogBusyError extends Error {
  public constructor(
    public readonly catalog: string,
    public readonly holder: LockHolder,
    waitedMs: number,
  ) {
    const waited = waitedMs > 0 ? ` (waited ${Math.round(waitedMs / 1000)} s)` : '';
    super(`catalog ${catalog}: another import is running (${describeHolder(holder)})${waited}; wait for it to finish, then import again`);
    this.name = 'CatalogBusyError';
  }
}

export function isStale(h: LockHolder, now = Date.now(), host = os.hostname()): boolean {
  if (h.host === host && !pidAlive(h.pid)) return true;
  return now - h.heartbeatMs > STALE_AFTER_MS;
}

export function currentHolder(db: CatalogDb): LockHolder | null {
  const row = db.prepare('SELECT job_id, pid, host, started_at, heartbeat_ms FROM import_lock WHERE id = 1').get() as LockRow | undefined;
  return row ? toHolder(row) : null;
}

export interface AcquireOptions {
  jobId: string;
  /** How long to wait for a live holder to finish (default 0: refuse at once). */
  waitMs?: number;
  signal?: AbortSignal;
}

export class ImportLock {
  private readonly timer: NodeJS.Timeout;
  private released = false;
  /** The holder this lock replaced as stale, if any (for the log). */
  public takenOverFrom: LockHolder | null = null;

  private constructor(
    private readonly db: CatalogDb,
    public readonly jobId: string,
    private readonly host: string,
  ) {
    this.timer = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** Takes the lock, waiting up to `waitMs` for a live holder; throws CatalogBusyError when it stays taken. */
  public static async acquire(db: CatalogDb, opts: AcquireOptions): Promise<ImportLock> {
    const t0 = Date.now();
    const host = os.hostname();
    for (;;) {
      const outcome = db.transaction((): { holder: LockHolder } | { replaced: LockHolder | null } => {
        const holder = currentHolder(db);
        if (holder && !isStale(holder, Date.now(), host)) return { holder };
        const now = Date.now();
        db.prepare(
          `INSERT INTO import_lock (id, job_id, pid, host, started_at, heartbeat_ms) VALUES (1, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET job_id = excluded.job_id, pid = excluded.pid, host = excluded.host,
             started_at = excluded.started_at, heartbeat_ms = excluded.heartbeat_ms`,
        ).run(opts.jobId, process.pid, host, new Date(now).toISOString(), now);
        return { replaced: holder };
      }).immediate();
      if ('replaced' in outcome) {
        const lock = new ImportLock(db, opts.jobId, host);
        lock.takenOverFrom = outcome.replaced;
        return lock;
      }
      const waited = Date.now() - t0;
      const left = (opts.waitMs ?? 0) - waited;
      if (left <= 0 || opts.signal?.aborted) throw new CatalogBusyError(db.name, outcome.holder, waited);
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
    }
  }

  /** Call inside each write transaction of the import: throws when another import has taken the lock over. */
  public assertHeld(): void {
    if (this.released) throw new Error(`catalog ${this.db.name}: import ${this.jobId} wrote after releasing its lock`);
    const holder = currentHolder(this.db);
    if (holder && this.isMine(holder)) return;
    throw new Error(
      `catalog ${this.db.name}: import ${this.jobId} lost its import lock ` +
        `(${holder ? `now held by ${describeHolder(holder)}` : 'it was removed'}) after showing no heartbeat for ${STALE_AFTER_MS / 1000} s; ` +
        'it stopped here. What it committed stays, and the next import completes the work',
    );
  }

  public release(): void {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    if (!this.db.open) return;
    try {
      this.db.prepare('DELETE FROM import_lock WHERE id = 1 AND job_id = ? AND pid = ? AND host = ?').run(this.jobId, process.pid, this.host);
    } catch {
      // Busy past the timeout: the heartbeat has stopped, so the row goes stale and the next import takes it over.
    }
  }

  private isMine(h: LockHolder): boolean {
    return h.jobId === this.jobId && h.pid === process.pid && h.host === this.host;
  }

  private beat(): void {
    if (this.released || !this.db.open) return;
    try {
      this.db.prepare('UPDATE import_lock SET heartbeat_ms = ? WHERE id = 1 AND job_id = ? AND pid = ? AND host = ?').run(Date.now(), this.jobId, process.pid, this.host);
    } catch {
      // Busy past the timeout: the next beat tries again, and assertHeld decides whether the lock is still ours.
    }
  }
}
