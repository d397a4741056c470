/**
 * The worker side of a channel: answers calls with `handlers`, one at a time in arrival order (the parse
 * worker reuses one read buffer from file to file; the downsampler's state changes with each load), so a
 * handler never runs concurrently with another of the same worker.
 *
 * Replies go out in batches when `batch` > 1: as soon as a batch is full, or once `later` fires (pass
 * Node's setImmediate so a worker first finishes the tasks it already holds). Each handler gets:
 * - `signal`: aborted when the caller cancels (a queued call whose caller gave up is skipped altogether);
 * - `transfer(...buffers)`: buffers of its result to move, not copy, to the caller.
 * A handler's throw becomes an error reply (name, message, stack); the worker carries on.
 */
import { toWireError } from './errors';
import type { CallFrame, FromWorkerFrame, MethodOf, PayloadOf, ResultOf, ToWorkerFrame, WorkerApi } from './frames';
import type { ChannelPort } from './port';
import { CancelSignal, type AbortSignalLike } from './signal';

export interface CallContext {
  readonly signal: AbortSignalLike;
  transfer(...buffers: ArrayBuffer[]): void;
}

export type Handlers<A extends WorkerApi> = {
  [K in MethodOf<A>]: (payload: PayloadOf<A, K>, ctx: CallContext) => ResultOf<A, K> | Promise<ResultOf<A, K>>;
};

export interface ServeOptions {
  /** Replies per message at most (default 1: each reply goes out as soon as it is ready). */
  batch?: number;
  /** Schedules the send of a batch that is not full yet (default: a microtask). */
  later?: (send: () => void) => void;
  /** Names the worker in errors about the channel itself. */
  name?: string;
}

interface Outgoing {
  frame: FromWorkerFrame;
  method: string;
  buffers: ArrayBuffer[];
}

/** Start answering; returns how to stop listening. */
export function serveChannel<A extends WorkerApi>(port: ChannelPort, handlers: Handlers<A>, options: ServeOptions = {}): () => void {
  const batch = Math.max(1, options.batch ?? 1);
  const later = options.later ?? ((send: () => void) => void Promise.resolve().then(send));
  const name = options.name ?? 'worker';
  const table = handlers as unknown as Record<string, (payload: unknown, ctx: CallContext) => unknown>;
  /** Calls queued or running, by id: what a cancel frame aborts. */
  const live = new Map<number, CancelSignal>();
  let chain: Promise<void> = Promise.resolve();
  let outbox: Outgoing[] = [];
  let flushQueued = false;

  const post = (items: Outgoing[]): void => {
    const transfer = new Set<ArrayBuffer>();
    for (const o of items) for (const b of o.buffers) transfer.add(b);
    port.post(
      items.map((o) => o.frame),
      [...transfer],
    );
  };

  const flush = (): void => {
    flushQueued = false;
    if (outbox.length === 0) return;
    const items = outbox;
    outbox = [];
    try {
      post(items);
    } catch {
      // One reply could not be cloned (or transferred): send the others, and for that one say why.
      for (const o of items) {
        try {
          post([o]);
        } catch (err) {
          post([{ frame: { t: 'err', id: o.frame.id, error: toWireError(new Error(`${name}: the reply of '${o.method}' could not be sent: ${(err as Error).message}`)) }, method: o.method, buffers: [] }]);
        }
      }
    }
  };

  const send = (item: Outgoing): void => {
    outbox.push(item);
    if (outbox.length >= batch) flush();
    else if (!flushQueued) {
      flushQueued = true;
      later(flush);
    }
  };

  const run = async (call: CallFrame, signal: CancelSignal): Promise<void> => {
    if (signal.aborted) {
      live.delete(call.id);
      return; // the caller gave up before it started: its promise has already rejected
    }
    const buffers: ArrayBuffer[] = [];
    let frame: FromWorkerFrame;
    try {
      const handler = Object.hasOwn(table, call.method) ? table[call.method] : undefined;
      if (!handler) throw new Error(`${name} has no method '${call.method}' (it has: ${Object.keys(table).join(', ')})`);
      const value = await handler(call.payload, { signal, transfer: (...b) => void buffers.push(...b) });
      frame = { t: 'ok', id: call.id, value };
    } catch (err) {
      frame = { t: 'err', id: call.id, error: toWireError(err) };
      buffers.length = 0;
    }
    live.delete(call.id);
    if (!signal.aborted) send({ frame, method: call.method, buffers });
  };

  return port.listen((data) => {
    if (!Array.isArray(data)) return; // not a channel message
    for (const frame of data as ToWorkerFrame[]) {
      if (frame.t === 'cancel') {
        live.get(frame.id)?.abort();
        continue;
      }
      const signal = new CancelSignal();
      live.set(frame.id, signal);
      // run() turns every handler outcome into a reply; only a broken port could throw, and then nobody can
      // be told. The catch keeps the chain alive for the calls after it.
      chain = chain.then(() => run(frame, signal)).catch(() => undefined);
    }
  });
}
