/**
 * "Sync now" in the app: one drain of the outbox at a time, in the background. The request returns as soon
 * as the drain has the catalog's drain lock (outbox/drainLock.ts, the one `udw sync` takes, so the app and
 * the CLI never send the same step); progress and the end go out as sync.progress events. The drain is all
 * network I/O awaited on the event loop, in small synchronous catalog writes; nothing here waits on it.
 */
import { ApiError } from '../../shared/api/errors';
import type { SyncProgress, SyncStatus } from '../../shared/api/sync.contract';
import type { CatalogDb } from '../db/openCatalog';
import type { EventHub } from '../services/eventHub';
import { MlflowError } from './mlflow/mlflowError';
import type { MlflowClient } from './mlflow/mlflowClient';
import { acquireDrainLock, DrainLockHeld } from './outbox/drainLock';
import { drainOutbox, type SyncProgress as DrainProgress } from './outbox/drainOutbox';
import { enqueueEndedRuns } from './outbox/enqueueRun';
import { OutboxStore } from './outbox/outboxStore';
import type { RetryPolicy } from './outbox/retryPolicy';

export interface DrainTarget {
  url: string;
  experiment: string;
}

export interface SyncDrainerDeps {
  db: CatalogDb;
  events: EventHub;
  /** The configured server, or null when none is. */
  target(): DrainTarget | null;
  client(url: string): MlflowClient;
  retry(): RetryPolicy;
}

/** Upload progress at most this often per file (and always its last byte): enough for a progress bar. */
const BYTES_EVERY_MS = 250;

export class SyncDrainer {
  private current: Promise<void> | null = null;
  private abort: AbortController | null = null;
  private last: SyncStatus['lastDrain'] = null;

  public constructor(private readonly deps: SyncDrainerDeps) {}

  public get draining(): boolean {
    return this.current !== null;
  }

  public get lastDrain(): SyncStatus['lastDrain'] {
    return this.last;
  }

  /** Something the back end did on its own (queueing a run that ended) failed: shown like a drain's end. */
  public note(outcome: 'error', message: string): void {
    this.last = { at: new Date().toISOString(), outcome, message };
  }

  /** Starts a drain; `started: false` when this app drains already. Throws when none can start (no server, another process drains). */
  public start(): { started: boolean; message: string | null } {
    if (this.current) return { started: false, message: 'a sync is already running in this app; its progress is shown as it goes' };
    const target = this.deps.target();
    if (!target) throw new ApiError('failed', 'sync.now: no MLflow server set for this catalog: enter its tracking URI under Sync (remote.set) first');
    let release: () => void;
    try {
      release = acquireDrainLock(this.deps.db);
    } catch (err) {
      if (err instanceof DrainLockHeld) throw new ApiError('conflict', `sync.now: ${err.message}`);
      throw err;
    }
    let client: MlflowClient;
    try {
      client = this.deps.client(target.url);
    } catch (err) {
      release();
      // A malformed URI, an unreadable CA file, a credentials file with loose permissions: the message names it.
      throw new ApiError('failed', `sync.now: ${(err as Error).message}`);
    }
    const abort = new AbortController();
    this.abort = abort;
    this.emit({ type: 'drain', state: 'started' });
    // run() never rejects. The lock is free and `draining` false before the end is told, so a view that
    // reloads on the event sees the drain over.
    this.current = this.run(client, target, abort.signal).then((end) => {
      release();
      this.current = null;
      this.abort = null;
      this.last = { at: new Date().toISOString(), ...end };
      this.emit({ type: 'drain', state: 'finished', ...end });
    });
    return { started: true, message: null };
  }

  private async run(client: MlflowClient, target: DrainTarget, signal: AbortSignal): Promise<{ outcome: NonNullable<SyncStatus['lastDrain']>['outcome']; message: string | null }> {
    let outcome: NonNullable<SyncStatus['lastDrain']>['outcome'] = 'done';
    let message: string | null = null;
    try {
      let health: string | null = null;
      let refusal: Error | null = null;
      try {
        health = await reachable(client);
      } catch (err) {
        refusal = err instanceof Error ? err : new Error(String(err));
      }
      // Ended runs are queued whatever the server said: the outbox keeps them until it takes them.
      const queued = enqueueEndedRuns(this.deps.db, { server: target.url, experiment: target.experiment, offline: health !== null });
      if (queued.length) this.emit({ type: 'queued', localIds: queued });
      if (refusal) throw refusal;
      const store = new OutboxStore(this.deps.db);
      const result = await drainOutbox({ client, store, retry: this.deps.retry(), once: true, signal, onProgress: this.progressRelay() });
      const failed = store.runs().some((r) => r.state === 'failed');
      if (signal.aborted) outcome = 'cancelled';
      else if (result.unreachable) {
        outcome = 'unreachable';
        message = health ?? `MLflow server ${client.server} became unreachable during the sync; what is left waits in the outbox`;
      } else if (failed) outcome = 'failed';
    } catch (err) {
      outcome = 'error';
      message = err instanceof Error ? err.message : String(err);
    } finally {
      await client.http.close().catch(() => undefined);
    }
    return { outcome, message };
  }

  private progressRelay(): (p: DrainProgress) => void {
    const lastBytes = new Map<string, number>();
    return (p) => {
      if (p.type === 'step') {
        this.emit(p.message === undefined ? { type: 'step', localId: p.localId, label: p.label, outcome: p.outcome } : { ...p });
        return;
      }
      const key = `${p.localId}\u0000${p.file}`;
      const now = Date.now();
      if (p.sent < p.total && now - (lastBytes.get(key) ?? 0) < BYTES_EVERY_MS) return;
      lastBytes.set(key, now);
      this.emit({ type: 'bytes', localId: p.localId, file: p.file, sent: p.sent, total: p.total });
    };
  }

  private emit(p: SyncProgress): void {
    this.deps.events.emit('sync.progress', p);
  }

  /** Stops a drain in progress after its current step, and waits for it; false when none was running. */
  public async stop(): Promise<boolean> {
    const running = this.current;
    if (!running) return false;
    this.abort?.abort();
    await running;
    return true;
  }

  public async dispose(): Promise<void> {
    await this.stop();
  }
}

/**
 * Whether the server answers: null when it does, else why not (the drain then queues work as offline and
 * stops at the first step it cannot send). A refusal no retry can mend (credentials, Host header, TLS)
 * throws, so the drain ends with that message before it marks anything.
 */
async function reachable(client: MlflowClient): Promise<string | null> {
  try {
    await client.health();
    return null;
  } catch (err) {
    if (err instanceof MlflowError && err.retryable) return err.message;
    throw err;
  }
}
