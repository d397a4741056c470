/**
 * One batch inference over a scope: per file, predict and store the predictions as proposals. The job
 * remembers which files are done, so a cancelled (or crashed-into) run resumed with the same job id goes on
 * with the files it has not done. A file counts as done once its proposals are committed (or it failed).
 *
 * The run is a pipeline, because the inference process and the back end's thread work at the same time:
 * while the inference process computes file N, the next files are already read, preprocessed and queued
 * there (`depth` requests in flight), and the finished ones wait in a buffer that is committed several
 * files to a transaction (`batchFiles`, at most `batchMs` after the oldest arrived; the first file alone,
 * so progress shows at once). Results are taken in the scope's order whatever order they finish in.
 *
 * A crash of the inference process fails every request in flight: the crash is counted once and reported,
 * the next request restarts the process, and each of those files is tried once more before it counts as
 * failed. The retries go one at a time, so a file that crashes the process again fails alone and takes no
 * innocent file in flight with it.
 */
import type { InferBatchResult, Prediction } from '../../shared/api/models.contract';
import type { ScopeFile } from '../labels/autolabel/scope';
import type { ReplaceProposalsResult } from '../labels/labelStore';
import { InferenceCrashError, type InferenceCrash } from './inferenceService';

export interface StoreItem {
  file: ScopeFile;
  predictions: Prediction[];
}

export interface InferJobStep {
  predict(file: ScopeFile): Promise<Prediction[]>;
  /** Stores several files' predictions in one transaction (all or none), one result per file, in order. */
  store(items: readonly StoreItem[]): ReplaceProposalsResult[];
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
  /** Least time between two progress reports (besides the first file's and the last). Default 250 ms. */
  progressEveryMs?: number;
  /** Predictions in flight at once (default PIPELINE_DEPTH). */
  depth?: number;
  /** Most files per store transaction (default STORE_BATCH_FILES). */
  batchFiles?: number;
  /** Longest a finished file waits for its transaction. Default 200 ms. */
  batchMs?: number;
}

/** Predictions in flight at once by default: one computing, the next ones queued behind it in the process. */
export const PIPELINE_DEPTH = 3;
/** Most files per store transaction by default. */
export const STORE_BATCH_FILES = 32;

type Outcome = { ok: true; predictions: Prediction[] } | { ok: false; err: unknown };

interface Attempt {
  file: ScopeFile;
  /** 0 the first time, 1 for the retry after a crash. */
  retry: number;
  outcome: Promise<Outcome>;
  settled: Outcome | null;
}

const messageOf = (file: ScopeFile, err: unknown): string => `${file.path}: ${err instanceof Error ? err.message : String(err)}`;

