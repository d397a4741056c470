/**
 * The outbox's rows (migration 010): queueing a run's planned steps, picking the next step that is due,
 * and recording each outcome in one transaction, so what is on disk is always what the server was last
 * known to have. A step is marked `sending` (committed) before its request goes out; `done` in the same
 * transaction that stores what the server answered.
 */
import type { CatalogDb } from '../../db/openCatalog';

export type StepKind = 'create_run' | 'log_batch' | 'upload' | 'log_inputs' | 'finish' | 'register' | 'set_alias';
export type RunState = 'pending' | 'done' | 'failed';

export interface PlannedStep {
  kind: StepKind;
  label: string;
  payload: unknown;
}

export interface SyncRunRow {
  local_run_id: string;
  sync_id: string;
  server: string;
  experiment: string;
  experiment_id: string | null;
  mlflow_run_id: string | null;
  artifact_uri: string | null;
  state: RunState;
  offline: number;
  error: string | null;
  enqueued_at: string;
  done_at: string | null;
}

export interface StepRow {
  local_run_id: string;
  seq: number;
  kind: StepKind;
  label: string;
  payload_json: string;
  state: 'pending' | 'sending' | 'done' | 'failed';
  attempts: number;
  next_at: number;
  error: string | null;
  result_json: string | null;
}

/** What a done step learnt about the run on the server. */
export type RunPatch = Partial<Pick<SyncRunRow, 'experiment_id' | 'mlflow_run_id' | 'artifact_uri'>>;

const nowIso = (): string => new Date().toISOString();

export class OutboxStore {
  public constructor(private readonly db: CatalogDb) {}

  public isQueued(localRunId: string): boolean {
    return this.db.prepare('SELECT 1 FROM sync_runs WHERE local_run_id = ?').pluck().get(localRunId) !== undefined;
  }

  /** Queues a run and every step it needs, all or nothing. */
  public enqueue(run: { localRunId: string; syncId: string; server: string; experiment: string; offline: boolean }, steps: PlannedStep[]): void {
    this.db
      .transaction(() => {
        this.db
          .prepare(`INSERT INTO sync_runs (local_run_id, sync_id, server, experiment, state, offline, enqueued_at) VALUES (?, ?, ?, ?, 'pending', ?, ?)`)
          .run(run.localRunId, run.syncId, run.server, run.experiment, run.offline ? 1 : 0, nowIso());
        this.insertSteps(run.localRunId, 1, steps);
      })
      .immediate();
  }

  /** More steps after a run's last (a registration asked for later); the run is pending again. */
  public append(localRunId: string, steps: PlannedStep[]): void {
    this.db
      .transaction(() => {
        const last = this.db.prepare('SELECT coalesce(max(seq), 0) FROM sync_steps WHERE local_run_id = ?').pluck().get(localRunId) as number;
        this.insertSteps(localRunId, last + 1, steps);
        this.db.prepare(`UPDATE sync_runs SET state = CASE WHEN state = 'done' THEN 'pending' ELSE state END, done_at = NULL WHERE local_run_id = ?`).run(localRunId);
      })
      .immediate();
  }

  private insertSteps(localRunId: string, first: number, steps: PlannedStep[]): void {
    const put = this.db.prepare(`INSERT INTO sync_steps (local_run_id, seq, kind, label, payload_json, state) VALUES (?, ?, ?, ?, ?, 'pending')`);
    steps.forEach((s, i) => put.run(localRunId, first + i, s.kind, s.label, JSON.stringify(s.payload)));
  }

  public run(localRunId: string): SyncRunRow | null {
    return (this.db.prepare('SELECT * FROM sync_runs WHERE local_run_id = ?').get(localRunId) as SyncRunRow | undefined) ?? null;
  }

  /** Every queued run, in the order queued. */
  public runs(): SyncRunRow[] {
    return this.db.prepare('SELECT * FROM sync_runs ORDER BY enqueued_at, rowid').all() as SyncRunRow[];
  }

  /** The first step not done of each pending run, in queue order: the only steps that may go next. */
  public heads(): StepRow[] {
    return this.db
      .prepare(
        `SELECT s.* FROM sync_runs r JOIN sync_steps s ON s.local_run_id = r.local_run_id
         WHERE r.state = 'pending' AND s.seq = (SELECT min(seq) FROM sync_steps WHERE local_run_id = r.local_run_id AND state <> 'done')
         ORDER BY r.enqueued_at, r.rowid`,
      )
      .all() as StepRow[];
  }

