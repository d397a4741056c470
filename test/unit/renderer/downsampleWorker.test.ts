/**
 * The downsampling worker's protocol, served over a real MessageChannel (the same channel code the Web
 * Worker runs): the catalog's packed columns are transferred in and decoded there, not on the UI thread.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeColumns } from '../../../src/main/catalog/signalBlob';
import { createChannelClient, isAbortError, nodePort, type ChannelClient } from '../../../src/shared/workers/index';
import { DownsampleImpl, type PackedColumnData } from '../../../src/renderer/workers/downsampleImpl';
import { serveDownsampler, type DownsampleApi } from '../../../src/renderer/workers/downsampleServer';
import { inThreadClient } from '../../../src/renderer/features/plot/downsampleClient';

const n = 5000;
// Decimals as Setitec writes them (integers over a power of ten, no −0), so they pack into scaled integers.
const position = Float64Array.from({ length: n }, (_, i) => -(1 + Math.round(i * 0.37)) / 100); // depth = −Position
const torque = Float64Array.from({ length: n }, (_, i) => (i === 1234 ? 42.5 : (Math.round(Math.sin(i / 40) * 1000) + 0) / 1000));
const torqueEmpty = Float64Array.from({ length: n }, () => 1.25);

/** The columns as getSignalsPacked sends them: one buffer for all, each column a view into it. */
function packed(): PackedColumnData[] {
  const keys = ['position', 'i_torque', 'i_torque_empty'];
  return encodeColumns([position, torque, torqueEmpty]).map((e, i) => ({ key: keys[i]!, dtype: e.dtype, scaleExp: e.scaleExp, length: e.length, data: e.bytes as Uint8Array<ArrayBuffer> }));
}

let ports: MessageChannel;
let impl: DownsampleImpl;
let client: ChannelClient<DownsampleApi>;
beforeEach(() => {
  ports = new MessageChannel();
  impl = new DownsampleImpl();
  serveDownsampler(nodePort(ports.port2), impl);
  client = createChannelClient<DownsampleApi>(nodePort(ports.port1), 'downsampling worker');
});
afterEach(() => {
  client.close();
  ports.port1.close();
  ports.port2.close();
});

describe('downsampling worker over the channel', () => {
  it('decodes transferred packed columns in the worker and answers windows of them', async () => {
    const columns = packed();
    expect(columns.map((c) => c.dtype)).toEqual([expect.stringMatching(/^i(8|16|32)$/), expect.stringMatching(/^i(8|16|32)$/), 'const']);
    const buffer = columns[0]!.data.buffer;
    const loaded = await client.call('loadPacked', { setId: '9', columns }, { transfer: [buffer] });
    // Moved, not copied: the sender no longer holds the bytes.
    expect(buffer.byteLength).toBe(0);
    expect(loaded.length).toBe(n);
    expect([...loaded.depth]).toEqual([...position].map((p) => -p));

    const res = await client.call('window', { setId: '9', xMode: 'depth', x0: null, x1: null, buckets: 200, keys: ['i_torque', 'i_torque_total'] });
    expect(Math.max(...res.traces.i_torque!.y)).toBe(42.5);
    expect(Math.max(...res.traces.i_torque_total!.y)).toBe(43.75);
    expect(res.xExtent).toEqual([0.01, -position[n - 1]!]);
  });

  it('decodes a column only when a window first asks for it', async () => {
    await client.call('loadPacked', { setId: '1', columns: packed() });
    const before = impl.window({ setId: '1', xMode: 'index', x0: 0, x1: 10, buckets: 10, keys: [] });
    expect(before.traces).toEqual({});
    const res = await client.call('window', { setId: '1', xMode: 'index', x0: 1230, x1: 1240, buckets: 100, keys: ['i_torque'] });
    expect(res.traces.i_torque!.y).toContain(42.5);
  });

  it("refuses a file without Position, naming the file and the columns it has; the error keeps the worker's stack", async () => {
    const noPosition = packed().slice(1);
    const err = (await client.call('loadPacked', { setId: '5', columns: noPosition }).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe('file 5 has no Position column (columns: i_torque, i_torque_empty)');
    expect(err.stack).toMatch(/loadPacked/);
  });

  it('a load cancelled before it runs never reaches the worker set', async () => {
    const controller = new AbortController();
    const load = client.call('loadPacked', { setId: '2', columns: packed() }, { signal: controller.signal });
    controller.abort();
    await expect(load).rejects.toSatisfy(isAbortError);
    await client.call('dispose', { setId: 'other' }); // answered after the cancelled load's turn
    expect(impl.has('2')).toBe(false);
  });

  it('the in-thread fallback decodes the same way', async () => {
    const fallback = inThreadClient();
    const loaded = await fallback.loadPacked('3', packed());
    expect(loaded.depth[n - 1]).toBe(-position[n - 1]!);
    const res = await fallback.window({ setId: '3', xMode: 'depth', x0: null, x1: null, buckets: 50, keys: ['i_torque'] });
    expect(Math.max(...res.traces.i_torque!.y)).toBe(42.5);
  });
});
