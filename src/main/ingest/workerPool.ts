/**
 * A small pool of parse workers (worker_threads). Each worker keeps up to eight tasks queued so it never waits
 * for the main thread between files. A worker that dies takes only its in-flight tasks with it (they reject);
 * a fresh worker replaces it.
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
}

interface Pending {
  resolve(r: FileRecord): void;
  reject(e: Error): void;
}

/** How to start the parse worker: the bundle when running bundled, the TypeScript source (via tsx) otherwise. */
export function parseWorkerEntry(root: string = projectRoot()): { file: string; workerData?: unknown } {
  const here = fileURLToPath(import.meta.url);
  const bundled = path.join(root, 'out', 'workers', 'parse.worker.js');
  const source = path.join(root, 'src', 'main', 'ingest', 'parse.worker.ts');
  // From the sources (vitest, tsx) a bundle in out/ may be stale: prefer the sources whenever they run.
  const fromSources = here.endsWith('.ts');
  if (!fromSources && fs.existsSync(bundled)) return { file: bundled };
  if (fs.existsSync(source)) {
    return { file: path.join(root, 'src', 'main', 'ingest', 'tsWorker.mjs'), workerData: { __tsEntry: pathToFileURL(source).href } };
  }
  if (fs.existsSync(bundled)) return { file: bundled };
  throw new Error(`parse worker not found: neither ${bundled} nor ${source}; run \`npm run build:node\``);
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;
  private readonly entry: { file: string; workerData?: unknown };

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
      best.worker.postMessage({ type: 'task', id, task } satisfies ToWorker);
    });
  }

  public async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    for (const s of this.slots) this.failAll(s, new Error('worker pool closed'));
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry.file, { workerData: this.entry.workerData });
    const slot: Slot = { worker, inFlight: new Map() };
    worker.postMessage({ type: 'init', movableHashes: [...this.movableHashes] } satisfies ToWorker);
    worker.on('message', (msg: FromWorker) => {
      const p = slot.inFlight.get(msg.id);
      if (!p) return;
      slot.inFlight.delete(msg.id);
      if (msg.type === 'result') p.resolve(msg.record);
      else p.reject(new Error(msg.message));
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
  }
}
