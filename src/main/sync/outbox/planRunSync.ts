/**
 * What syncing one local training run means, as outbox steps with their exact payloads: create the MLflow
 * run (found again by its sync id), log params, tags and every metric point in chunks the server accepts,
 * upload the files, record the dataset snapshot, set the final status. Metric timestamps are fixed here
 * (from the run's start time and epoch), so a step redone after a crash sends the very same points and the
 * server's history can be checked against them.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CatalogDb } from '../../db/openCatalog';
import type { RunRecord } from '../../training/runStore';
import { splitBatch, type Batch, type KeyValue, type Metric } from '../mlflow/batchSplit';
import { SYNC_ID_TAG } from '../mlflow/mlflowClient';
import { dvcFileOf } from '../dvc/snapshotPush';
import { workspaceDirFor } from '../dvc/workspaceLocation';
import type { PlannedStep } from './outboxStore';

/** Recent servers take 6,000; the cap every server since 1.x accepts (REFERENCE §1.4). */
const PARAM_VALUE_MAX = 500;
const KEY_MAX = 250;
/** Checkpoints are for resuming on this machine and can be large; the model, evaluation, plots and logs travel. */
const SKIPPED_KINDS = new Set(['checkpoint']);

export const OFFLINE_TAG = 'udw.offline';

export interface CreateRunPayload {
  runName: string;
  startTime: number;
  tags: KeyValue[];
}
export interface LogBatchPayload {
  chunk: number;
  of: number;
  batch: Batch;
}
export interface UploadPayload {
  file: string;
  artifactPath: string;
  /**
   * The server's copy is checked by the run's finish step (listed there with the others) rather than right
   * after the PUT. Absent in steps planned before that check existed: those check at once, as they did.
   */
  checkLater?: boolean;
}
export interface LogInputsPayload {
  name: string;
  digest: string;
  source: string;
  /** The full snapshot id (the digest keeps MLflow's 36 characters of it). */
  snapshotId?: string;
  /** The data workspace's .dvc file of the snapshot: when it exists at send time, its DVC md5 goes with the input. */
  dvcFile?: string;
}
export interface FinishPayload {
  status: 'FINISHED' | 'FAILED' | 'KILLED';
  endTime: number;
  /** The run's uploads planned with `checkLater`: checked (and a wrong copy sent again) before the status is set. */
  uploads?: Array<{ file: string; artifactPath: string }>;
}
export interface RegisterPayload {
  model: string;
  /** The artifact folder holding the model, under the run's artifact URI. */
  artifactDir: string;
  /** The ONNX file's name under artifactDir and its SHA-256, tagged on the version so a pull can check the bytes. */
  onnxFile?: string;
  onnxSha256?: string;
}
export interface SetAliasPayload {
  model: string;
  alias: string;
}

/** MLflow keys allow letters, digits, `_ - . / space`; anything else becomes `_`. */
export function mlflowKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_\-./ ]/g, '_').replace(/^\/+/, '').replace(/\.\.+/g, '_').slice(0, KEY_MAX) || '_';
}

function flatten(obj: Record<string, unknown>, prefix = ''): KeyValue[] {
  const out: KeyValue[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v as Record<string, unknown>, key));
    else if (v !== undefined) out.push({ key: mlflowKey(key), value: (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, PARAM_VALUE_MAX) });
  }
  return out;
}

const ms = (iso: string | null, fallback: number): number => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : fallback;
};

/** Every stored value of the run: one point per (epoch, key); the end-of-run figures at the last epoch's step. */
function metricPoints(db: CatalogDb, run: RunRecord): Metric[] {
  const rows = db.prepare('SELECT epoch, key, value FROM run_metrics WHERE run_id = ? ORDER BY ifnull(epoch, 1e18), key').all(run.runId) as Array<{ epoch: number | null; key: string; value: number }>;
  const start = ms(run.startedAt ?? run.createdAt, 0);
  const lastEpoch = rows.reduce((m, r) => (r.epoch !== null && r.epoch > m ? r.epoch : m), 0);
  const end = ms(run.endedAt, start + lastEpoch + 1);
  return rows.map((r) => ({ key: mlflowKey(r.key), value: r.value, step: r.epoch ?? lastEpoch, timestamp: r.epoch === null ? end : start + r.epoch }));
}

/** A file of the run as an artifact path: relative to the run folder, the ONNX model under model/. */
function artifactPathOf(run: RunRecord, kind: string, file: string): string {
  const abs = path.isAbsolute(file) ? file : path.join(run.dir, file);
  const rel = path.relative(run.dir, abs);
  const inside = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : path.basename(abs);
  return kind === 'onnx' ? `model/${path.basename(abs)}` : inside;
}

