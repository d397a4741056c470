/**
 * The catalog's record of training runs (migration 008): created when the manager starts one, updated from
 * the bridge's protocol events as they come, closed when the process ends. Every write is one transaction,
 * so a reader (the Runs view, `udw runs`, a second process) never sees half an epoch.
 */
import type { BridgeEvent } from '../../shared/training/protocol';
import type { Evaluation, RunStatus, RunSummary, TrainParams } from '../../shared/api/training.contract';
import type { CatalogDb } from '../db/openCatalog';

export interface NewRun {
  runId: string;
  snapshotId: string | null;
  datasetDir: string;
  dir: string;
  params: TrainParams;
  python: string;
  nproc: number;
  resumedFrom: string | null;
  createdAt?: string;
}

export interface RunRecord extends RunSummary {
  params: Record<string, unknown>;
  effectiveParams: Record<string, unknown> | null;
  datasetDir: string | null;
  dir: string;
  python: string | null;
  nproc: number;
  bestEpoch: number | null;
  exitCode: number | null;
  versions: { bridge: string | null; torch: string | null; python: string | null };
  epochsLog: Array<{ epoch: number; metrics: Record<string, number> }>;
  artifacts: Array<{ kind: string; path: string; bytes: number | null; sha256: string | null }>;
  evaluation: Evaluation | null;
}

export interface RunEnd {
  status: Extract<RunStatus, 'finished' | 'failed' | 'cancelled'>;
  exitCode: number | null;
  error: string | null;
  endedAt?: string;
}

interface RunRow {
  id: string;
  status: RunStatus;
  snapshot_id: string | null;
  dataset_dir: string | null;
  dir: string;
  params_json: string;
  effective_json: string | null;
  python: string | null;
  device: string | null;
  nproc: number;
  bridge_version: string | null;
  torch_version: string | null;
  python_version: string | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  epoch: number;
  epochs: number | null;
  best_epoch: number | null;
  model: string | null;
  exit_code: number | null;
  error: string | null;
  resumed_from: string | null;
  evaluation_json: string | null;
}

const now = (): string => new Date().toISOString();

/** What an epoch event measures, under the names the metrics of a run are listed by. */
function epochMetrics(e: Extract<BridgeEvent, { type: 'epoch' }>): Record<string, number> {
  const out: Record<string, number> = { 'train/loss': e.trainLoss, lr: e.lr, 'epoch/seconds': e.seconds, 'epoch/samples_per_second': e.samplesPerSecond };
  if (e.valLoss !== null) out['val/loss'] = e.valLoss;
  return out;
}

export class RunStore {
  public constructor(private readonly db: CatalogDb) {}

