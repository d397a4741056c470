/**
 * The plot loads a file's signals in two parts (features/plot/useSignalSet.ts): the drawn columns first
 * (`catalog.getSignalsPacked` with `keys`), the rest after the first frame (`addPacked`). Here: the back
 * end's column selection on a real catalog, the worker merging the second part over a real MessageChannel,
 * and windows that ask for a column of the second part waiting for it.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/main/backend/createBackend';
import type { PackedSignals } from '../../../src/shared/api/catalog.contract';
import { createChannelClient, nodePort, type ChannelClient } from '../../../src/shared/workers/index';
import { inThreadClient } from '../../../src/renderer/features/plot/downsampleClient';
import { firstColumns } from '../../../src/renderer/features/plot/useSignalSet';
import { DownsampleImpl } from '../../../src/renderer/workers/downsampleImpl';
import { serveDownsampler, type DownsampleApi } from '../../../src/renderer/workers/downsampleServer';
import { backendWithOneFile, type Sandbox } from '../../integration/importFixtures';

let box: Sandbox | null = null;
let backend: Backend | null = null;
let ports: MessageChannel | null = null;
afterEach(async () => {
  await backend?.dispose();
  backend = null;
  box?.cleanup();
  box = null;
  ports?.port1.close();
  ports?.port2.close();
  ports = null;
});

async function oneFile(): Promise<{ backend: Backend; id: number }> {
  const made = await backendWithOneFile(7, 3000);
  ({ box, backend } = made);
  return { backend: made.backend, id: made.id };
}

const packedOf = (b: Backend, id: number, keys?: string[]): Promise<PackedSignals> => b.dispatch('catalog.getSignalsPacked', keys ? { id, keys } : { id }) as Promise<PackedSignals>;

describe('catalog.getSignalsPacked with keys', () => {
  it('answers only the columns asked for, in stored order, the bytes the same as in the full answer', async () => {
    const { backend, id } = await oneFile();
    const all = await packedOf(backend, id);
    const some = await packedOf(backend, id, ['i_thrust', 'position', 'no_such_column']);
    expect(some.columns.map((c) => c.key)).toEqual(all.columns.map((c) => c.key).filter((k) => k === 'position' || k === 'i_thrust'));
    for (const c of some.columns) expect(Array.from(c.data)).toEqual(Array.from(all.columns.find((a) => a.key === c.key)!.data));
    expect((await packedOf(backend, id, ['no_such_column'])).columns).toEqual([]);
    await expect(packedOf(backend, 99_999, ['position'])).rejects.toMatchObject({ code: 'not_found' });
    await expect(backend.dispatch('catalog.getSignalsPacked', { id, keys: [''] })).rejects.toMatchObject({ code: 'invalid_payload' });
  });

  it('names the first-frame columns of a view: depth and what the panels draw', () => {
    expect(firstColumns({ total: false, extras: [] })).toEqual(['position', 'i_torque', 'i_thrust']);
    expect(firstColumns({ total: true, extras: ['torque_power'] })).toEqual(['position', 'i_torque', 'i_thrust', 'i_torque_empty', 'i_thrust_empty', 'torque_power']);
  });
});

describe('the second part in the worker', () => {
  it('merges the rest into the loaded set over the channel; totals work once the no-load columns are in', async () => {
    const { backend, id } = await oneFile();
    ports = new MessageChannel();
    serveDownsampler(nodePort(ports.port2), new DownsampleImpl());
    const client: ChannelClient<DownsampleApi> = createChannelClient<DownsampleApi>(nodePort(ports.port1), 'downsampling worker');
    const first = await packedOf(backend, id, firstColumns({ total: false, extras: [] }));
    const setId = String(id);
    await client.call('loadPacked', { setId, columns: first.columns });
    const keys = ['i_torque_total', 'i_torque'];
    const before = await client.call('window', { setId, xMode: 'depth', x0: null, x1: null, buckets: 200, keys });
    expect(Object.keys(before.traces)).toEqual(['i_torque']);

    const rest = await packedOf(backend, id, ['i_torque_empty', 'i_thrust_empty', 'position']);
    expect(await client.call('addPacked', { setId, columns: rest.columns })).toBe(true);
    const after = await client.call('window', { setId, xMode: 'depth', x0: null, x1: null, buckets: 200, keys });
    expect(Object.keys(after.traces).sort()).toEqual(['i_torque', 'i_torque_total']);
    // Net + no-load, sample by sample (the window keeps whole samples: index order, no interpolation).
    const full = await packedOf(backend, id);
    expect(after.traces.i_torque_total!.y.length).toBe(after.traces.i_torque!.y.length);
    expect(full.columns.length).toBeGreaterThan(rest.columns.length + first.columns.length - 1);

    await client.call('dispose', { setId });
    expect(await client.call('addPacked', { setId, columns: [] })).toBe(false);
    client.close();
  });

  it('refuses a second part whose length is not the loaded one, naming the file and column', () => {
    const impl = new DownsampleImpl();
    const col = (key: string, n: number) => ({ key, dtype: 'i16' as const, scaleExp: 0, length: n, data: new Uint8Array(new ArrayBuffer(n * 2)) });
    impl.loadPacked({ setId: '5', columns: [col('position', 10), col('i_torque', 10)] });
    expect(() => impl.addPacked({ setId: '5', columns: [col('i_thrust', 9)] })).toThrow('file 5: column i_thrust has 9 samples, the loaded ones 10');
  });
});

describe('windows while the second part is on its way', () => {
  it('wait for it when they need one of its columns, and not when they do not', async () => {
    const impl = new DownsampleImpl();
    const client = inThreadClient(impl);
    const n = 50;
    const ints = (f: (i: number) => number): Uint8Array<ArrayBuffer> => new Uint8Array(Int16Array.from({ length: n }, (_, i) => f(i)).buffer);
    const col = (key: string, f: (i: number) => number) => ({ key, dtype: 'i16' as const, scaleExp: 0, length: n, data: ints(f) });
    await client.loadPacked('1', [col('position', (i) => -i), col('i_torque', (i) => i % 7)]);
    let arrive: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    client.expectColumns('1', ['position', 'i_torque'], arrived);

    const order: string[] = [];
    const torque = client.window({ setId: '1', xMode: 'depth', x0: null, x1: null, buckets: 10, keys: ['i_torque'] }).then((r) => order.push(`torque:${Object.keys(r.traces).join()}`));
    const total = client.window({ setId: '1', xMode: 'depth', x0: null, x1: null, buckets: 10, keys: ['i_torque_total'] }).then((r) => order.push(`total:${Object.keys(r.traces).join()}`));
    await torque;
    expect(order).toEqual(['torque:i_torque']);

    await client.addPacked('1', [col('i_torque_empty', () => 3)]);
    arrive();
    await total;
    expect(order).toEqual(['torque:i_torque', 'total:i_torque_total']);

    // A failed second part releases the waiters too: the window answers without the missing column.
    const failed = Promise.reject(new Error('network'));
    client.expectColumns('1', ['position', 'i_torque', 'i_torque_empty'], failed);
    const extra = await client.window({ setId: '1', xMode: 'depth', x0: null, x1: null, buckets: 10, keys: ['torque_power'] });
    expect(extra.traces).toEqual({});
  });
});
