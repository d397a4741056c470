/**
 * Models in the app (issue 13): the local registry of ONNX models, predictions for one file, and batch
 * inference that stores predictions as proposals (source `model`, provenance `model:<model id>`), reviewed
 * like the stop-code proposals. The renderer never names a file to load: a model comes from a training run
 * (by run id) here, or from a file the user picked in a dialog of the back end or gave `udw models import`.
 */
import { z } from 'zod';
import { AutolabelScope } from './autolabel.contract';
import { FileId } from './catalog.contract';
import { event, request } from './define';
import { Evaluation, RunId } from './training.contract';

export const ModelId = z.string().regex(/^model-[0-9a-f]{16}$/, 'a model id (model- and 16 hex digits)');
export const InferJobId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'a job id of 1–64 letters, digits, _ . : or -');

const Count = z.number().int().nonnegative();
const Confidence = z.number().min(0).max(1);

export const ModelInfo = z.object({
  id: ModelId,
  name: z.string(),
  /** The registry's copy: `<catalog folder>/models/<id>.onnx`. */
  path: z.string(),
  sha256: z.string(),
  bytes: Count,
  runId: z.string().nullable(),
  snapshotId: z.string().nullable(),
  channels: z.array(z.string()),
  classes: z.array(z.string()),
  stepMm: z.number(),
  bridgeVersion: z.string().nullable(),
  evaluation: Evaluation.nullable(),
  importedAt: z.string(),
  active: z.boolean(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const Prediction = z.object({
  classId: z.string(),
  /** Depth (mm, positive, as label depths). */
  depth: z.number(),
  /** From the heatmap: peak height × prominence over the strongest response elsewhere. */
  confidence: Confidence,
  /** Fractional sample on the model's depth grid. */
  sample: z.number(),
});
export type Prediction = z.infer<typeof Prediction>;

export const FilePredictions = z.object({ modelId: ModelId, fileId: FileId, path: z.string(), predictions: z.array(Prediction) });
export type FilePredictions = z.infer<typeof FilePredictions>;

const FileRef = z.object({ fileId: FileId, path: z.string() });

export const InferBatchResult = z.object({
  jobId: InferJobId,
  modelId: ModelId,
  /** complete: every file of the scope done; cancelled: stopped early (run it again with the jobId to go on). */
  state: z.enum(['complete', 'cancelled']),
  files: Count,
  done: Count,
  /** Files already done when this run started (a resumed job skips them). */
  resumedFrom: Count,
  /** Proposals stored, untouched earlier model proposals replaced, and those not stored because a decided label of their class exists. */
  created: Count,
  removed: Count,
  skipped: Count,
  failed: z.array(FileRef.extend({ message: z.string() })),
  /** Inference process crashes during the run (each was reported; the run restarted it and went on). */
  crashes: Count,
});
export type InferBatchResult = z.infer<typeof InferBatchResult>;

export const InferProgress = z.object({ jobId: InferJobId, done: Count, total: Count, filesPerSecond: z.number().nonnegative() });
export type InferProgress = z.infer<typeof InferProgress>;

export const ProposeFileResult = z.object({
  /** The model that predicted (the active one by default); null when no model is active (nothing done). */
  modelId: ModelId.nullable(),
  fileId: FileId,
  /** True when predictions were computed and stored now; false when this model's proposals were there already (a batch run or an earlier open) or no model is active. */
  stored: z.boolean(),
  created: Count,
  removed: Count,
  skipped: Count,
});
export type ProposeFileResult = z.infer<typeof ProposeFileResult>;

/** Where a pulled model came from (models.remoteLineage; `udw models --json` prints the same under `remote`). */
export const ModelRemote = z.object({
  server: z.string(),
  name: z.string(),
  version: z.string(),
  /** The MLflow run the version was made from. */
  runId: z.string().nullable(),
  source: z.string(),
  file: z.string(),
  sha256: z.string(),
  pulledAt: z.string(),
  /** Aliases that pointed at this version when last pulled. */
  aliases: z.array(z.string()),
  /** Aliases that moved to or away from this version, as last seen. */
  aliasMoves: z.array(z.object({ alias: z.string(), from: z.string().nullable(), to: z.string(), at: z.string().nullable() })),
});
export type ModelRemote = z.infer<typeof ModelRemote>;

/** NAME@ALIAS, NAME/VERSION, NAME@latest or models:/…, as `udw models pull` takes it (parsed and checked by the back end). */
export const ModelVersionRefText = z
  .string()
  .trim()
  .min(1, 'a registered model: NAME@ALIAS or NAME/VERSION')
  .max(300, 'a registered model reference of at most 300 characters');

export const ModelPullResult = z.object({
  model: ModelInfo,
  remote: ModelRemote,
  /** False when this version was here already (nothing downloaded). */
  pulled: z.boolean(),
  aliasMoved: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** How the downloaded bytes were checked before import: against the version's SHA-256 tag, or by size only. */
  verified: z.enum(['sha256', 'size']).nullable(),
  message: z.string(),
});
export type ModelPullResult = z.infer<typeof ModelPullResult>;

export const modelsContract = {
  'models.list': request('The registered models, newest first', z.object({}).strict(), z.array(ModelInfo)),
  'models.import': request(
    "Register a training run's verified model.onnx (copied into the catalog folder's models/) with its evaluation and lineage",
    z.object({ runId: RunId, name: z.string().min(1).max(200).optional() }).strict(),
    ModelInfo,
  ),
  'models.importPick': request(
    'Import an .onnx model the user picks in the native file dialog (desktop app only; elsewhere `udw models import FILE.onnx`); ' +
      'model is null when the dialog was cancelled',
    z.object({ name: z.string().min(1).max(200).optional() }).strict(),
    z.object({ model: ModelInfo.nullable() }),
  ),
  'models.activate': request('Make a model the active one (the one predictions use by default)', z.object({ modelId: ModelId }).strict(), ModelInfo),
  'models.remove': request('Remove a model from the registry (its copy is deleted; proposals it made stay)', z.object({ modelId: ModelId }).strict(), z.object({ removed: z.boolean() })),
  'models.predict': request(
    "One file's predictions by a model (the active one by default); nothing is stored",
    z.object({ fileId: FileId, modelId: ModelId.optional() }).strict(),
    FilePredictions,
  ),
  'models.proposeFile': request(
    "Pre-annotate one file when it opens: the model's predictions stored as proposals (source model) unless this model has proposed on the file " +
      'already (its proposals, decided or not, are kept); with no active model nothing is done. Emits labels.changed when it stored any.',
    z.object({ fileId: FileId, modelId: ModelId.optional() }).strict(),
    ProposeFileResult,
  ),
  'models.inferBatch': request(
    'Predict a scope of the catalog and store the predictions as proposals (source model); resolves when done or cancelled. ' +
      'A jobId of a held job resumes it (the files it has done are skipped).',
    z.object({ scope: AutolabelScope, modelId: ModelId.optional(), jobId: InferJobId.optional() }).strict(),
    InferBatchResult,
  ),
  'models.cancel': request('Stop a running batch inference (what it stored stays)', z.object({ jobId: InferJobId }).strict(), z.object({ cancelled: z.boolean() })),
  'models.pull': request(
    'Pull a registered model version from the MLflow server set under Sync (by NAME@ALIAS or NAME/VERSION) into the local registry, ' +
      'with its lineage; pulling again while the alias stays put downloads nothing, and a moved alias is said to have moved',
    z.object({ ref: ModelVersionRefText }).strict(),
    ModelPullResult,
  ),
  'models.remoteLineage': request(
    'Where each pulled model came from (server, registered name, version, aliases and their moves), by model id',
    z.object({}).strict(),
    z.record(ModelId, ModelRemote),
  ),
  'models.progress': event('Progress of a batch inference', InferProgress),
  'models.inferenceCrashed': event(
    'The inference process crashed: inference is disabled until the next request restarts it',
    z.object({ message: z.string(), pid: z.number().int().nullable() }),
  ),
} as const;
