/**
 * A small pool of parse workers (worker_threads). Each worker keeps up to eight tasks queued so it never waits
 * for the main thread between files; replies come back in batches of up to four (parse.worker.ts). A worker
 * that dies takes only its in-flight tasks with it (they reject); a fresh worker replaces it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../services/paths';
import type { FileRecord, FromWorker, ParseTask, ToWorker } from './fileRecord';

// Deep enough that a worker never idles while the main thread is busy committing a batch.
const PER_WORKER = 8;

interface Slot {
  worker: Worker;
  inFlight: Map<number, Pending>;
  /** Tasks given to this worker in the current synchronous dispatch round, sent as one message. */
  outgoing: Array<{ id: number; task: ParseTask }>;
}

interface Pending {
  resolve(r: FileRecord): void;
  reject(e: Error): void;
}

export interface WorkerEntry {
  file: string;
  workerData?: unknown;
}

const WORKER = path.join('workers', 'parse.worker.js');

/**
 * How to start the parse worker. `here` is the running module: from the sources (vitest, tsx) the sources
 * win, since a bundle in out/ may be stale. From a bundle, the first that exists of:
 * 1. `workers/parse.worker.js` beside it: the Electron build (out/electron/main/index.js → out/electron/main/workers/);
 * 2. `../workers/parse.worker.js`: bundles one folder down (out/cli/udw.js, out/web/host.js → out/workers/;
 *    a rollup chunk in out/electron/main/chunks/ → out/electron/main/workers/);
 * 3. `<root>/out/workers/parse.worker.js` (scripts/build-node.mjs);
 * then the TypeScript source through tsWorker.mjs.
 */
export function parseWorkerEntry(
  here: string = fileURLToPath(import.meta.url),
  root: string = projectRoot(path.dirname(here)),
  exists: (file: string) => boolean = fs.existsSync,
): WorkerEntry {
  const source = path.join(root, 'src', 'main', 'ingest', 'parse.worker.ts');
  const fromSource = (): WorkerEntry => ({ file: path.join(root, 'src', 'main', 'ingest', 'tsWorker.mjs'), workerData: { __tsEntry: pathToFileURL(source).href } });
  if (here.endsWith('.ts') && exists(source)) return fromSource();
  const dir = path.dirname(here);
  const bundles = [path.join(dir, WORKER), path.join(dir, '..', WORKER), path.join(root, 'out', WORKER)];
  const bundle = bundles.find((b) => exists(b));
  if (bundle) return { file: bundle };
  if (exists(source)) return fromSource();
  throw new Error(`parse worker not found: none of ${bundles.join(', ')} nor ${source}; run \`npm run build:node\``);
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
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
    for (const s of this.slots) free += Math.max(0, PER_WORKER - s.inFlight.size);
    return free;
  }

  public run(task: ParseTask): Promise<FileRecord> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    let best = this.slots[0]!;
    for (const s of this.slots) if (s.inFlight.size < best.inFlight.size) best = s;
    const id = this.nextId++;
    return new Promise<FileRecord>((resolve, reject) => {
      best.inFlight.set(id, { resolve, reject });
      best.outgoing.push({ id, task });
      // One postMessage per worker for all the tasks of this round (a postMessage costs ~0.1–0.5 ms).
      if (best.outgoing.length === 1) queueMicrotask(() => this.send(best));
    });
  }

  private send(slot: Slot): void {
    if (slot.outgoing.length === 0 || !this.slots.includes(slot)) return;
    slot.worker.postMessage({ type: 'tasks', tasks: slot.outgoing } satisfies ToWorker);
    slot.outgoing = [];
  }

  public async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) this.failAll(s, new Error('worker pool closed'));
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry.file, { workerData: this.entry.workerData });
    const slot: Slot = { worker, inFlight: new Map(), outgoing: [] };
    worker.postMessage({ type: 'init', movableHashes: [...this.movableHashes] } satisfies ToWorker);
    worker.on('message', (msg: FromWorker) => {
      for (const reply of msg.replies) {
        const p = slot.inFlight.get(reply.id);
        if (!p) continue;
        slot.inFlight.delete(reply.id);
        if (reply.type === 'result') p.resolve(reply.record);
        else p.reject(new Error(reply.message));
      }
    });
    const replace = (err: Error): void => {
      this.failAll(slot, err);
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

  private failAll(slot: Slot, err: Error): void {
    for (const p of slot.inFlight.values()) p.reject(err);
    slot.inFlight.clear();
    slot.outgoing = [];
  }
}
