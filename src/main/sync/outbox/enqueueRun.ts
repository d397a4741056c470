/**
 * Queueing local runs for the server. `enqueueRunSync` is the hook for "a run ended → sync it" (the
 * training manager may call it when a run closes); `udw sync` queues every ended run not queued yet.
 * Planning happens here, inside the queueing, so the steps are on disk before anything is sent.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogDb } from '../../db/openCatalog';
import { RunStore } from '../../training/runStore';
import { OutboxStore } from './outboxStore';
import { planRegistration, planRunSync } from './planRunSync';

export interface SyncTarget {
  /** The tracking URI (settings.json mlflowUrl). */
  server: string;
  experiment: string;
  /** The server could not be reached when the run was queued: it is tagged udw.offline=true. */
  offline: boolean;
}

const ENDED = new Set(['finished', 'failed', 'cancelled']);

/** Queues one ended run; false if it is already queued or still going. */
export function enqueueRunSync(db: CatalogDb, localRunId: string, target: SyncTarget): boolean {
  const run = new RunStore(db).get(localRunId);
  if (!run) throw new Error(`no run ${localRunId} in this catalog (\`udw runs\` lists them)`);
  if (!ENDED.has(run.status)) return false;
  const outbox = new OutboxStore(db);
  if (outbox.isQueued(localRunId)) return false;
  const syncId = randomUUID();
  try {
    outbox.enqueue({ localRunId, syncId, server: target.server, experiment: target.experiment, offline: target.offline }, planRunSync(db, run, syncId));
  } catch (err) {
    // Another process queued it between the check and the insert.
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
    throw err;
  }
  return true;
}

/** Every ended local run not queued yet, oldest first. Returns their ids. */
export function enqueueEndedRuns(db: CatalogDb, target: SyncTarget): string[] {
  const ids = db
    .prepare(`SELECT id FROM runs WHERE status IN ('finished', 'failed', 'cancelled') AND id NOT IN (SELECT local_run_id FROM sync_runs) ORDER BY created_at, id`)
    .pluck()
    .all() as string[];
  return ids.filter((id) => enqueueRunSync(db, id, target));
}

/** Registers the run's model as a version of `model` (and points `alias` at it), after whatever is queued for it. */
export function enqueueRegistration(db: CatalogDb, localRunId: string, model: string, alias: string | null, target: SyncTarget): void {
  const run = new RunStore(db).get(localRunId);
  if (!run) throw new Error(`no run ${localRunId} in this catalog (\`udw runs\` lists them)`);
  if (!run.model) throw new Error(`run ${localRunId} has no ONNX model to register (status ${run.status})`);
  enqueueRunSync(db, localRunId, target);
  const file = path.isAbsolute(run.model) ? run.model : path.join(run.dir, run.model);
  const onnx = fs.existsSync(file) ? { file: path.basename(file), sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex') } : undefined;
  new OutboxStore(db).append(localRunId, planRegistration(model, alias, onnx));
}
