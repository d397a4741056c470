/** The outbox as `udw sync --json` prints it: counts of runs by state, each run, and the errors standing. */
import type { OutboxStore } from './outboxStore';

export interface SyncSummary {
  pending: number;
  done: number;
  failed: number;
  runs: Array<{ localId: string; mlflowRunId: string | null; status: 'pending' | 'done' | 'failed' }>;
  errors: Array<{ localId: string; step: string | null; message: string }>;
}

export function syncSummary(store: OutboxStore): SyncSummary {
  const runs = store.runs();
  const count = (state: string): number => runs.filter((r) => r.state === state).length;
  const heads = new Map(store.heads().map((h) => [h.local_run_id, h]));
  const errors: SyncSummary['errors'] = [];
  for (const r of runs) {
    if (r.state === 'done' || !r.error) continue;
    errors.push({ localId: r.local_run_id, step: heads.get(r.local_run_id)?.label ?? null, message: r.error });
  }
  return {
    pending: count('pending'),
    done: count('done'),
    failed: count('failed'),
    runs: runs.map((r) => ({ localId: r.local_run_id, mlflowRunId: r.mlflow_run_id, status: r.state })),
    errors,
  };
}