export async function runInferJob(job: InferJob, opts: RunInferJobOptions): Promise<InferBatchResult> {
  const resumedFrom = job.done.size;
  const started = performance.now();
  const every = opts.progressEveryMs ?? 250;
  const depth = Math.max(1, opts.depth ?? PIPELINE_DEPTH);
  const batchFiles = Math.max(1, opts.batchFiles ?? STORE_BATCH_FILES);
  const batchMs = opts.batchMs ?? 200;
  let computed = 0;
  let lastReport = -Infinity;
  const report = (): void => {
    const seconds = (performance.now() - started) / 1000;
    opts.onProgress?.({ done: job.done.size, total: job.files.length, filesPerSecond: computed > 0 && seconds > 0 ? Math.round((computed / seconds) * 10) / 10 : 0 });
    lastReport = performance.now();
  };

  const todo = job.files.filter((f) => !job.done.has(f.fileId));
  let next = 0;
  const retries: ScopeFile[] = [];
  const inFlight: Attempt[] = [];
  const buffer: StoreItem[] = [];
  let oldestBuffered = 0;
  let flushes = 0;
  const seenCrashes = new Set<InferenceCrash>();

  const finish = (file: ScopeFile): void => {
    job.done.add(file.fileId);
    computed++;
  };
  const flush = (): void => {
    if (buffer.length === 0) return;
    const items = buffer.splice(0);
    storeAll(job, opts.step, items);
    for (const it of items) finish(it.file);
    flushes++;
    if (flushes === 1 || performance.now() - lastReport >= every) report();
  };
  const issue = (file: ScopeFile, retry: number): void => {
    job.failed.delete(file.fileId);
    const attempt = { file, retry, settled: null } as Attempt;
    attempt.outcome = opts.step.predict(file).then(
      (predictions): Outcome => (attempt.settled = { ok: true, predictions }),
      (err: unknown): Outcome => (attempt.settled = { ok: false, err }),
    );
    inFlight.push(attempt);
  };
  const fill = (): void => {
    while (!opts.signal.aborted) {
      // After a crash, one request at a time until every retry has had its turn.
      const retrying = retries.length > 0 || inFlight.some((a) => a.retry > 0);
      if (inFlight.length >= (retrying ? 1 : depth)) return;
      if (retries.length > 0) {
        issue(retries.shift()!, 1);
        continue;
      }
      if (retrying || next >= todo.length) return;
      const file = todo[next++]!;
      if (file.unparsed !== null) {
        job.failed.set(file.fileId, { fileId: file.fileId, path: file.path, message: `${file.path}: ${file.unparsed}` });
        finish(file);
        continue;
      }
      issue(file, 0);
    }
  };
  const take = (a: Attempt, outcome: Outcome): void => {
    if (outcome.ok) {
      if (buffer.length === 0) oldestBuffered = performance.now();
      buffer.push({ file: a.file, predictions: outcome.predictions });
      return;
    }
    const err = outcome.err;
    if (err instanceof InferenceCrashError) {
      // Every request in flight fails with the same crash: it is one crash.
      if (!seenCrashes.has(err.crash)) {
        seenCrashes.add(err.crash);
        job.crashes++;
        opts.onCrash?.(err);
      }
      // Cancelled meanwhile: the file is left for the resumed run, like any file not reached.
      if (opts.signal.aborted) return;
      if (a.retry === 0) {
        retries.push(a.file);
        return;
      }
    }
    job.failed.set(a.file.fileId, { fileId: a.file.fileId, path: a.file.path, message: messageOf(a.file, err) });
    finish(a.file);
  };

  const aborted = new Promise<null>((resolve) => {
    if (opts.signal.aborted) resolve(null);
    else opts.signal.addEventListener('abort', () => resolve(null), { once: true });
  });

  report();
  fill();
  while (inFlight.length > 0 && !opts.signal.aborted) {
    const head = inFlight[0]!;
    const outcome = head.settled ?? (await Promise.race([head.outcome, aborted]));
    if (outcome === null) break;
    inFlight.shift();
    take(head, outcome);
    // Queue the next files before writing, so the inference process computes while this thread commits.
    fill();
    const due = buffer.length >= (flushes === 0 ? 1 : batchFiles) || performance.now() - oldestBuffered >= batchMs || inFlight.length === 0;
    if (due) flush();
    fill();
  }
  // Cancelled: what has finished in order is kept; what is still computing is left (not done, redone on resume).
  while (inFlight.length > 0 && inFlight[0]!.settled) {
    const head = inFlight.shift()!;
    take(head, head.settled!);
  }
  flush();
  report();
  return job.result(job.complete ? 'complete' : 'cancelled', resumedFrom);
}

/** One transaction for the items; if it is refused, each file alone, so only the file at fault fails. */
function storeAll(job: InferJob, step: InferJobStep, items: readonly StoreItem[]): void {
  const count = (written: ReplaceProposalsResult): void => {
    job.created += written.created;
    job.removed += written.removed;
    job.skipped += written.skipped;
  };
  try {
    step.store(items).forEach(count);
    return;
  } catch (err) {
    if (items.length === 1) {
      const file = items[0]!.file;
      job.failed.set(file.fileId, { fileId: file.fileId, path: file.path, message: messageOf(file, err) });
      return;
    }
  }
  for (const item of items) storeAll(job, step, [item]);
}
