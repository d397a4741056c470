/**
 * Auto-label jobs of one catalog: run (or resume) a job, cancel it, read one file of it, commit it, discard
 * it. Plain Node over the catalog handle and the label store, shared by the API handlers and `udw autolabel`.
 *
 * One run at a time per back end: the engine is CPU-bound, and two runs would only share the cores.
 * At most MAX_HELD_JOBS jobs are held; starting one more drops the oldest idle job (its preview was never
 * committed, and nothing of it was written).
 */
import { randomUUID } from 'node:crypto';
import type { AutolabelCommitResult, AutolabelFileProposals, AutolabelPreview, AutolabelScope } from '../../../shared/api/autolabel.contract';
import { ApiError } from '../../../shared/api/errors';
import type { CatalogDb } from '../../db/openCatalog';
import type { LabelStore } from '../labelStore';
import { AutolabelJob, scopeKey } from './autolabelJob';
import { commitJob } from './commitJob';
import { fileProposalsOf, previewOf } from './previewSummary';
import { runJob, type ComputeProposals, type RunProgress } from './runJob';
import { resolveScope } from './scope';

export const MAX_HELD_JOBS = 8;

export interface AutolabelServiceOptions {
  db: CatalogDb;
  labels: LabelStore;
  compute: ComputeProposals;
  /** Who commits (stamped on the proposals and on the accepts). */
  annotator: () => string;
}

export interface RunRequest {
  scope: AutolabelScope;
  minConfidence?: number;
  jobId?: string;
}

export class AutolabelService {
  private readonly jobs = new Map<string, AutolabelJob>();
  /** Runs and commits in flight, for stop() to wait on. */
  private readonly inFlight = new Set<Promise<unknown>>();

  public constructor(private readonly opts: AutolabelServiceOptions) {}

  /** Computes the job's remaining files; resolves with its preview when done or cancelled. */
  public async run(req: RunRequest, onProgress?: (jobId: string, p: RunProgress) => void): Promise<AutolabelPreview> {
    const busy = [...this.jobs.values()].find((j) => j.busy?.kind === 'running');
    if (busy) throw new ApiError('conflict', `an auto-label run is already running (job '${busy.id}'); cancel it or wait for its preview`);
    const job = this.jobFor(req);
    job.minConfidence = req.minConfidence ?? 0;
    const controller = new AbortController();
    job.busy = { kind: 'running', controller };
    const work = runJob(job, { compute: this.opts.compute, signal: controller.signal, onProgress: (p) => onProgress?.(job.id, p) });
    try {
      const { state, resumedFrom } = await this.track(work);
      return previewOf(job, state, resumedFrom);
    } finally {
      job.busy = null;
    }
  }

  /** True when a running job was asked to stop (it keeps what it computed). */
  public cancel(jobId: string): boolean {
    const busy = this.jobs.get(jobId)?.busy;
    if (busy?.kind !== 'running') return false;
    busy.controller.abort();
    return true;
  }

  public file(jobId: string, fileId: number): AutolabelFileProposals {
    const job = this.held(jobId, 'proposals');
    const result = job.results.get(fileId);
    if (!result) {
      const failure = job.failures.get(fileId);
      if (failure) throw new ApiError('not_found', `auto-label job '${jobId}': file ${fileId} has no proposals: ${failure.message}`);
      const inScope = job.files.some((f) => f.fileId === fileId);
      throw new ApiError('not_found', `auto-label job '${jobId}': file ${fileId} ${inScope ? 'is not computed yet (the run was cancelled before it)' : 'is not in its scope'}`);
    }
    return fileProposalsOf(result, job.minConfidence);
  }

  /** Writes the job's proposals (what its preview showed) and drops the job. */
  public async commit(jobId: string, acceptAbove: number | undefined, onFileChanged?: (fileId: number, seq: number) => void): Promise<AutolabelCommitResult> {
    const job = this.held(jobId, 'commit');
    if (job.busy) throw new ApiError('conflict', `auto-label job '${jobId}' is ${job.busy.kind === 'running' ? 'still running; wait for its preview or cancel it' : 'already being committed'}`);
    job.busy = { kind: 'committing' };
    try {
      const result = await this.track(commitJob(job, { labels: this.opts.labels, annotator: this.opts.annotator(), acceptAbove, onFileChanged }));
      this.jobs.delete(jobId);
      return result;
    } finally {
      job.busy = null;
    }
  }

  /** Drops a held job, cancelling its run first. Refused while it is being committed. */
  public discard(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    if (job.busy?.kind === 'committing') throw new ApiError('conflict', `auto-label job '${jobId}' is being committed; it cannot be discarded now`);
    if (job.busy?.kind === 'running') job.busy.controller.abort();
    this.jobs.delete(jobId);
    return true;
  }

  /** Stops a running job and waits for it (or a commit) to end, before the catalog closes. */
  public async stop(): Promise<void> {
    for (const job of this.jobs.values()) if (job.busy?.kind === 'running') job.busy.controller.abort();
    await Promise.all([...this.inFlight]);
  }

  private async track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    try {
      return await work;
    } finally {
      this.inFlight.delete(settled);
    }
  }

  private held(jobId: string, what: string): AutolabelJob {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiError('not_found', `${what} of auto-label job '${jobId}': no such job (it was committed, discarded or never run)`);
    return job;
  }

  /** The held job to resume, or a new one for the scope. */
  private jobFor(req: RunRequest): AutolabelJob {
    const held = req.jobId === undefined ? undefined : this.jobs.get(req.jobId);
    if (held) {
      if (held.busy) throw new ApiError('conflict', `auto-label job '${held.id}' is being committed; it cannot run now`);
      if (scopeKey(held.scope) !== scopeKey(req.scope)) {
        throw new ApiError('conflict', `auto-label job '${held.id}' was run for scope ${JSON.stringify(held.scope)}, not ${JSON.stringify(req.scope)}; resume it with the same scope or start a new job`);
      }
      return held;
    }
    const job = new AutolabelJob(req.jobId ?? randomUUID(), req.scope, resolveScope(this.opts.db, req.scope));
    this.makeRoom();
    this.jobs.set(job.id, job);
    return job;
  }

  private makeRoom(): void {
    // Map order is insertion order: the first idle job is the oldest.
    for (const job of this.jobs.values()) {
      if (this.jobs.size < MAX_HELD_JOBS) return;
      if (!job.busy) this.jobs.delete(job.id);
    }
  }
}
