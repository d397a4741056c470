/**
 * The shared worker channel (src/shared/workers) over real worker_threads: request/reply, batching,
 * transfers, errors with their stack, cancellation. The worker runs from its TypeScript source through
 * the same tsx loader the import pool uses in tests.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannelClient, isAbortError, nodePort, serveChannel, type ChannelClient } from '../../../src/shared/workers/index';
import type { TestWorkerApi } from './fixtures/channelApi';

const root = path.resolve(import.meta.dirname, '../../..');
let worker: Worker;
let client: ChannelClient<TestWorkerApi>;

describe('worker channel over worker_threads', () => {
  beforeEach(() => {
    worker = new Worker(path.join(root, 'src/main/ingest/tsWorker.mjs'), {
      workerData: { __tsEntry: pathToFileURL(path.join(import.meta.dirname, 'fixtures/channel.worker.ts')).href },
    });
    client = createChannelClient<TestWorkerApi>(nodePort(worker), 'test worker');
  });

  afterEach(async () => {
    client.close();
    await worker.terminate();
  });

  it('answers calls by id, in order, and sends the calls of one synchronous run as one message', async () => {
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => client.call('echo', { n, text: `#${n}` })));
    expect(answers).toEqual([1, 2, 3, 4, 5].map((n) => ({ n, text: `#${n}` })));
    expect(client.pending).toBe(0);
    const stats = await client.call('stats', undefined);
    // The five echoes arrived together; stats came in a message of its own.
    expect(stats.messages).toBe(2);
    expect(stats.ran).toEqual(['echo', 'echo', 'echo', 'echo', 'echo']);
  });

  it('transfers buffers both ways instead of copying them', async () => {
    const values = Float64Array.from([1.5, 2.5, 3]);
    const sent = client.call('sum', values, { transfer: [values.buffer] });
    // Moved at once: the sender's view is detached.
    await sent.then((r) => expect(r).toEqual({ sum: 7, byteLength: 24 }));
    expect(values.byteLength).toBe(0);
    const ramp = await client.call('ramp', 1000);
    expect(ramp).toBeInstanceOf(Float64Array);
    expect(ramp.length).toBe(1000);
    expect(ramp[999]).toBe(999);
  });

  it("carries a handler's error back with its name, message and the worker's stack", async () => {
    const err = (await client.call('explode', 'depth 12.5 mm is beyond the file (max 10.0)').catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('DepthRangeError');
    expect(err.message).toBe('depth 12.5 mm is beyond the file (max 10.0)');
    expect(err.stack).toMatch(/explodeDeep/);
    expect(err.stack).toMatch(/channel\.worker\.ts/);
    // The worker carries on after a throw.
    expect(await client.call('echo', 'still here')).toBe('still here');
  });

  it('names an unknown method and the ones there are', async () => {
    const call = (client as unknown as ChannelClient<{ nope(): void }>).call('nope', undefined);
    await expect(call).rejects.toThrow("worker has no method 'nope' (it has: echo, sum, ramp, explode, waitForCancel, stats)");
  });

  /** Resolves once the worker has started `waitForCancel(tag)`. */
  const started = (tag: string): Promise<void> =>
    new Promise((resolve) => {
      const on = (m: unknown): void => {
        if ((m as { started?: string }).started !== tag) return;
        worker.off('message', on);
        resolve();
      };
      worker.on('message', on);
    });

  it('cancels a running call: the caller rejects with an AbortError, the handler sees its signal abort', async () => {
    const controller = new AbortController();
    const running = client.call('waitForCancel', 'a', { signal: controller.signal });
    await started('a');
    controller.abort(new Error('user left the file'));
    const err = (await running.catch((e: unknown) => e)) as Error;
    expect(isAbortError(err)).toBe(true);
    expect(err.message).toBe("test worker: 'waitForCancel' was cancelled: user left the file");
    expect(client.pending).toBe(0);
    // Queued behind the cancelled call, so it answers only once the handler has seen the abort.
    expect(await client.call('stats', undefined)).toMatchObject({ ran: ['waitForCancel:a'], aborted: ['a'] });
  });

  it('skips a queued call whose caller gave up, and never sends one cancelled beforehand', async () => {
    const first = new AbortController();
    const second = new AbortController();
    const blocking = client.call('waitForCancel', 'a', { signal: first.signal });
    const queued = client.call('echo', 'never', { signal: second.signal });
    await started('a');
    second.abort();
    await expect(queued).rejects.toSatisfy(isAbortError);
    first.abort();
    await expect(blocking).rejects.toSatisfy(isAbortError);
    await expect(client.call('echo', 'x', { signal: AbortSignal.abort() })).rejects.toSatisfy(isAbortError);
    expect(await client.call('stats', undefined)).toMatchObject({ ran: ['waitForCancel:a'], aborted: ['a'] });
  });

  it('close() rejects every pending call with its reason, and later calls too', async () => {
    const pending = client.call('waitForCancel', 'b');
    await started('b');
    client.close(new Error('parse worker exited with code 1'));
    await expect(pending).rejects.toThrow('parse worker exited with code 1');
    await expect(client.call('echo', 1)).rejects.toThrow('parse worker exited with code 1');
    expect(client.pending).toBe(0);
  });
});

describe('worker channel reply batching (a MessageChannel in this thread)', () => {
  it('sends replies in batches of `batch`, the rest once `later` fires', async () => {
    const { port1, port2 } = new MessageChannel();
    try {
      serveChannel<{ twice(n: number): number }>(nodePort(port2), { twice: (n) => 2 * n }, { batch: 4, later: setImmediate });
      let messages = 0;
      const port = nodePort(port1);
      const batched = createChannelClient<{ twice(n: number): number }>({ post: (m, t) => port.post(m, t), listen: (on) => port.listen((d) => (messages++, on(d))) });
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => batched.call('twice', i)));
      expect(answers).toEqual(Array.from({ length: 10 }, (_, i) => 2 * i));
      // 4 + 4 as soon as full, the last 2 when setImmediate ran.
      expect(messages).toBe(3);
    } finally {
      port1.close();
      port2.close();
    }
  });
});
