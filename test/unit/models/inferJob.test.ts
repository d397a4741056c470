/**
 * The batch run's pipeline (models/inferJob.ts) against a scripted inference process: one request computed
 * at a time, in order, as the real child does, and a crash that fails every request it holds (the real
 * process's crash, models/childInferenceService.ts). The real child, SQLite and the back end are covered by
 * test/integration/modelsBatch.test.ts; here the orderings are exact and nothing depends on speed.
 */
import { describe, expect, it } from 'vitest';
import type { Prediction } from '../../../src/shared/api/models.contract';
import type { ScopeFile } from '../../../src/main/labels/autolabel/scope';
import { InferJob, runInferJob, type InferJobStep, type StoreItem } from '../../../src/main/models/inferJob';
import { InferenceCrashError, type InferenceCrash } from '../../../src/main/models/inferenceService';

const files = (n: number): ScopeFile[] => Array.from({ length: n }, (_, i) => ({ fileId: i + 1, path: `/c/f${i + 1}.txt`, unparsed: null }));

const crashOf = (n: number): InferenceCrash => ({ reason: 'crashed', code: null, signal: 'SIGKILL', pid: 100 + n, stderr: [], message: `inference process ${100 + n} was killed by SIGKILL` });

interface Request {
  file: ScopeFile;
  resolve: (p: Prediction[]) => void;
  reject: (err: Error) => void;
}

/**
 * A scripted inference process: requests queue and are answered one per macrotask, oldest first. A file in
 * `poison` crashes the process each time it is computed, failing every request the process holds.
 */
class FakeProcess {
  public readonly started: number[] = [];
  public readonly stored: number[][] = [];
  public inFlight = 0;
  public maxInFlightWhileRetrying = 0;
  public crashes = 0;
  private readonly queue: Request[] = [];
  private readonly tries = new Map<number, number>();

  public constructor(
    private readonly poison: ReadonlySet<number> = new Set(),
    private readonly refuseStore: ReadonlySet<number> = new Set(),
    private readonly crashOnce: ReadonlySet<number> = new Set(),
  ) {}

  public readonly step: InferJobStep = {
    predict: (file) => {
      this.started.push(file.fileId);
      const tries = (this.tries.get(file.fileId) ?? 0) + 1;
      this.tries.set(file.fileId, tries);
      this.inFlight++;
      if (tries > 1) this.maxInFlightWhileRetrying = Math.max(this.maxInFlightWhileRetrying, this.inFlight);
      return new Promise<Prediction[]>((resolve, reject) => {
        this.queue.push({ file, resolve, reject });
        if (this.queue.length === 1) setImmediate(() => this.computeNext());
      }).finally(() => this.inFlight--);
    },
    store: (items: readonly StoreItem[]) => {
      const bad = items.find((it) => this.refuseStore.has(it.file.fileId));
      if (bad) throw new Error(`label 'x' of file ${bad.file.fileId}: refused`);
      this.stored.push(items.map((it) => it.file.fileId));
      return items.map(() => ({ created: 1, removed: 0, skipped: 0, seq: 1 }));
    },
  };

  private computeNext(): void {
    const head = this.queue[0];
    if (!head) return;
    const id = head.file.fileId;
    const first = this.tries.get(id) === 1 && this.crashOnce.has(id);
    if (this.poison.has(id) || first) {
      const err = new InferenceCrashError(crashOf(++this.crashes));
      for (const r of this.queue.splice(0)) r.reject(err);
      return;
    }
    this.queue.shift();
    head.resolve([{ classId: 'exit', depth: id, confidence: 0.9, sample: id }]);
    if (this.queue.length > 0) setImmediate(() => this.computeNext());
  }
}

const NO_TIMER = 1e9;

