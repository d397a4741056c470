/**
 * Models of one catalog, for the API handlers and the CLI: the registry, predictions for a catalog file, and
 * batch inference jobs (one running at a time; held in memory so a cancelled job can be resumed). The
 * inference service is lent by whoever builds this (a Node child here, a utilityProcess under Electron).
 */
import { randomUUID } from 'node:crypto';
import type { AutolabelScope } from '../../shared/api/autolabel.contract';
import { ApiError } from '../../shared/api/errors';
import type { FilePredictions, InferBatchResult, Prediction } from '../../shared/api/models.contract';
import type { CatalogDb } from '../db/openCatalog';
import { scopeKey } from '../labels/autolabel/autolabelJob';
import { resolveScope, type ScopeFile } from '../labels/autolabel/scope';
import type { LabelSchemaStore } from '../labels/labelSchemaStore';
import type { LabelStore } from '../labels/labelStore';
import { requireFile } from '../labels/requireFile';
import type { CheckedModel } from './checkedModel';
import { InferJob, runInferJob, type JobProgress } from './inferJob';
import { InferenceCrashError, InferenceRequestError, type InferenceService } from './inferenceService';
import { storeManyPredictions, storePredictions } from './modelProposals';
import { ModelRegistry } from './modelRegistry';
import type { ModelRecord } from './modelStore';
import { predict } from './predict';
import { inputFromCatalog, PreprocessError } from './preprocess';

export const MAX_HELD_JOBS = 8;

export interface ModelServiceOptions {
  db: CatalogDb;
  catalogPath: string;
  inference: InferenceService;
  labels: LabelStore;
  schema: LabelSchemaStore;
  annotator: () => string;
}

export interface BatchRequest {
  scope: AutolabelScope;
  modelId?: string;
  jobId?: string;
}

export interface BatchHooks {
  onProgress?: (jobId: string, p: JobProgress) => void;
  onCrash?: (err: InferenceCrashError) => void;
  /** After each file whose labels changed, with the file's newest event seq. */
  onFileChanged?: (fileId: number, seq: number) => void;
}

/** A request failure a person can act on, as an ApiError (the crash and refusals keep their words). */
export function asApiError(err: unknown): unknown {
  if (err instanceof PreprocessError || err instanceof InferenceRequestError) return new ApiError('invalid_payload', err.message);
  if (err instanceof InferenceCrashError) return new ApiError('failed', err.message);
  return err;
}

export class ModelService {
  public readonly registry: ModelRegistry;
  private readonly jobs = new Map<string, InferJob>();

  public constructor(private readonly opts: ModelServiceOptions) {
    this.registry = new ModelRegistry({ db: opts.db, catalogPath: opts.catalogPath, inference: opts.inference });
  }

  public get inference(): InferenceService {
    return this.opts.inference;
  }

  /** Predictions for a catalog file (nothing stored). */
  public async predictFile(fileId: number, modelId?: string): Promise<FilePredictions> {
    requireFile(this.opts.db, fileId);
    const path = this.opts.db.prepare('SELECT path FROM files WHERE id = ?').pluck().get(fileId) as string;
    const model = this.registry.resolve(modelId);
    const checked = await this.registry.open(model);
    try {
      return { modelId: model.id, fileId, path, predictions: await this.predictCatalogFile(checked, fileId, path) };
    } catch (err) {
      throw asApiError(err);
    }
  }

  public async predictCatalogFile(model: CheckedModel, fileId: number, path: string): Promise<Prediction[]> {
    return predict(this.opts.inference, model, inputFromCatalog(this.opts.db, fileId, path, model.metadata));
  }

  public store(fileId: number, model: ModelRecord, predictions: Prediction[]) {
    return storePredictions(this.opts.labels, this.opts.schema, fileId, model.id, predictions, this.opts.annotator());
  }

  /** Runs (or resumes) a batch job; resolves when it is complete or cancelled. */
  public async inferBatch(req: BatchRequest, hooks: BatchHooks = {}): Promise<InferBatchResult> {
    const busy = [...this.jobs.values()].find((j) => j.running);
    if (busy) throw new ApiError('conflict', `a batch inference is already running (job '${busy.id}'); cancel it or wait for it to end`);
    const job = this.jobFor(req);
    const model = this.registry.resolve(job.modelId);
    const checked = await this.registry.open(model);
    const controller = new AbortController();
    job.running = controller;
    try {
      return await runInferJob(job, {
        signal: controller.signal,
        onProgress: (p) => hooks.onProgress?.(job.id, p),
        onCrash: hooks.onCrash,
        step: {
          predict: (file: ScopeFile) => this.predictCatalogFile(checked, file.fileId, file.path),
          store: (items) => {
            const files = items.map((it) => ({ fileId: it.file.fileId, predictions: it.predictions }));
            const written = storeManyPredictions(this.opts.labels, this.opts.schema, model.id, files, this.opts.annotator());
            // After the commit: what the events announce is there to read.
            written.forEach((w, i) => {
              if (w.created + w.removed > 0) hooks.onFileChanged?.(files[i]!.fileId, w.seq);
            });
            return written;
          },
        },
      });
    } finally {
      job.running = null;
    }
  }

  public cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job?.running) return false;
    job.running.abort();
    return true;
  }

  public stop(): void {
    for (const job of this.jobs.values()) job.running?.abort();
  }

  private jobFor(req: BatchRequest): InferJob {
    const held = req.jobId ? this.jobs.get(req.jobId) : undefined;
    if (held) {
      if (held.scopeKey !== scopeKey(req.scope)) throw new ApiError('conflict', `batch inference job '${held.id}' covers another scope (${held.scopeKey}); use a new job id for this one`);
      if (req.modelId && req.modelId !== held.modelId) throw new ApiError('conflict', `batch inference job '${held.id}' runs model ${held.modelId}, not ${req.modelId}; use a new job id`);
      return held;
    }
    const model = this.registry.resolve(req.modelId);
    const job = new InferJob(req.jobId ?? `infer-${randomUUID()}`, model.id, scopeKey(req.scope), resolveScope(this.opts.db, req.scope));
    if (this.jobs.size >= MAX_HELD_JOBS) {
      const idle = [...this.jobs.values()].find((j) => !j.running);
      if (idle) this.jobs.delete(idle.id);
    }
    this.jobs.set(job.id, job);
    return job;
  }
}
