/**
 * Computing a job's remaining files. The engine is synchronous (a few milliseconds a file), so the loop
 * gives the event loop back after every file: requests, WebSocket frames and a cancel are served between
 * two files, never queued behind the whole catalog. A cancel is honoured before the next file starts.
 */
import type { FileProposals } from '../../../shared/labels/proposals/index';
import type { AutolabelJob } from './autolabelJob';

/** The proposals of one catalog file (the engine over the catalog's data); throws when it has none to give. */
export type ComputeProposals = (fileId: number) => FileProposals;

export interface RunProgress {
  done: number;
  total: number;
  filesPerSecond: number;
}

export interface RunJobOptions {
  compute: ComputeProposals;
  signal: AbortSignal;
  onProgress?: (p: RunProgress) => void;
  /** Milliseconds, monotonic; injectable so the rate is testable. */
  now?: () => number;
  /** Least time between two progress reports (besides the first file's and the last). Default 100 ms. */
  progressEveryMs?: number;
}

export interface RunJobResult {
  state: 'complete' | 'cancelled';
  /** Files the job already held when this run started. */
  resumedFrom: number;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runJob(job: AutolabelJob, opts: RunJobOptions): Promise<RunJobResult> {
  const now = opts.now ?? (() => performance.now());
  const every = opts.progressEveryMs ?? 100;
  const total = job.files.length;
  const resumedFrom = job.done;
  const started = now();
  let computed = 0;
  let lastReport = started;
  let lastDone = -1;
  const report = (): void => {
    const seconds = (now() - started) / 1000;
    const filesPerSecond = computed > 0 && seconds > 0 ? Math.round((computed / seconds) * 10) / 10 : 0;
    opts.onProgress?.({ done: job.done, total, filesPerSecond });
    lastReport = now();
    lastDone = job.done;
  };
  report();
  for (const file of job.files) {
    if (job.has(file.fileId)) continue;
    if (opts.signal.aborted) break;
    if (file.unparsed !== null) {
      job.failures.set(file.fileId, { fileId: file.fileId, path: file.path, message: file.unparsed });
    } else {
      try {
        job.results.set(file.fileId, { fileId: file.fileId, path: file.path, ...opts.compute(file.fileId) });
      } catch (err) {
        job.failures.set(file.fileId, { fileId: file.fileId, path: file.path, message: `${file.path}: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    computed++;
    // The first file's report shows the run moving (and lets a client cancel it) at once.
    if (computed === 1 || now() - lastReport >= every) report();
    await yieldToEventLoop();
  }
  if (job.done !== lastDone) report();
  return { state: job.complete ? 'complete' : 'cancelled', resumedFrom };
}
