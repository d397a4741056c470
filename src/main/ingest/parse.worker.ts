/**
 * Worker-thread entry of the ingest pool (bundled to out/workers/parse.worker.js). Tasks are handled one at
 * a time in arrival order; signal bytes are transferred back, not copied.
 *
 * Replies go out in small batches: a postMessage from a worker costs 0.2–0.8 ms on the 2-core bench
 * machine, far more than serialising the record (80–330 ms per worker over the corpus at one message per
 * file, 20–30 ms in batches). A batch is sent as soon as it holds BATCH replies, or once the worker has
 * nothing else queued (setImmediate runs after the tasks at hand), so no reply waits for work that has not
 * arrived. BATCH is below the pool's PER_WORKER, so the main thread refills a queue before it runs dry.
 * A worker that dies loses its unsent replies with its queued tasks: the pool fails them all.
 */
import { parentPort } from 'node:worker_threads';
import type { TaskReply, ToWorker } from './fileRecord';
import { processTask } from './processTask';

const port = parentPort;
if (!port) throw new Error('parse.worker must run in a worker thread');

const BATCH = 4;
let movable = new Set<string>();
let queue = Promise.resolve();
let outbox: TaskReply[] = [];
let transfer: ArrayBuffer[] = [];
let flushQueued = false;

function flush(): void {
  flushQueued = false;
  if (outbox.length === 0) return;
  port!.postMessage({ type: 'replies', replies: outbox }, transfer);
  outbox = [];
  transfer = [];
}

function send(reply: TaskReply): void {
  outbox.push(reply);
  // The signal bytes of a file share one buffer (see recordFromParse): transfer each buffer once.
  if (reply.type === 'result' && reply.record.kind === 'parsed') {
    for (const b of new Set(reply.record.signals.map((s) => s.bytes.buffer as ArrayBuffer))) transfer.push(b);
  }
  if (outbox.length >= BATCH) flush();
  else if (!flushQueued) {
    flushQueued = true;
    setImmediate(flush);
  }
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'init') {
    movable = new Set(msg.movableHashes);
    return;
  }
  for (const { id, task } of msg.tasks) {
    // Chain so results keep task order per worker even though parsing may await (xlsx).
    queue = queue.then(async () => {
      let reply: TaskReply;
      try {
        reply = { type: 'result', id, record: await processTask(task, movable) };
      } catch (err) {
        reply = { type: 'crash', id, message: (err as Error).message };
      }
      send(reply);
    });
  }
});
