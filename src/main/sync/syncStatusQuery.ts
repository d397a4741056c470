/**
 * The outbox as the Sync view shows it (sync.status): every queued run with its step progress n/N, the step
 * that goes next, the last error and its reason, when it is retried, the offline tag and its MLflow UI link;
 * the counts; who drains now; and the ended local runs not queued yet. Read-only queries over migration 010's
 * tables (the outbox's own writes stay in outbox/outboxStore.ts).
 */
import os from 'node:os';
import type { SyncStatus, SyncRunView } from '../../shared/api/sync.contract';
import type { CatalogDb } from '../db/openCatalog';
import { pidAlive } from '../process/pidAlive';
import { OutboxStore } from './outbox/outboxStore';
import { syncErrorReason } from './syncErrorReason';

interface HeadRow {
  local_run_id: string;
  label: string;
  state: 'pending' | 'sending' | 'failed';
  next_at: number;
  error: string | null;
}

export interface StatusInputs {
  /** This back end is draining now. */
  drainingHere: boolean;
  lastDrain: SyncStatus['lastDrain'];
  /** The MLflow UI page of a run on a server. */
  link(server: string, experimentId: string, runId: string): string;
  now?: number;
}

/** Who holds the drain lock, when a live process does (a dead holder's row is a leftover the next drain takes over). */
function otherHolder(db: CatalogDb): string | null {
  const held = db.prepare('SELECT pid, host, since FROM sync_lock WHERE id = 1').get() as { pid: number; host: string; since: string } | undefined;
  if (!held || held.pid === process.pid) return null;
  if (held.host === os.hostname() && !pidAlive(held.pid)) return null;
  return `pid ${held.pid} on ${held.host} since ${held.since}`;
}

export function syncStatus(db: CatalogDb, inputs: StatusInputs): SyncStatus {
  const now = inputs.now ?? Date.now();
  const store = new OutboxStore(db);
  const progress = store.progress();
  // The first step not done of every run, whatever the run's state (heads() has pending runs only).
  const heads = new Map(
    (
      db
        .prepare(
          `SELECT s.local_run_id, s.label, s.state, s.next_at, s.error FROM sync_steps s
           WHERE s.seq = (SELECT min(seq) FROM sync_steps WHERE local_run_id = s.local_run_id AND state <> 'done')`,
        )
        .all() as HeadRow[]
    ).map((h) => [h.local_run_id, h]),
  );
  const names = new Map(
    (db.prepare(`SELECT local_run_id AS id, json_extract(payload_json, '$.runName') AS name FROM sync_steps WHERE kind = 'create_run'`).all() as Array<{ id: string; name: string | null }>).map((r) => [r.id, r.name]),
  );
  const other = inputs.drainingHere ? null : otherHolder(db);
  const draining = inputs.drainingHere || other !== null;

  const runs: SyncRunView[] = store.runs().map((r) => {
    const head = heads.get(r.local_run_id);
    const status = r.state === 'pending' && draining && head?.state === 'sending' ? 'running' : r.state;
    const waiting = r.state === 'pending' && head !== undefined && head.error !== null && head.next_at > now;
    return {
      localId: r.local_run_id,
      name: names.get(r.local_run_id) ?? r.local_run_id,
      mlflowRunId: r.mlflow_run_id,
      experiment: r.experiment,
      status,
      steps: progress.get(r.local_run_id) ?? { done: 0, total: 0 },
      currentStep: head?.label ?? null,
      lastError: r.error ? { message: r.error, reason: syncErrorReason(r.error) } : null,
      nextRetryAt: waiting ? new Date(head.next_at).toISOString() : null,
      offline: r.offline === 1,
      link: r.mlflow_run_id && r.experiment_id ? inputs.link(r.server, r.experiment_id, r.mlflow_run_id) : null,
      enqueuedAt: r.enqueued_at,
      doneAt: r.done_at,
    };
  });
  const count = (s: SyncRunView['status']): number => runs.filter((r) => r.status === s).length;
  const unqueued = db
    .prepare(`SELECT id AS runId, status FROM runs WHERE status IN ('finished', 'failed', 'cancelled') AND id NOT IN (SELECT local_run_id FROM sync_runs) ORDER BY created_at, id`)
    .all() as Array<{ runId: string; status: string }>;
  return {
    pending: count('pending'),
    running: count('running'),
    done: count('done'),
    failed: count('failed'),
    drain: { by: inputs.drainingHere ? 'app' : other ? 'other' : null, holder: other },
    lastDrain: inputs.lastDrain,
    unqueued,
    runs,
  };
}
