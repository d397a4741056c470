// Starts a TypeScript worker entry from the sources (tests under vitest), through tsx's loader. Worker
// threads do not inherit `--import tsx` from execArgv in Node 20, so the loader is registered here.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__tsEntry);
