/**
 * The calling side of a worker channel: typed request/reply over any ChannelPort.
 *
 *   const ds = createChannelClient<DownsampleApi>(webPort(new Worker(url, { type: 'module' })));
 *   const res = await ds.call('window', req, { signal });
 *
 * - Calls made in one synchronous run go out as one message (flushed in a microtask), so a caller that
 *   queues many tasks at once pays for one postMessage, not one per task.
 * - `transfer` lists buffers to move rather than copy (the caller must not touch them afterwards).
 * - `signal`: aborting rejects the call at once with an AbortError and tells the worker, which skips the
 *   call if it has not started and aborts the handler's own signal if it has. A late answer is dropped.
 * - A handler's error comes back with the worker's name, message and stack.
 * - `close(reason)`: every pending call rejects with `reason` (a worker that died, a pool shutting down).
 */
import { AbortError, fromWireError } from './errors';
import type { FromWorkerFrame, MethodOf, PayloadOf, ResultOf, ToWorkerFrame, WorkerApi } from './frames';
import type { ChannelPort } from './port';
import type { AbortSignalLike } from './signal';

export interface CallOptions {
  transfer?: readonly ArrayBuffer[];
  signal?: AbortSignalLike | null;
}

export interface ChannelClient<A extends WorkerApi> {
  call<K extends MethodOf<A>>(method: K, payload: PayloadOf<A, K>, options?: CallOptions): Promise<ResultOf<A, K>>;
  /** Calls sent and not yet answered (the pool balances on it). */
  readonly pending: number;
  /** Reject every pending call with `reason` and stop listening; later calls reject with it too. */
  close(reason?: Error): void;
}

interface Pending {
  method: string;
  resolve(value: unknown): void;
  reject(err: Error): void;
  /** Detaches the abort listener; null when the call has no signal. */
  detach: (() => void) | null;
}

export function createChannelClient<A extends WorkerApi>(port: ChannelPort, name = 'worker'): ChannelClient<A> {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let outbox: ToWorkerFrame[] = [];
  let transfer = new Set<ArrayBuffer>();
  let flushQueued = false;
  let closed: Error | null = null;

  const settle = (id: number): Pending | undefined => {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    p.detach?.();
    return p;
  };

  const stop = port.listen((data) => {
    if (!Array.isArray(data)) return; // not a channel message
    for (const frame of data as FromWorkerFrame[]) {
      const p = settle(frame.id);
      if (!p) continue; // cancelled or closed meanwhile
      if (frame.t === 'ok') p.resolve(frame.value);
      else p.reject(fromWireError(frame.error));
    }
  });

  const flush = (): void => {
    flushQueued = false;
    if (outbox.length === 0 || closed) return;
    const frames = outbox;
    const list = [...transfer];
    outbox = [];
    transfer = new Set();
    try {
      port.post(frames, list);
    } catch (err) {
      // Nothing of the batch arrived (a detached buffer, an uncloneable payload): its calls fail, named.
      for (const f of frames) {
        if (f.t !== 'call') continue;
        const p = settle(f.id);
        p?.reject(new Error(`${name}: could not send '${f.method}': ${(err as Error).message}`, { cause: err }));
      }
    }
  };

  const queue = (frame: ToWorkerFrame, buffers: readonly ArrayBuffer[] = []): void => {
    outbox.push(frame);
    // A buffer may back several arrays (or calls): a transfer list must name it once.
    for (const b of buffers) transfer.add(b);
    if (!flushQueued) {
      flushQueued = true;
      void Promise.resolve().then(flush);
    }
  };

  const abortError = (method: string, reason: unknown): AbortError =>
    new AbortError(`${name}: '${method}' was cancelled${reason instanceof Error ? `: ${reason.message}` : ''}`, { cause: reason });

  return {
    call<K extends MethodOf<A>>(method: K, payload: PayloadOf<A, K>, options: CallOptions = {}): Promise<ResultOf<A, K>> {
      if (closed) return Promise.reject(closed);
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(abortError(method, signal.reason));
      const id = nextId++;
      return new Promise<ResultOf<A, K>>((resolve, reject) => {
        const p: Pending = { method, resolve, reject, detach: null };
        if (signal) {
          const onAbort = (): void => {
            if (!settle(id)) return;
            reject(abortError(method, signal.reason));
            // Even when the call is still in this round's batch: the worker then sees call and cancel together.
            queue({ t: 'cancel', id });
          };
          signal.addEventListener('abort', onAbort, { once: true });
          p.detach = () => signal.removeEventListener('abort', onAbort);
        }
        pending.set(id, p);
        queue({ t: 'call', id, method, payload }, options.transfer);
      });
    },
    get pending() {
      return pending.size;
    },
    close(reason = new Error(`${name} channel closed`)) {
      if (closed) return;
      closed = reason;
      stop();
      outbox = [];
      transfer = new Set();
      const all = [...pending.values()];
      pending.clear();
      for (const p of all) {
        p.detach?.();
        p.reject(reason);
      }
    },
  };
}
