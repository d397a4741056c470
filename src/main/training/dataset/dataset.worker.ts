/**
 * Worker-thread entry of the dataset builder (bundled to out/workers/dataset.worker.js; found by the
 * `*.worker.ts` convention, scripts/workerEntries.mjs), served through the shared worker channel. The main
 * thread reads the column blobs (quick SQLite reads) and transfers them here; decoding, resampling, encoding
 * and writing each file's .npy and hashing it happen here, so the back end's event loop stays free.
 */
import { parentPort } from 'node:worker_threads';
import { nodePort, serveChannel } from '../../../shared/workers/index';
import type { DatasetWorkerApi } from './datasetWorker';
import { runResampleTask } from './resampleTask';

const port = parentPort;
if (!port) throw new Error('dataset.worker must run in a worker thread');

serveChannel<DatasetWorkerApi>(nodePort(port), { resample: (task) => runResampleTask(task) }, { name: 'dataset worker' });