describe('runInferJob', () => {
  it('keeps the next files in flight while it commits, several files per transaction, the first alone', async () => {
    const fake = new FakeProcess();
    const job = new InferJob('j', 'model-x', 'all', files(10));
    const startedAtStore: number[][] = [];
    const step: InferJobStep = {
      predict: fake.step.predict,
      store: (items) => {
        startedAtStore.push([...fake.started]);
        return fake.step.store(items);
      },
    };
    const progress: number[] = [];
    const result = await runInferJob(job, { step, signal: new AbortController().signal, depth: 3, batchFiles: 4, batchMs: NO_TIMER, progressEveryMs: 0, onProgress: (p) => progress.push(p.done) });
    expect(result).toMatchObject({ state: 'complete', files: 10, done: 10, created: 10, failed: [], crashes: 0 });
    expect(fake.stored).toEqual([[1], [2, 3, 4, 5], [6, 7, 8, 9], [10]]);
    // Each commit but the last happened with later files already sent to the inference process.
    startedAtStore.slice(0, -1).forEach((started, i) => {
      const lastStored = fake.stored[i]!.at(-1)!;
      expect(Math.max(...started)).toBeGreaterThan(lastStored);
    });
    // Progress counts committed files only, and never goes back.
    expect(progress[0]).toBe(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(10);
    const committed = fake.stored.map((b) => b.length).reduce((acc, n, i) => [...acc, (acc[i - 1] ?? 0) + n], [] as number[]);
    for (const done of progress.slice(1)) expect(committed).toContain(done);
  });

  it('counts one crash for all the requests it failed, retries each of them once, one at a time', async () => {
    const fake = new FakeProcess(new Set(), new Set(), new Set([3]));
    const job = new InferJob('j', 'model-x', 'all', files(8));
    const crashes: string[] = [];
    const result = await runInferJob(job, { step: fake.step, signal: new AbortController().signal, depth: 3, batchMs: NO_TIMER, onCrash: (e) => crashes.push(e.message) });
    expect(result).toMatchObject({ state: 'complete', done: 8, failed: [], crashes: 1, created: 8 });
    expect(crashes).toEqual(['inference process 101 was killed by SIGKILL']);
    expect(fake.stored.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(fake.maxInFlightWhileRetrying).toBe(1);
  });

  it('fails a file that crashes the process again on its retry, and only that file', async () => {
    const fake = new FakeProcess(new Set([4]));
    const job = new InferJob('j', 'model-x', 'all', files(7));
    const result = await runInferJob(job, { step: fake.step, signal: new AbortController().signal, depth: 3, batchMs: NO_TIMER });
    expect(result.state).toBe('complete');
    expect(result.failed).toEqual([{ fileId: 4, path: '/c/f4.txt', message: '/c/f4.txt: inference process 102 was killed by SIGKILL' }]);
    expect(result.crashes).toBe(2);
    expect(fake.stored.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 5, 6, 7]);
  });

  it('stops sending on cancel, keeps only what it committed as done, and the resumed run does the rest once', async () => {
    const fake = new FakeProcess();
    const job = new InferJob('j', 'model-x', 'all', files(12));
    const controller = new AbortController();
    const first = await runInferJob(job, {
      step: fake.step,
      signal: controller.signal,
      depth: 3,
      batchMs: NO_TIMER,
      progressEveryMs: 0,
      onProgress: (p) => p.done >= 1 && controller.abort(),
    });
    expect(first.state).toBe('cancelled');
    expect(first.done).toBe(fake.stored.flat().length);
    expect(first.done).toBeLessThan(12);
    // Nothing was sent after the cancel beyond what was already in flight.
    expect(fake.started.length).toBeLessThanOrEqual(first.done + 3);
    const second = await runInferJob(job, { step: fake.step, signal: new AbortController().signal, depth: 3, batchMs: NO_TIMER });
    expect(second).toMatchObject({ state: 'complete', done: 12, resumedFrom: first.done, created: 12, failed: [] });
    expect(fake.stored.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('stores the files of a refused transaction one by one, so only the file at fault fails', async () => {
    const fake = new FakeProcess(new Set(), new Set([5]));
    const job = new InferJob('j', 'model-x', 'all', files(8));
    const result = await runInferJob(job, { step: fake.step, signal: new AbortController().signal, depth: 3, batchFiles: 8, batchMs: NO_TIMER });
    expect(result).toMatchObject({ state: 'complete', done: 8, created: 7 });
    expect(result.failed).toEqual([{ fileId: 5, path: '/c/f5.txt', message: "/c/f5.txt: label 'x' of file 5: refused" }]);
    expect(fake.stored.flat().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 6, 7, 8]);
  });

  it('fails a file without parsed signals without asking the inference process', async () => {
    const fake = new FakeProcess();
    const scope = files(3);
    scope[1] = { ...scope[1]!, unparsed: 'line 12: expected a number' };
    const job = new InferJob('j', 'model-x', 'all', scope);
    const result = await runInferJob(job, { step: fake.step, signal: new AbortController().signal });
    expect(result.failed).toEqual([{ fileId: 2, path: '/c/f2.txt', message: '/c/f2.txt: line 12: expected a number' }]);
    expect(fake.started).toEqual([1, 3]);
    expect(result.done).toBe(3);
  });
});
