/**
 * The plot's first frame before a file's columns are in the page (catalog.getSignalOverview, features/plot/
 * firstFrame.ts): the back end cuts the full view from the stored columns with the worker's own decimation
 * (src/shared/downsample.ts cutTrace), so the frame must be the worker's full-view window to the last bit.
 * Here on a real catalog and on every stored form a column can take, its payload validation, and the
 * downsampling client answering the full view early while every other window waits for the columns.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/main/backend/createBackend';
import { encodeColumn } from '../../../src/main/catalog/signalBlob';
import { depthOf, rankedColumn } from '../../../src/main/catalog/signalOverview';
import type { FileDetail, PackedSignals, SignalOverview } from '../../../src/shared/api/catalog.contract';
import type { AppApi } from '../../../src/shared/api/contract';
import { cutTrace } from '../../../src/shared/downsample';
import { inThreadClient } from '../../../src/renderer/features/plot/downsampleClient';
import { overviewServes, overviewWindows, windowOfOverview } from '../../../src/renderer/features/plot/firstFrame';
import { DownsampleImpl, type PackedColumnData, type WindowRequest, type WindowResult } from '../../../src/renderer/workers/downsampleImpl';
import { backendWithOneFile, type Sandbox } from '../../integration/importFixtures';

let box: Sandbox | null = null;
let backend: Backend | null = null;
afterEach(async () => {
  await backend?.dispose();
  backend = null;
  box?.cleanup();
  box = null;
});

async function oneFile(): Promise<{ backend: Backend; id: number }> {
  const made = await backendWithOneFile(11, 4000);
  ({ box, backend } = made);
  return { backend: made.backend, id: made.id };
}

/** Bit for bit (−0 is not 0, NaN is NaN). */
const bits = (a: ArrayLike<number>): string[] => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

function expectSameTraces(a: WindowResult, b: WindowResult): void {
  expect(Object.keys(a.traces)).toEqual(Object.keys(b.traces));
  for (const key of Object.keys(a.traces)) {
    expect(bits(a.traces[key]!.x)).toEqual(bits(b.traces[key]!.x));
    expect(bits(a.traces[key]!.y)).toEqual(bits(b.traces[key]!.y));
    expect(bits(a.points[key] ?? [])).toEqual(bits(b.points[key] ?? []));
  }
  expect(bits(a.xExtent)).toEqual(bits(b.xExtent));
}

const asPacked = (c: PackedSignals['columns'][number]): PackedColumnData => ({ key: c.key, dtype: c.dtype, scaleExp: c.scaleExp, length: c.length, data: c.data });

