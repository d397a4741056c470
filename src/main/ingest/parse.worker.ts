/**
 * Worker-thread entry of the ingest pool (bundled to out/workers/parse.worker.js). Tasks are handled one at
 * a time in arrival order; signal bytes are transferred back, not copied.
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './fileRecord';
import { processTask } from './processTask';

const port = parentPort;
if (!port) throw new Error('parse.worker must run in a worker thread');

let movable = new Set<string>();
let queue = Promise.resolve();

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'init') {
    movable = new Set(msg.movableHashes);
    return;
  }
  // Chain so results keep task order per worker even though parsing may await (xlsx).
  queue = queue.then(async () => {
    let reply: FromWorker;
    try {
      reply = { type: 'result', id: msg.id, record: await processTask(msg.task, movable) };
    } catch (err) {
      reply = { type: 'crash', id: msg.id, message: (err as Error).message };
    }
    // The signal bytes of a file share one buffer (see recordFromParse): transfer each buffer once.
    const transfer = reply.type === 'result' && reply.record.kind === 'parsed' ? [...new Set(reply.record.signals.map((s) => s.bytes.buffer as ArrayBuffer))] : [];
    port.postMessage(reply, transfer);
  });
});
