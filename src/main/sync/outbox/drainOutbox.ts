/**
 * Working through the outbox: each pending run's steps strictly in order, runs in the order queued, one
 * step at a time. A step is marked `sending` before its request and `done` in the transaction that learns
 * it succeeded. Failures the server or the network may get over (5xx, 429, a cut connection) are retried
 * with back-off within the budget, then parked as failed with the reason; refusals (auth, permission, bad
 * values) are parked at once. An unreachable server uses up no budget: the work waits for it (`once`
 * returns instead, saying so).
 */
import { MlflowError } from '../mlflow/mlflowError';
import type { MlflowClient } from '../mlflow/mlflowClient';
import type { OutboxStore, StepRow } from './outboxStore';
import { backoffMs, type RetryPolicy } from './retryPolicy';
import { runStep } from './runStep';

export type SyncProgress =
  | { type: 'step'; localId: string; label: string; outcome: 'done' | 'retry' | 'failed'; message?: string }
  | { type: 'bytes'; localId: string; file: string; sent: number; total: number };

export interface DrainOptions {
  client: MlflowClient;
  store: OutboxStore;
  retry: RetryPolicy;
  /** Return once nothing is left to do now (or the server is unreachable) instead of waiting for more. */
  once: boolean;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Called while idle (not `once`): the place to queue runs that finished meanwhile. */
  onIdle?: () => void;
  idlePollMs?: number;
}

export interface DrainResult {
  /** Stopped (with `once`) because the server could not be reached; what is left waits in the outbox. */
  unreachable: boolean;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function drainOutbox(opts: DrainOptions): Promise<DrainResult> {
  const { store } = opts;
  let unreachableStreak = 0;
  // A new drain (a `udw sync`, the app starting) first tries the oldest queued step, whatever its back-off:
  // the back-off of a server that was unreachable says nothing about now, and starting with a younger run
  // whose back-off happens to be shorter would send the queue out of order.
  let fresh = true;
  for (;;) {
    if (opts.signal?.aborted) return { unreachable: unreachableStreak > 0 };
    const heads = store.heads();
    if (heads.length === 0) {
      if (opts.once) return { unreachable: false };
      opts.onIdle?.();
      await sleep(opts.idlePollMs ?? 5_000, opts.signal);
      continue;
    }
    const now = Date.now();
    const due = fresh ? heads[0] : heads.find((h) => h.next_at <= now);
    fresh = false;
    if (!due) {
      const wake = Math.min(...heads.map((h) => h.next_at));
      await sleep(Math.min(wake - now, 60_000), opts.signal);
      continue;
    }
    const outcome = await attempt(opts, due, unreachableStreak);
    if (outcome === 'unreachable') {
      unreachableStreak++;
      if (opts.once) return { unreachable: true };
    } else unreachableStreak = 0;
  }
}

async function attempt(opts: DrainOptions, step: StepRow, unreachableStreak: number): Promise<'done' | 'retry' | 'failed' | 'unreachable'> {
  const { store, retry } = opts;
  const run = store.run(step.local_run_id)!;
  // An earlier attempt that went out and got no answer (or a process killed while it waited) may have worked.
  const checkFirst = step.state === 'sending' || step.error !== null;
  store.markSending(step);
  const report = (outcome: 'done' | 'retry' | 'failed', message?: string): void => opts.onProgress?.({ type: 'step', localId: run.local_run_id, label: step.label, outcome, message });
  try {
    const out = await runStep(
      {
        client: opts.client,
        run,
        checkFirst,
        resultOf: (kind) => store.resultOf(run.local_run_id, kind, step.seq),
        onBytes: (file, sent, total) => opts.onProgress?.({ type: 'bytes', localId: run.local_run_id, file, sent, total }),
      },
      step,
    );
    store.markDone(step, out.result, out.patch);
    report('done');
    return 'done';
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof MlflowError && err.kind === 'unreachable') {
      // Queued before the server ever saw it: the run will carry udw.offline=true.
      store.markRetry(step, message, Date.now() + backoffMs(retry, unreachableStreak + 1), false, run.mlflow_run_id === null);
      report('retry', message);
      return 'unreachable';
    }
    if (err instanceof MlflowError && err.retryable && step.attempts + 1 < retry.attempts) {
      store.markRetry(step, message, Date.now() + backoffMs(retry, step.attempts + 1), true, false);
      report('retry', message);
      return 'retry';
    }
    const why = err instanceof MlflowError && err.retryable ? `gave up after ${step.attempts + 1} attempts (\`udw sync retry ${run.local_run_id}\` tries again): ${message}` : message;
    store.markFailed(step, why);
    report('failed', why);
    return 'failed';
  }
}
