/**
 * Worker-thread entry of the ingest pool (bundled to out/workers/parse.worker.js), served through the shared
 * worker channel. Tasks are handled one at a time in arrival order (the channel's rule, which processTask's
 * reused read buffer relies on); signal bytes are transferred back, not copied.
 *
 * Replies go out in small batches: a postMessage from a worker costs 0.2–0.8 ms on the 2-core bench
 * machine, far more than serialising the record (80–330 ms per worker over the corpus at one message per
 * file, 20–30 ms in batches). A batch is sent as soon as it holds BATCH replies, or once the worker has
 * nothing else queued (setImmediate runs after the tasks at hand), so no reply waits for work that has not
 * arrived. BATCH is below the pool's PER_WORKER, so the main thread refills a queue before it runs dry.
 * A worker that dies loses its unsent replies with its queued tasks: the pool fails them all.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { nodePort, serveChannel } from '../../shared/workers/index';
import { processTask } from './processTask';
import type { ParseWorkerApi, ParseWorkerData } from './workerPool';

const port = parentPort;
if (!port) throw new Error('parse.worker must run in a worker thread');

const BATCH = 4;
const movable = new Set((workerData as Partial<ParseWorkerData> | null)?.movableHashes ?? []);

serveChannel<ParseWorkerApi>(
  nodePort(port),
  {
    parse: async (task, ctx) => {
      const record = await processTask(task, movable);
      // The signal bytes of a file share one buffer (see recordFromParse); the channel names each buffer once.
      if (record.kind === 'parsed') for (const s of record.signals) ctx.transfer(s.bytes.buffer as ArrayBuffer);
      return record;
    },
  },
  { batch: BATCH, later: setImmediate, name: 'parse worker' },
);