const STATUS: Record<string, FinishPayload['status']> = { finished: 'FINISHED', failed: 'FAILED', cancelled: 'KILLED' };

/** The folder of the catalog's file (null for an in-memory catalog): where its data workspace is found. */
function catalogDirOf(db: CatalogDb): string | null {
  return db.memory || !db.name ? null : path.dirname(path.resolve(db.name));
}

export function planRunSync(db: CatalogDb, run: RunRecord, syncId: string): PlannedStep[] {
  const catalogDir = catalogDirOf(db);
  const createdAt = ms(run.createdAt, Date.now());
  const steps: PlannedStep[] = [];
  const createTags: KeyValue[] = [
    { key: SYNC_ID_TAG, value: syncId },
    { key: 'udw.local_run_id', value: run.runId },
    { key: 'mlflow.source.name', value: 'udw' },
    { key: 'mlflow.source.type', value: 'LOCAL' },
  ];
  steps.push({ kind: 'create_run', label: 'create run', payload: { runName: run.runId, startTime: ms(run.startedAt, createdAt), tags: createTags } satisfies CreateRunPayload });

  const tags: KeyValue[] = [
    ...(run.snapshotId ? [{ key: 'udw.snapshot_id', value: run.snapshotId }] : []),
    ...(run.device ? [{ key: 'udw.device', value: run.device }] : []),
    ...(run.resumedFrom ? [{ key: 'udw.resumed_from', value: run.resumedFrom }] : []),
    ...Object.entries(run.versions).flatMap(([k, v]) => (v ? [{ key: `udw.version.${k}`, value: v }] : [])),
    ...(run.error ? [{ key: 'udw.error', value: run.error.slice(0, 5000) }] : []),
  ];
  const params = flatten({ ...(run.effectiveParams ?? run.params), nproc: run.nproc });
  const chunks = splitBatch({ params, tags, metrics: metricPoints(db, run) });
  chunks.forEach((batch, i) => steps.push({ kind: 'log_batch', label: `log chunk ${i + 1} of ${chunks.length}`, payload: { chunk: i + 1, of: chunks.length, batch } satisfies LogBatchPayload }));

  const uploads: Array<{ file: string; artifactPath: string }> = [];
  for (const a of run.artifacts) {
    if (SKIPPED_KINDS.has(a.kind)) continue;
    const file = path.isAbsolute(a.path) ? a.path : path.join(run.dir, a.path);
    if (!fs.existsSync(file)) continue; // gone since the run (cleaned up): nothing to send
    const artifactPath = artifactPathOf(run, a.kind, a.path);
    uploads.push({ file, artifactPath });
    steps.push({ kind: 'upload', label: `upload ${artifactPath}`, payload: { file, artifactPath, checkLater: true } satisfies UploadPayload });
  }

  if (run.snapshotId) {
    // MLflow keeps dataset digests to 36 characters; the full snapshot id is the udw.snapshot_id tag.
    const dvcFile = catalogDir ? path.join(workspaceDirFor(catalogDir, null), dvcFileOf(run.snapshotId)) : undefined;
    steps.push({
      kind: 'log_inputs',
      label: 'log dataset input',
      payload: { name: `snapshot-${run.snapshotId.slice(0, 12)}`, digest: run.snapshotId.slice(0, 36), source: run.datasetDir ?? '', snapshotId: run.snapshotId, ...(dvcFile ? { dvcFile } : {}) } satisfies LogInputsPayload,
    });
  }
  const status = STATUS[run.status] ?? 'FAILED';
  const finishLabel = uploads.length ? `check ${uploads.length} upload${uploads.length === 1 ? '' : 's'}, finish (${status})` : `finish (${status})`;
  steps.push({ kind: 'finish', label: finishLabel, payload: { status, endTime: ms(run.endedAt, createdAt), uploads } satisfies FinishPayload });
  return steps;
}

/** Registering the run's ONNX model (uploaded under model/) as a version of `model`, then pointing `alias` at it. */
export function planRegistration(model: string, alias: string | null, onnx?: { file: string; sha256: string }): PlannedStep[] {
  const payload: RegisterPayload = { model, artifactDir: 'model', ...(onnx ? { onnxFile: onnx.file, onnxSha256: onnx.sha256 } : {}) };
  const steps: PlannedStep[] = [{ kind: 'register', label: `register model ${model}`, payload }];
  if (alias) steps.push({ kind: 'set_alias', label: `set alias ${model}@${alias}`, payload: { model, alias } satisfies SetAliasPayload });
  return steps;
}