  public step(localRunId: string, seq: number): StepRow | null {
    return (this.db.prepare('SELECT * FROM sync_steps WHERE local_run_id = ? AND seq = ?').get(localRunId, seq) as StepRow | undefined) ?? null;
  }

  /** The result a run's earlier step of this kind stored (the version `register` got, for `set_alias`). */
  public resultOf(localRunId: string, kind: StepKind, beforeSeq: number): unknown {
    const text = this.db.prepare(`SELECT result_json FROM sync_steps WHERE local_run_id = ? AND kind = ? AND seq < ? AND state = 'done' ORDER BY seq DESC LIMIT 1`).pluck().get(localRunId, kind, beforeSeq) as string | null | undefined;
    return text ? JSON.parse(text) : null;
  }

  /** Committed before the request goes out: after a crash, this step's outcome is unknown. */
  public markSending(step: StepRow): void {
    this.db.prepare(`UPDATE sync_steps SET state = 'sending' WHERE local_run_id = ? AND seq = ?`).run(step.local_run_id, step.seq);
  }

  public markDone(step: StepRow, result: unknown, patch: RunPatch): void {
    this.db
      .transaction(() => {
        this.db
          .prepare(`UPDATE sync_steps SET state = 'done', error = NULL, result_json = ?, done_at = ? WHERE local_run_id = ? AND seq = ?`)
          .run(result === undefined ? null : JSON.stringify(result), nowIso(), step.local_run_id, step.seq);
        const sets = Object.keys(patch).map((k) => `${k} = @${k}`);
        if (sets.length) this.db.prepare(`UPDATE sync_runs SET ${sets.join(', ')} WHERE local_run_id = @id`).run({ ...patch, id: step.local_run_id });
        const left = this.db.prepare(`SELECT count(*) FROM sync_steps WHERE local_run_id = ? AND state <> 'done'`).pluck().get(step.local_run_id) as number;
        if (left === 0) this.db.prepare(`UPDATE sync_runs SET state = 'done', error = NULL, done_at = ? WHERE local_run_id = ?`).run(nowIso(), step.local_run_id);
      })
      .immediate();
  }

  /**
   * A failure to be retried at `nextAt`; `charge` counts it against the retry budget. The error stays on the
   * step, which is how the next attempt knows to check the server before sending again.
   */
  public markRetry(step: StepRow, error: string, nextAt: number, charge: boolean, offline: boolean): void {
    this.db
      .transaction(() => {
        this.db
          .prepare(`UPDATE sync_steps SET state = 'pending', attempts = attempts + ?, next_at = ?, error = ? WHERE local_run_id = ? AND seq = ?`)
          .run(charge ? 1 : 0, nextAt, error, step.local_run_id, step.seq);
        this.db.prepare('UPDATE sync_runs SET error = ?, offline = max(offline, ?) WHERE local_run_id = ?').run(error, offline ? 1 : 0, step.local_run_id);
      })
      .immediate();
  }

  public markFailed(step: StepRow, error: string): void {
    this.db
      .transaction(() => {
        this.db.prepare(`UPDATE sync_steps SET state = 'failed', error = ? WHERE local_run_id = ? AND seq = ?`).run(error, step.local_run_id, step.seq);
        this.db.prepare(`UPDATE sync_runs SET state = 'failed', error = ? WHERE local_run_id = ?`).run(`${step.label}: ${error}`, step.local_run_id);
      })
      .immediate();
  }

  /** The manual retry of a failed run: its failed step starts again with a fresh budget. Returns false if none failed. */
  public retry(localRunId: string): boolean {
    return this.db
      .transaction(() => {
        const changed = this.db.prepare(`UPDATE sync_steps SET state = 'pending', attempts = 0, next_at = 0 WHERE local_run_id = ? AND state = 'failed'`).run(localRunId).changes;
        const run = this.db.prepare(`UPDATE sync_runs SET state = 'pending' WHERE local_run_id = ? AND state = 'failed'`).run(localRunId).changes;
        return changed + run > 0;
      })
      .immediate();
  }

  /** Steps done and total per run, for progress. */
  public progress(): Map<string, { done: number; total: number }> {
    const rows = this.db.prepare(`SELECT local_run_id AS id, sum(state = 'done') AS done, count(*) AS total FROM sync_steps GROUP BY local_run_id`).all() as Array<{ id: string; done: number; total: number }>;
    return new Map(rows.map((r) => [r.id, { done: r.done, total: r.total }]));
  }

  public remoteSetting(key: string): string | null {
    return (this.db.prepare('SELECT value FROM sync_remote WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
  }

  public setRemoteSetting(key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM sync_remote WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO sync_remote (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