describe('catalog.getSignalOverview on a real catalog', () => {
  it("is the worker's window of the full view against depth, step-end values included", async () => {
    const { backend, id } = await oneFile();
    const packed = (await backend.dispatch('catalog.getSignalsPacked', { id })) as PackedSignals;
    const detail = (await backend.dispatch('catalog.getFile', { id })) as FileDetail;
    const impl = new DownsampleImpl();
    const loaded = impl.loadPacked({ setId: 'w', columns: packed.columns.map(asPacked) });
    const ends = detail.segments.map((s) => s.endIndex);
    expect(ends.length).toBeGreaterThan(0);
    for (const buckets of [1, 37, 400, 5000]) {
      const keys = ['i_torque', 'i_thrust', 'position', 'no_such_column'];
      const o = (await backend.dispatch('catalog.getSignalOverview', { id, keys, buckets, pointIndices: [0, 17, 99_999] })) as SignalOverview;
      expect(o.traces.map((t) => t.key)).toEqual(['i_torque', 'i_thrust']);
      expect(o.pointIndices.slice(0, ends.length)).toEqual([...new Set(ends)]);
      expect(o.depthExtent).toEqual(loaded.depthExtent);
      expect(o.length).toBe(loaded.length);
      const req: Omit<WindowRequest, 'type'> = { setId: 'w', xMode: 'depth', x0: null, x1: null, buckets, keys, pointIndices: [...ends, 17, 0, 99_999] };
      expectSameTraces(windowOfOverview(req, o)!, impl.window(req));
    }
  });

  it('validates its payload and names a missing file', async () => {
    const { backend, id } = await oneFile();
    const ok = { id, keys: ['i_torque'], buckets: 100 };
    for (const bad of [
      { ...ok, buckets: 0 },
      { ...ok, buckets: 1.5 },
      { ...ok, buckets: 9000 },
      { ...ok, keys: [] },
      { ...ok, keys: [''] },
      { ...ok, keys: Array.from({ length: 17 }, (_, i) => `k${i}`) },
      { ...ok, pointIndices: [-1] },
      { ...ok, pointIndices: [2.5] },
      { ...ok, id: 0 },
      { ...ok, xMode: 'index' },
      { id, keys: ['i_torque'] },
    ])
      await expect(backend.dispatch('catalog.getSignalOverview', bad)).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(backend.dispatch('catalog.getSignalOverview', { ...ok, id: 99_999 })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('the overview of every stored form of a column', () => {
  /** Through the catalog's encoder, as stored; then the back end's cut of it and the worker's. */
  type Stored = ReturnType<typeof encodeColumn>;
  function compare(positionValues: Float64Array, values: Float64Array | Stored, buckets: number): void {
    const pos = encodeColumn(positionValues);
    const col = values instanceof Float64Array ? encodeColumn(values) : values;
    const n = col.length;
    const impl = new DownsampleImpl();
    const as = (key: string, e: ReturnType<typeof encodeColumn>): PackedColumnData => ({ key, dtype: e.dtype, scaleExp: e.scaleExp, length: e.length, data: e.bytes.slice() });
    const loaded = impl.loadPacked({ setId: 's', columns: [as('position', pos), as('y', col)] });
    const worker = impl.window({ setId: 's', xMode: 'depth', x0: null, x1: null, buckets, keys: ['y'], pointIndices: [0, n >> 1, n + 5] });
    const depth = depthOf(rankedColumn(pos.dtype, pos.scaleExp, pos.length, pos.bytes));
    const y = rankedColumn(col.dtype, col.scaleExp, col.length, col.bytes);
    const at = (i: number): number => y.decode(y.order[i]!);
    const trace = cutTrace(y.order, { start: 0, end: n }, buckets, depth.at, at);
    expect(bits(trace.x)).toEqual(bits(worker.traces.y!.x));
    expect(bits(trace.y)).toEqual(bits(worker.traces.y!.y));
    expect(bits(depth.extent)).toEqual(bits(loaded.depthExtent));
    expect(bits([0, n >> 1, n + 5].map((i) => at(Math.min(i, n - 1))))).toEqual(bits(worker.points.y!));
  }

  it('i8, i16 and i32, scaled or not, floats with NaN and −0, constants: the same samples and numbers', () => {
    const n = 3001;
    // Stored as scaled i32 (no −0: Position 0 would keep it f64), with back-moves.
    const pos = Float64Array.from({ length: n }, (_, i) => -(1 + Math.round(i * 0.37) + (i % 97 === 0 ? 3 : 0)) / 100);
    expect(encodeColumn(pos).dtype).toMatch(/^i(16|32)$/);
    const forms: Array<[string, (i: number) => number]> = [
      ['i8', (i) => (i * 7) % 100],
      ['i16 scaled', (i) => Math.round(Math.sin(i / 30) * 20_000) / 1000],
      ['i32 scaled', (i) => Math.round(Math.cos(i / 50) * 3e6) / 100],
      ['f64 with NaN and −0', (i) => (i % 11 === 0 ? NaN : i % 13 === 0 ? -0 : Math.sin(i) * Math.PI)],
      ['const', () => 2.5],
      ['ties', (i) => (i % 3 === 0 ? 1 : 0)],
    ];
    const stored = new Set<string>();
    for (const [name, f] of forms) {
      const values = Float64Array.from({ length: n }, (_, i) => f(i));
      stored.add(encodeColumn(values).dtype);
      for (const buckets of [1, 10, 333, 2000]) expect(() => compare(pos, values, buckets), name).not.toThrow();
    }
    expect([...stored].sort()).toEqual(['const', 'f64', 'i16', 'i32', 'i8']);
    // f32 is only read (files stored before the scaled integers), never written: stored by hand here.
    const f32 = Float32Array.from({ length: n }, (_, i) => (i % 29 === 0 ? NaN : Math.sin(i / 7) * 1e6));
    compare(pos, { dtype: 'f32', scaleExp: 0, length: n, bytes: new Uint8Array(f32.buffer) }, 300);
    // A float depth with NaN and −0 at its ends, and an integer one, against the integers above.
    compare(Float64Array.from({ length: n }, (_, i) => (i === 0 ? NaN : i === 1 ? 0 : i === 2 ? -0 : -i / 3)), Float64Array.from({ length: n }, (_, i) => i % 17), 50);
  });

  it('property: random scaled integers, any bucket count', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -40_000, max: 40_000 }), { minLength: 1, maxLength: 600 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 400 }), (ints, e, buckets) => {
        const values = Float64Array.from(ints, (v) => v / 10 ** e);
        const pos = Float64Array.from(ints, (_, i) => -(i + 1) / 100);
        compare(pos, values, buckets);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the full view early, every other window after the columns', () => {
  const n = 400;
  const ints = (f: (i: number) => number): Uint8Array<ArrayBuffer> => new Uint8Array(Int16Array.from({ length: n }, (_, i) => f(i)).buffer);
  const col = (key: string, f: (i: number) => number): PackedColumnData => ({ key, dtype: 'i16', scaleExp: 1, length: n, data: ints(f) });
  const columns = (): PackedColumnData[] => [col('position', (i) => -i), col('i_torque', (i) => (i * 37) % 91), col('i_thrust', (i) => (i * 13) % 53)];
  const full = (extra: Partial<WindowRequest> = {}): Omit<WindowRequest, 'type'> => ({ setId: '4', xMode: 'depth', x0: null, x1: null, buckets: 20, keys: ['i_torque', 'i_thrust'], pointIndices: [], ...extra });

  /** The back end's overview of the same columns, as AppApi serves it; counts the requests. */
  function fakeApi(): { api: AppApi; asked: unknown[] } {
    const asked: unknown[] = [];
    const impl = new DownsampleImpl();
    impl.loadPacked({ setId: 'b', columns: columns() });
    const api = {
      invoke: async (channel: string, input: { keys: string[]; buckets: number; pointIndices?: number[] }) => {
        expect(channel).toBe('catalog.getSignalOverview');
        asked.push(input);
        const pointIndices = [...new Set([100, 399, ...(input.pointIndices ?? [])])];
        const w = impl.window({ setId: 'b', xMode: 'depth', x0: null, x1: null, buckets: input.buckets, keys: input.keys, pointIndices });
        return { fileId: 4, length: n, depthExtent: w.xExtent, buckets: input.buckets, pointIndices, traces: Object.entries(w.traces).map(([key, t]) => ({ key, ...t, points: w.points[key]! })) };
      },
      on: () => () => undefined,
    } as unknown as AppApi;
    return { api, asked };
  }

  it('answers the full view from the overview before the set is loaded; zoomed windows wait; then the worker answers', async () => {
    const impl = new DownsampleImpl();
    const client = inThreadClient(impl);
    const { api, asked } = fakeApi();
    let arrive: () => void = () => undefined;
    client.expectSet('4', new Promise<void>((r) => (arrive = r)), overviewWindows(api, 4));

    const early = await client.window(full({ pointIndices: [399, 100] }));
    expect(impl.has('4')).toBe(false);
    // Steps ends of the file come with the first overview: the window with them needs no second request.
    const again = await client.window(full());
    expect(asked).toHaveLength(1);
    expect([...early.points.i_torque!]).toEqual([(399 * 37) % 91, (100 * 37) % 91].map((v) => v / 10));
    expect(again.points.i_torque).toHaveLength(0);

    let zoomed: WindowResult | null = null;
    const zoomP = client.window(full({ x0: 5, x1: 10 })).then((r) => (zoomed = r));
    const indexP = client.window(full({ xMode: 'index' }));
    await new Promise((r) => setTimeout(r, 10));
    expect(zoomed).toBeNull();

    impl.loadPacked({ setId: '4', columns: columns() });
    arrive();
    await zoomP;
    expect(zoomed!.end - zoomed!.start).toBeLessThan(n);
    expect(Object.keys((await indexP).traces)).toEqual(['i_torque', 'i_thrust']);
    // Bit for bit what the worker answers for the full view, once it can.
    const worker = await client.window(full({ pointIndices: [399, 100] }));
    expectSameTraces(early, worker);
    expect(asked).toHaveLength(1);
  });

  it('asks again only for points the overview lacks; a failed overview falls back to the columns', async () => {
    const impl = new DownsampleImpl();
    const client = inThreadClient(impl);
    const { api, asked } = fakeApi();
    let arrive: () => void = () => undefined;
    client.expectSet('4', new Promise<void>((r) => (arrive = r)), overviewWindows(api, 4));
    await client.window(full());
    const other = await client.window(full({ pointIndices: [7] }));
    expect(asked).toHaveLength(2);
    expect([...other.points.i_thrust!]).toEqual([((7 * 13) % 53) / 10]);

    const failing = { invoke: () => Promise.reject(new Error('wire down')), on: () => () => undefined } as unknown as AppApi;
    client.expectSet('5', new Promise<void>((r) => (arrive = r)), overviewWindows(failing, 5));
    const fallback = client.window({ ...full(), setId: '5' });
    impl.loadPacked({ setId: '5', columns: columns() });
    arrive();
    expect(Object.keys((await fallback).traces)).toEqual(['i_torque', 'i_thrust']);
  });

  it('serves only what the back end cuts the same way: the full view against depth of stored columns', () => {
    expect(overviewServes(full())).toBe(true);
    expect(overviewServes(full({ x0: 1, x1: 2 }))).toBe(false);
    expect(overviewServes(full({ xMode: 'index' }))).toBe(false);
    expect(overviewServes(full({ keys: ['i_torque_total'] }))).toBe(false);
    expect(overviewServes(full({ keys: [] }))).toBe(false);
    expect(overviewServes(full({ buckets: 9000 }))).toBe(false);
    expect(overviewServes(full({ pointIndices: [1.5] }))).toBe(false);
  });
});
