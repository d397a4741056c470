/**
 * Training (issue 12): dataset snapshots, training runs of python-bridge, and the runs they leave.
 *
 * A run is one `python -m udw_bridge train` process (or a torchrun group of them) started by the back end's
 * training manager; the renderer never names a program or a path to execute. Runs, their parameters,
 * per-epoch metrics, artifacts and evaluation are stored in the catalog; the events below stream the live
 * part (protocol events, console output) while a run is going.
 */
import { z } from 'zod';
import { BridgeEvent } from '../training/protocol';
import { DatasetChannel, DatasetSource, GroupBy, ValOrder } from '../training/manifest';
import { event, request } from './define';

export const SnapshotId = z.string().regex(/^[0-9a-f]{64}$/, 'a snapshot id (64 hex digits)');
export const RunId = z.string().regex(/^run-[0-9a-z]{6,40}$/, 'a run id (run- and 6–40 lowercase letters or digits)');

export const DatasetOptions = z
  .object({
    sources: z.array(DatasetSource).min(1).optional(),
    classes: z.array(z.string().min(1).max(64)).min(1).max(32).optional(),
    channels: z.array(DatasetChannel).min(1).optional(),
    groupBy: GroupBy.optional(),
    valFraction: z.number().min(0).max(0.9).optional(),
    valOrder: ValOrder.optional(),
    folds: z.number().int().min(2).max(50).nullable().optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    stepMm: z.number().min(0.001).max(1).optional(),
    minClasses: z.number().int().min(1).max(32).optional(),
    /** Only files under this folder (any depth). */
    folder: z.string().min(1).max(4096).nullable().optional(),
  })
  .strict();
export type DatasetOptions = z.infer<typeof DatasetOptions>;

export const SnapshotSummary = z.object({
  snapshotId: SnapshotId,
  dir: z.string(),
  createdAt: z.string(),
  files: z.number().int(),
  train: z.number().int(),
  val: z.number().int(),
  groups: z.number().int(),
  folds: z.number().int().nullable(),
  classes: z.array(z.string()),
  channels: z.array(z.string()),
  groupBy: z.string(),
  sources: z.array(z.string()),
  excluded: z.number().int(),
  labels: z.record(z.string(), z.number().int()),
  /** True when an identical snapshot already existed (same id): nothing was rewritten. */
  reused: z.boolean(),
});
export type SnapshotSummary = z.infer<typeof SnapshotSummary>;

export const TrainDevice = z.enum(['auto', 'cpu', 'cuda', 'mps']);

/** Training parameters the GUI and the CLI may set; python-bridge's defaults fill the rest. */
export const TrainParams = z
  .object({
    epochs: z.number().int().min(1).max(10_000).optional(),
    batchSize: z.number().int().min(1).max(4096).optional(),
    lr: z.number().positive().max(1).optional(),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    device: TrainDevice.optional(),
    patience: z.number().int().min(0).max(10_000).optional(),
    /** k-fold: which fold is validation (needs a snapshot made with folds). */
    fold: z.number().int().min(0).max(49).nullable().optional(),
    /** Local worker processes under torchrun (DistributedDataParallel); 1 = a plain process. */
    nproc: z.number().int().min(1).max(64).optional(),
    dryRun: z.boolean().optional(),
  })
  .strict();
export type TrainParams = z.infer<typeof TrainParams>;

export const RunStatus = z.enum(['queued', 'running', 'finished', 'failed', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunSummary = z.object({
  runId: RunId,
  status: RunStatus,
  snapshotId: SnapshotId.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  /** The epoch reached and the epochs asked for. */
  epoch: z.number().int(),
  epochs: z.number().int().nullable(),
  device: z.string().nullable(),
  /** Latest value of each metric (val/exit_mae_mm, train/loss…). */
  metrics: z.record(z.string(), z.number()),
  /** The verified ONNX model, once there is one. */
  model: z.string().nullable(),
  error: z.string().nullable(),
  resumedFrom: RunId.nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const EpochRow = z.object({ epoch: z.number().int(), metrics: z.record(z.string(), z.number()) });
export const RunArtifact = z.object({ kind: z.string(), path: z.string(), bytes: z.number().int().nullable(), sha256: z.string().nullable() });

export const KeypointEvaluation = z.object({
  n: z.number().int(),
  mae: z.number().nullable(),
  rmse: z.number().nullable(),
  median: z.number().nullable(),
  p95: z.number().nullable(),
  max: z.number().nullable(),
  bias: z.number().nullable(),
  within025: z.number().nullable(),
  within05: z.number().nullable(),
  within1: z.number().nullable(),
});
export const Evaluation = z.looseObject({
  keypoints: z.record(z.string(), KeypointEvaluation),
  gripCodeExact: z.number().nullable().optional(),
  groups: z.record(z.string(), z.record(z.string(), KeypointEvaluation)).optional(),
});
export type Evaluation = z.infer<typeof Evaluation>;

export const RunDetail = RunSummary.extend({
  params: z.record(z.string(), z.unknown()),
  epochsLog: z.array(EpochRow),
  artifacts: z.array(RunArtifact),
  evaluation: Evaluation.nullable(),
  versions: z.object({ bridge: z.string().nullable(), torch: z.string().nullable(), python: z.string().nullable() }),
  dir: z.string(),
  /** The last lines of the console (the whole console is in the run folder's console.log). */
  consoleTail: z.array(z.string()),
});
export type RunDetail = z.infer<typeof RunDetail>;

export const PythonSetupResult = z.object({ python: z.string(), venv: z.string(), installed: z.array(z.string()), ok: z.boolean(), message: z.string() });

export const trainingContract = {
  'datasets.create': request('Build (or reuse) a dataset snapshot from the catalog', DatasetOptions, SnapshotSummary),
  'datasets.list': request('Dataset snapshots built on this workstation, newest first', z.object({}).strict(), z.array(SnapshotSummary)),
  'training.start': request(
    'Start a training run on a snapshot',
    z.object({ snapshotId: SnapshotId, params: TrainParams.default({}) }).strict(),
    z.object({ runId: RunId }),
  ),
  'training.cancel': request('Cancel a running training (it checkpoints, then stops)', z.object({ runId: RunId }).strict(), z.object({ runId: RunId, status: RunStatus })),
  'training.resume': request('Continue a cancelled or failed run from its last checkpoint, as a new run', z.object({ runId: RunId }).strict(), z.object({ runId: RunId })),
  'runs.list': request('Training runs, newest first', z.object({}).strict(), z.array(RunSummary)),
  'runs.get': request('One run in full', z.object({ runId: RunId }).strict(), RunDetail),
  'python.setup': request('Create the Python environment from python-bridge/requirements.txt (or check the configured interpreter)', z.object({}).strict(), PythonSetupResult),
  'training.event': event('A protocol event of a running training', z.object({ runId: RunId, event: BridgeEvent })),
  'training.console': event('Console output of a running training (terminal text, may hold ANSI sequences and carriage returns)', z.object({ runId: RunId, data: z.string() })),
  'runs.changed': event('A run was created or changed status', z.object({ runId: RunId, status: RunStatus })),
  'python.setupProgress': event('Progress of the Python set-up', z.object({ line: z.string() })),
} as const;
