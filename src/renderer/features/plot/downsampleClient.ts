/**
 * The UI thread's handle on the downsampling worker, over the shared worker channel. One worker for the
 * whole session (starting one costs tens of milliseconds, paid once); falls back to running DownsampleImpl
 * in-thread where Workers do not exist (jsdom unit tests).
 */
import { createChannelClient, webPort, type AbortSignalLike } from '../../../shared/workers/index';
import { DownsampleImpl, type PackedColumnData, type PackedLoadResult, type WindowRequest, type WindowResult } from '../../workers/downsampleImpl';
import type { DownsampleApi } from '../../workers/downsampleServer';

export interface DownsampleClient {
  /** Hands the columns to the worker. The buffers are transferred: the caller must not use them again. */
  load(setId: string, depth: Float64Array, columns: Record<string, Float64Array>): Promise<void>;
  /**
   * Hands the catalog's compact columns to the worker, which decodes them. Their bytes are transferred: the
   * caller must not use them again. Answers with the depth column, decoded, for the UI thread's own use.
   */
  loadPacked(setId: string, columns: PackedColumnData[], options?: { signal?: AbortSignalLike }): Promise<PackedLoadResult>;
  window(req: Omit<WindowRequest, 'type'>): Promise<WindowResult>;
  dispose(setId: string): Promise<void>;
}

/** Each buffer once (columns of one file share one buffer: a transfer list must not repeat it). */
function buffersOf(views: ReadonlyArray<{ buffer: ArrayBufferLike }>): ArrayBuffer[] {
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))];
}

function workerClient(worker: Worker): DownsampleClient {
  const channel = createChannelClient<DownsampleApi>(webPort(worker), 'downsampling worker');
  return {
    async load(setId, depth, columns) {
      await channel.call('load', { setId, depth, columns }, { transfer: buffersOf([depth, ...Object.values(columns)]) });
    },
    loadPacked: (setId, columns, options = {}) => channel.call('loadPacked', { setId, columns }, { transfer: buffersOf(columns.map((c) => c.data)), signal: options.signal ?? null }),
    window: (req) => channel.call('window', req),
    async dispose(setId) {
      await channel.call('dispose', { setId });
    },
  };
}

export function inThreadClient(impl = new DownsampleImpl()): DownsampleClient {
  return {
    load: async (setId, depth, columns) => void impl.load({ setId, depth, columns }),
    loadPacked: async (setId, columns) => impl.loadPacked({ setId, columns }),
    window: async (req) => impl.window(req),
    dispose: async (setId) => impl.dispose(setId),
  };
}

let shared: DownsampleClient | null = null;

export function downsampleClient(): DownsampleClient {
  if (shared) return shared;
  if (typeof Worker === 'undefined') return (shared = inThreadClient());
  try {
    shared = workerClient(new Worker(new URL('../../workers/downsample.worker.ts', import.meta.url), { type: 'module' }));
  } catch {
    shared = inThreadClient();
  }
  return shared;
}
