/**
 * The UI thread's handle on the downsampling worker. One worker for the whole session (starting one costs
 * tens of milliseconds, paid once); falls back to running DownsampleImpl in-thread where Workers do not
 * exist (jsdom unit tests).
 */
import { DownsampleImpl, type DownsampleRequest, type LoadRequest, type WindowRequest, type WindowResult } from '../../workers/downsampleImpl';

export interface DownsampleClient {
  /** Hands the columns to the worker. The buffers are transferred: the caller must not use them again. */
  load(setId: string, depth: Float64Array, columns: Record<string, Float64Array>): Promise<void>;
  window(req: Omit<WindowRequest, 'type'>): Promise<WindowResult>;
  dispose(setId: string): Promise<void>;
}

type Pending = { resolve(value: unknown): void; reject(err: Error): void };

function workerClient(worker: Worker): DownsampleClient {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  worker.onmessage = (e: MessageEvent<{ id: number; ok: boolean; result?: unknown; error?: string }>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    if (e.data.ok) p.resolve(e.data.result);
    else p.reject(new Error(e.data.error ?? 'downsampling failed'));
  };
  const call = (req: DownsampleRequest, transfer: Transferable[] = []): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, req }, transfer);
    });
  return {
    async load(setId, depth, columns) {
      const req: LoadRequest = { type: 'load', setId, depth, columns };
      const buffers = new Set<ArrayBuffer>([depth.buffer as ArrayBuffer, ...Object.values(columns).map((c) => c.buffer as ArrayBuffer)]);
      await call(req, [...buffers]);
    },
    window: (req) => call({ type: 'window', ...req }) as Promise<WindowResult>,
    async dispose(setId) {
      await call({ type: 'dispose', setId });
    },
  };
}

export function inThreadClient(impl = new DownsampleImpl()): DownsampleClient {
  return {
    load: async (setId, depth, columns) => void impl.load({ setId, depth, columns }),
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