  public create(run: NewRun): void {
    this.db
      .prepare(
        `INSERT INTO runs (id, status, snapshot_id, dataset_dir, dir, params_json, python, nproc, created_at, epochs, resumed_from)
         VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(run.runId, run.snapshotId, run.datasetDir, run.dir, JSON.stringify(run.params), run.python, run.nproc, run.createdAt ?? now(), run.params.epochs ?? null, run.resumedFrom);
  }

  public markRunning(runId: string, at: string = now()): void {
    this.db.prepare(`UPDATE runs SET status = 'running', started_at = coalesce(started_at, ?) WHERE id = ? AND status = 'queued'`).run(at, runId);
  }

  /** One protocol event into the record. Step events are progress only and are not stored. */
  public applyEvent(runId: string, event: BridgeEvent): void {
    this.db.transaction(() => this.apply(runId, event)).immediate();
  }

  /** The run ended: its status, exit code and error; anything still marked live is closed. */
  public finish(runId: string, end: RunEnd): void {
    this.db
      .prepare(`UPDATE runs SET status = ?, exit_code = ?, error = coalesce(?, error), ended_at = ? WHERE id = ?`)
      .run(end.status, end.exitCode, end.error, end.endedAt ?? now(), runId);
  }

  public setEvaluation(runId: string, evaluation: Evaluation): void {
    this.db.prepare('UPDATE runs SET evaluation_json = ? WHERE id = ?').run(JSON.stringify(evaluation), runId);
  }

  /**
   * Runs left queued or running by a workstation that stopped (crashed, killed, switched off): failed, with
   * `why`. `stillRunning` spares the ones another live process is running (runOwner.ts). Returns the ids marked.
   */
  public failStale(why: string, stillRunning: (run: { runId: string; dir: string }) => boolean, at: string = now()): string[] {
    return this.db
      .transaction(() => {
        const live = this.db.prepare(`SELECT id AS runId, dir FROM runs WHERE status IN ('queued', 'running') ORDER BY id`).all() as Array<{ runId: string; dir: string }>;
        const stale = live.filter((r) => !stillRunning(r)).map((r) => r.runId);
        const mark = this.db.prepare(`UPDATE runs SET status = 'failed', error = ?, ended_at = coalesce(ended_at, ?) WHERE id = ?`);
        for (const id of stale) mark.run(why, at, id);
        return stale;
      })
      .immediate();
  }

  public status(runId: string): RunStatus | null {
    return (this.db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId) as RunStatus | undefined) ?? null;
  }

  /** Newest first. */
  public list(): RunSummary[] {
    const rows = this.db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id DESC').all() as RunRow[];
    const latest = this.latestMetrics();
    return rows.map((row) => summaryOf(row, latest.get(row.id) ?? {}));
  }

  public get(runId: string): RunRecord | null {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    if (!row) return null;
    const metricRows = this.db.prepare('SELECT epoch, key, value FROM run_metrics WHERE run_id = ? ORDER BY epoch, key').all(runId) as Array<{ epoch: number | null; key: string; value: number }>;
    const byEpoch = new Map<number, Record<string, number>>();
    for (const m of metricRows) {
      if (m.epoch === null) continue;
      let rec = byEpoch.get(m.epoch);
      if (!rec) byEpoch.set(m.epoch, (rec = {}));
      rec[m.key] = m.value;
    }
    const artifacts = this.db.prepare('SELECT kind, path, bytes, sha256 FROM run_artifacts WHERE run_id = ? ORDER BY at, path').all(runId) as RunRecord['artifacts'];
    return {
      ...summaryOf(row, this.latestMetrics(runId).get(runId) ?? {}),
      params: JSON.parse(row.params_json) as Record<string, unknown>,
      effectiveParams: row.effective_json ? (JSON.parse(row.effective_json) as Record<string, unknown>) : null,
      datasetDir: row.dataset_dir,
      dir: row.dir,
      python: row.python,
      nproc: row.nproc,
      bestEpoch: row.best_epoch,
      exitCode: row.exit_code,
      versions: { bridge: row.bridge_version, torch: row.torch_version, python: row.python_version },
      epochsLog: [...byEpoch].map(([epoch, metrics]) => ({ epoch, metrics })),
      artifacts,
      evaluation: row.evaluation_json ? (JSON.parse(row.evaluation_json) as Evaluation) : null,
    };
  }

  /** Per run, each metric's latest value: the end-of-run figure when there is one, else the last epoch's. */
  private latestMetrics(runId?: string): Map<string, Record<string, number>> {
    const rows = this.db
      .prepare(
        `SELECT run_id, key, value FROM run_metrics ${runId ? 'WHERE run_id = ?' : ''}
         ORDER BY run_id, key, CASE WHEN epoch IS NULL THEN 1 ELSE 0 END, epoch`,
      )
      .all(...(runId ? [runId] : [])) as Array<{ run_id: string; key: string; value: number }>;
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) {
      let rec = out.get(r.run_id);
      if (!rec) out.set(r.run_id, (rec = {}));
      rec[r.key] = r.value; // ordered so the last write is the latest
    }
    return out;
  }

  private apply(runId: string, event: BridgeEvent): void {
    switch (event.type) {
      case 'start':
        this.db
          .prepare(
            `UPDATE runs SET status = CASE WHEN status = 'queued' THEN 'running' ELSE status END, started_at = coalesce(started_at, ?),
               device = ?, bridge_version = ?, torch_version = ?, python_version = ?, effective_json = ?, epochs = ?, epoch = max(epoch, ?)
             WHERE id = ?`,
          )
          .run(now(), event.device, event.bridge, event.torch, event.python, JSON.stringify(event.params), event.epochs, event.startEpoch, runId);
        return;
      case 'epoch':
        this.db
          .prepare('UPDATE runs SET epoch = ?, epochs = ?, best_epoch = CASE WHEN ? THEN ? ELSE best_epoch END WHERE id = ?')
          .run(event.epoch, event.epochs, event.best ? 1 : 0, event.epoch, runId);
        this.putMetrics(runId, event.epoch, epochMetrics(event));
        return;
      case 'metrics':
        this.putMetrics(runId, event.epoch, event.metrics);
        return;
      case 'checkpoint':
        this.putArtifact(runId, 'checkpoint', event.path, null, null);
        return;
      case 'artifact':
        this.putArtifact(runId, event.kind, event.path, event.bytes ?? null, event.sha256 ?? null);
        if (event.kind === 'onnx') this.db.prepare('UPDATE runs SET model = ? WHERE id = ?').run(event.path, runId);
        return;
      case 'done':
        this.putMetrics(runId, null, event.metrics);
        this.db
          .prepare('UPDATE runs SET model = coalesce(?, model), best_epoch = coalesce(?, best_epoch) WHERE id = ?')
          .run(event.model, event.bestEpoch, runId);
        return;
      case 'error':
        this.db.prepare('UPDATE runs SET error = ? WHERE id = ?').run(`${event.kind}: ${event.message}${event.file ? ` (${event.file})` : ''}`, runId);
        return;
      case 'step':
        return;
    }
  }

  private putMetrics(runId: string, epoch: number | null, metrics: Record<string, number>): void {
    const drop = this.db.prepare('DELETE FROM run_metrics WHERE run_id = ? AND epoch IS ? AND key = ?');
    const put = this.db.prepare('INSERT INTO run_metrics (run_id, epoch, key, value) VALUES (?, ?, ?, ?)');
    for (const [key, value] of Object.entries(metrics)) {
      if (!Number.isFinite(value)) continue;
      drop.run(runId, epoch, key);
      put.run(runId, epoch, key, value);
    }
  }

  private putArtifact(runId: string, kind: string, path: string, bytes: number | null, sha256: string | null): void {
    this.db
      .prepare(
        `INSERT INTO run_artifacts (run_id, kind, path, bytes, sha256, at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, bytes = coalesce(excluded.bytes, bytes), sha256 = coalesce(excluded.sha256, sha256)`,
      )
      .run(runId, kind, path, bytes, sha256, now());
  }
}

function summaryOf(row: RunRow, metrics: Record<string, number>): RunSummary {
  return {
    runId: row.id,
    status: row.status,
    snapshotId: row.snapshot_id,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    epoch: row.epoch,
    epochs: row.epochs,
    device: row.device,
    metrics,
    model: row.model,
    error: row.error,
    resumedFrom: row.resumed_from,
  };
}
