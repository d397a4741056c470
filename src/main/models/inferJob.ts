/**
 * One batch inference over a scope: per file, predict and store the predictions as proposals. The job
 * remembers which files are done, so a cancelled (or crashed-into) run resumed with the same job id goes on
 * with the files it has not done. A crash of the inference process fails only the file in flight: the crash
 * is counted and reported, the next request restarts the process, and that file is tried once more before it
 * counts as failed.
 */
import type { InferBatchResult, Prediction } from '../../shared/api/models.contract';
import type { ScopeFile } from '../labels/autolabel/scope';
import type { ReplaceProposalsResult } from '../labels/labelStore';
import { InferenceCrashError } from './inferenceService';

export interface InferJobStep {
  predict(file: ScopeFile): Promise<Prediction[]>;
  store(file: ScopeFile, predictions: Prediction[]): ReplaceProposalsResult;
}

export interface JobProgress {
  done: number;
  total: number;
  filesPerSecond: number;
}

export class InferJob {
  public readonly done = new Set<number>();
  public readonly failed = new Map<number, { fileId: number; path: string; message: string }>();
  public created = 0;
  public removed = 0;
  public skipped = 0;
  public crashes = 0;
  public running: AbortController | null = null;

  public constructor(
    public readonly id: string,
    public readonly modelId: string,
    public readonly scopeKey: string,
    public readonly files: readonly ScopeFile[],
  ) {}

  public get complete(): boolean {
    return this.done.size === this.files.length;
  }

  public result(state: 'complete' | 'cancelled', resumedFrom: number): InferBatchResult {
    return {
      jobId: this.id,
      modelId: this.modelId,
      state,
      files: this.files.length,
      done: this.done.size,
      resumedFrom,
      created: this.created,
      removed: this.removed,
      skipped: this.skipped,
      failed: [...this.failed.values()],
      crashes: this.crashes,
    };
  }
}

export interface RunInferJobOptions {
  step: InferJobStep;
  signal: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  onCrash?: (err: InferenceCrashError) => void;
  /** Least time between two progress reports (besides the first file's and the last). Default 100 ms. */
  progressEveryMs?: number;
}

export async function runInferJob(job: InferJob, opts: RunInferJobOptions): Promise<InferBatchResult> {
  const resumedFrom = job.done.size;
  const started = performance.now();
  const every = opts.progressEveryMs ?? 100;
  let computed = 0;
  let lastReport = -Infinity;
  const report = (): void => {
    const seconds = (performance.now() - started) / 1000;
    opts.onProgress?.({ done: job.done.size, total: job.files.length, filesPerSecond: computed > 0 && seconds > 0 ? Math.round((computed / seconds) * 10) / 10 : 0 });
    lastReport = performance.now();
  };
  report();
  for (const file of job.files) {
    if (job.done.has(file.fileId)) continue;
    if (opts.signal.aborted) break;
    job.failed.delete(file.fileId);
    if (file.unparsed !== null) {
      job.failed.set(file.fileId, { fileId: file.fileId, path: file.path, message: `${file.path}: ${file.unparsed}` });
    } else {
      await oneFile(job, file, opts);
    }
    job.done.add(file.fileId);
    computed++;
    if (computed === 1 || performance.now() - lastReport >= every) report();
  }
  report();
  return job.result(job.complete ? 'complete' : 'cancelled', resumedFrom);
}

async function oneFile(job: InferJob, file: ScopeFile, opts: RunInferJobOptions): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const written = opts.step.store(file, await opts.step.predict(file));
      job.created += written.created;
      job.removed += written.removed;
      job.skipped += written.skipped;
      return;
    } catch (err) {
      if (err instanceof InferenceCrashError) {
        job.crashes++;
        opts.onCrash?.(err);
        if (attempt === 0 && !opts.signal.aborted) continue;
      }
      job.failed.set(file.fileId, { fileId: file.fileId, path: file.path, message: `${file.path}: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
  }
}
