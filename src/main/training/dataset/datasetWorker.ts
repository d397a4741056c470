/**
 * The dataset builder's worker thread (dataset.worker.ts), reached through the shared worker channel. One
 * worker: files are independent, so the result does not depend on how many there are, and on a 2-core
 * machine one worker beside the main thread is what helps. A worker that dies fails every pending call
 * (the build then fails and leaves no snapshot behind).
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createChannelClient, nodePort, type ChannelClient } from '../../../shared/workers/index';
import { nodeWorkerEntry } from '../../ingest/workerPool';
import type { ResampleResult, ResampleTask } from './resampleTask';

export interface DatasetWorkerApi {
  resample(task: ResampleTask): ResampleResult;
}

export class DatasetWorker {
  private readonly worker: Worker;
  private readonly channel: ChannelClient<DatasetWorkerApi>;
  private closed = false;

  public constructor() {
    const entry = nodeWorkerEntry(path.join('src', 'main', 'training', 'dataset', 'dataset.worker.ts'));
    this.worker = new Worker(entry.file, { workerData: entry.workerData });
    this.channel = createChannelClient<DatasetWorkerApi>(nodePort(this.worker), 'dataset worker');
    this.worker.on('error', (err) => this.channel.close(err));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.channel.close(new Error(`dataset worker exited with code ${code}`));
    });
  }

  /** Calls sent and not answered yet. */
  public get pending(): number {
    return this.channel.pending;
  }

  /** The task's column buffers are moved to the worker: the caller must not touch them afterwards. */
  public resample(task: ResampleTask): Promise<ResampleResult> {
    return this.channel.call('resample', task, { transfer: task.columns.map((c) => c.bytes) });
  }

  public async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.channel.close(new Error('dataset worker closed'));
    await this.worker.terminate();
  }
}
