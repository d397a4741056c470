/**
 * A small pool of parse workers (worker_threads), each reached through the shared worker channel
 * (src/shared/workers). Each worker keeps up to eight tasks queued so it never waits for the main thread
 * between files. The channel batches both ways: the tasks given to a worker in one synchronous round go out
 * as one message, and replies come back in batches of up to four (parse.worker.ts). A worker that dies
 * takes only its in-flight tasks with it (they reject); a fresh worker replaces it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createChannelClient, nodePort, type ChannelClient } from '../../shared/workers/index';
import { projectRoot } from '../services/paths';
import type { FileRecord, ParseTask } from '../catalog/fileRecord';

// Deep enough that a worker never idles while the main thread is busy committing a batch.
const PER_WORKER = 8;

/** What the parse worker answers (parse.worker.ts implements it). */
export interface ParseWorkerApi {
  parse(task: ParseTask): FileRecord;
}

/** What a parse worker is started with (its workerData, beside the entry's own). */
export interface ParseWorkerData {
  /** The job's hashes of files that may have moved: a task with `checkMoved` and one of these is `known`. */
  movableHashes: string[];
}

interface Slot {
  worker: Worker;
  channel: ChannelClient<ParseWorkerApi>;
}

export interface WorkerEntry {
  file: string;
  workerData?: unknown;
}

/**
 * How to start a Node worker whose source is `source` (relative to the project root, a `*.worker.ts`; the
 * builds bundle every such file to `workers/<name>.js`, see scripts/workerEntries.mjs). `here` is the
 * running module: from the sources (vitest, tsx) the sources win, since a bundle in out/ may be stale. From
 * a bundle, the first that exists of:
 * 1. `workers/<name>.js` beside it: the Electron build (out/electron/main/index.js → out/electron/main/workers/);
 * 2. `../workers/<name>.js`: bundles one folder down (out/cli/udw.js, out/web/host.js → out/workers/;
 *    a rollup chunk in out/electron/main/chunks/ → out/electron/main/workers/);
 * 3. `<root>/out/workers/<name>.js` (scripts/build-node.mjs);
 * then the TypeScript source through tsWorker.mjs.
 */
export function nodeWorkerEntry(
  source: string,
  here: string = fileURLToPath(import.meta.url),
  root: string = projectRoot(path.dirname(here)),
  exists: (file: string) => boolean = fs.existsSync,
): WorkerEntry {
  const sourceFile = path.join(root, source);
  const bundleName = path.join('workers', path.basename(source).replace(/\.ts$/, '.js'));
  const fromSource = (): WorkerEntry => ({ file: path.join(root, 'src', 'main', 'ingest', 'tsWorker.mjs'), workerData: { __tsEntry: pathToFileURL(sourceFile).href } });
  if (here.endsWith('.ts') && exists(sourceFile)) return fromSource();
  const dir = path.dirname(here);
  const bundles = [path.join(dir, bundleName), path.join(dir, '..', bundleName), path.join(root, 'out', bundleName)];
  const bundle = bundles.find((b) => exists(b));
  if (bundle) return { file: bundle };
  if (exists(sourceFile)) return fromSource();
  throw new Error(`worker ${path.basename(source)} not found: none of ${bundles.join(', ')} nor ${sourceFile}; run \`npm run build:node\``);
}

/** The import's parse worker (see nodeWorkerEntry). */
export function parseWorkerEntry(here?: string, root?: string, exists?: (file: string) => boolean): WorkerEntry {
  return nodeWorkerEntry(path.join('src', 'main', 'ingest', 'parse.worker.ts'), here, root, exists);
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private closed = false;
  private readonly entry: WorkerEntry;

  public constructor(
    private readonly size: number,
    private readonly movableHashes: readonly string[] = [],
  ) {
    this.entry = parseWorkerEntry();
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  /** Free capacity: how many more tasks can be queued without a worker holding more than PER_WORKER. */
  public get capacity(): number {
    let free = 0;
    for (const s of this.slots) free += Math.max(0, PER_WORKER - s.channel.pending);
    return free;
  }

  public run(task: ParseTask): Promise<FileRecord> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    let best = this.slots[0]!;
    for (const s of this.slots) if (s.channel.pending < best.channel.pending) best = s;
    return best.channel.call('parse', task);
  }

  public async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) s.channel.close(new Error('worker pool closed'));
  }

  private spawn(): Slot {
    const data: ParseWorkerData = { movableHashes: [...this.movableHashes] };
    const worker = new Worker(this.entry.file, { workerData: { ...(this.entry.workerData as object | undefined), ...data } });
    const channel = createChannelClient<ParseWorkerApi>(nodePort(worker), 'parse worker');
    const slot: Slot = { worker, channel };
    const replace = (err: Error): void => {
      channel.close(err);
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
    };
    worker.on('error', (err) => replace(err));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) replace(new Error(`parse worker exited with code ${code}`));
    });
    return slot;
  }
}
