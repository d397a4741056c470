/**
 * The UI thread's handle on the downsampling worker, over the shared worker channel. One worker for the
 * whole session (starting one costs tens of milliseconds, paid once); falls back to running DownsampleImpl
 * in-thread where Workers do not exist (jsdom unit tests).
 */
import { createChannelClient, webPort, type AbortSignalLike } from '../../../shared/workers/index';
import { DERIVED_COLUMNS, DownsampleImpl, type PackedColumnData, type PackedLoadResult, type WindowRequest, type WindowResult } from '../../workers/downsampleImpl';
import type { DownsampleApi } from '../../workers/downsampleServer';

export interface DownsampleClient {
  /** Hands the columns to the worker. The buffers are transferred: the caller must not use them again. */
  load(setId: string, depth: Float64Array, columns: Record<string, Float64Array>): Promise<void>;
  /**
   * Hands the catalog's compact columns to the worker, which decodes them. Their bytes are transferred: the
   * caller must not use them again. Answers with the depth column, decoded, for the UI thread's own use.
   */
  loadPacked(setId: string, columns: PackedColumnData[], options?: { signal?: AbortSignalLike }): Promise<PackedLoadResult>;
  /** More compact columns for a loaded set (transferred likewise); false when the set is gone. */
  addPacked(setId: string, columns: PackedColumnData[]): Promise<boolean>;
  window(req: Omit<WindowRequest, 'type'>): Promise<WindowResult>;
  /**
   * The set holds only `loaded` so far; the rest is on its way and in once `arrived` settles (addPacked).
   * Until then a window asking for any other column waits for it, so every caller (plot, overview, readouts)
   * sees the full set without knowing it came in two parts. A function for `arrived` is called only when a
   * window first needs one of those columns (a reference hole's rest, often never wanted).
   */
  expectColumns(setId: string, loaded: readonly string[], arrived: Promise<unknown> | (() => Promise<unknown>)): void;
  /**
   * The set's columns are on their way (loaded once `arrived` settles). Until then a window that `early`
   * answers (it returns null for the others) comes from there: the back end's overview of the full view,
   * the plot's first frame. Every other window waits for the columns, so no caller needs to know.
   */
  expectSet(setId: string, arrived: Promise<unknown>, early: EarlyWindows): void;
  dispose(setId: string): Promise<void>;
}

/** Answers some windows of a set before its columns are in the worker; null for a window it cannot answer. */
export type EarlyWindows = (req: Omit<WindowRequest, 'type'>) => Promise<WindowResult> | null;

/** Each buffer once (columns of one file share one buffer: a transfer list must not repeat it). */
function buffersOf(views: ReadonlyArray<{ buffer: ArrayBufferLike }>): ArrayBuffer[] {
  return [...new Set(views.map((v) => v.buffer as ArrayBuffer))];
}

type BaseClient = Omit<DownsampleClient, 'expectColumns' | 'expectSet'>;

/**
 * Adds expectColumns and expectSet to a client: windows that need a column (or a set) still on its way wait
 * for it, unless the set's early answers serve them.
 */
function withArrivals(base: BaseClient): DownsampleClient {
  const incoming = new Map<string, { loaded: Set<string>; arrived: Promise<unknown> | (() => Promise<unknown>) }>();
  const pendingSets = new Map<string, { arrived: Promise<unknown>; early: EarlyWindows }>();
  /** The window from the set's early answers, or once its columns are in; null when the set is not pending. */
  const beforeSet = (req: Omit<WindowRequest, 'type'>): Promise<WindowResult> | null => {
    const pending = pendingSets.get(req.setId);
    if (!pending) return null;
    const afterLoad = (): Promise<WindowResult> => pending.arrived.catch(() => undefined).then(() => client.window(req));
    // An early answer that fails (the back end, the wire) falls back to the columns.
    return pending.early(req)?.catch(afterLoad) ?? afterLoad();
  };
  const settle = (setId: string, entry: { arrived: Promise<unknown> | (() => Promise<unknown>) }, arrived: Promise<unknown>): Promise<unknown> => {
    entry.arrived = arrived;
    const done = (): void => {
      if (incoming.get(setId) === entry) incoming.delete(setId);
    };
    arrived.then(done, done);
    return arrived;
  };
  const waitFor = (setId: string, keys: readonly string[]): Promise<unknown> | null => {
    const inc = incoming.get(setId);
    if (!inc) return null;
    const needs = (k: string): boolean => !inc.loaded.has(k) && (DERIVED_COLUMNS[k] ?? [k]).some((p) => !inc.loaded.has(p));
    if (!keys.some(needs)) return null;
    return typeof inc.arrived === 'function' ? settle(setId, inc, inc.arrived()) : inc.arrived;
  };
  const client: DownsampleClient = {
    ...base,
    async window(req) {
      const early = beforeSet(req);
      if (early) return early;
      const wait = waitFor(req.setId, req.keys);
      if (wait) await wait.catch(() => undefined);
      return base.window(req);
    },
    expectSet(setId, arrived, early) {
      const entry = { arrived, early };
      pendingSets.set(setId, entry);
      const done = (): void => {
        if (pendingSets.get(setId) === entry) pendingSets.delete(setId);
      };
      arrived.then(done, done);
    },
    expectColumns(setId, loaded, arrived) {
      const entry = { loaded: new Set(loaded), arrived };
      incoming.set(setId, entry);
      if (typeof arrived !== 'function') void settle(setId, entry, arrived);
    },
    async dispose(setId) {
      incoming.delete(setId);
      pendingSets.delete(setId);
      await base.dispose(setId);
    },
  };
  return client;
}

function workerClient(worker: Worker): DownsampleClient {
  const channel = createChannelClient<DownsampleApi>(webPort(worker), 'downsampling worker');
  return withArrivals({
    async load(setId, depth, columns) {
      await channel.call('load', { setId, depth, columns }, { transfer: buffersOf([depth, ...Object.values(columns)]) });
    },
    loadPacked: (setId, columns, options = {}) => channel.call('loadPacked', { setId, columns }, { transfer: buffersOf(columns.map((c) => c.data)), signal: options.signal ?? null }),
    addPacked: (setId, columns) => channel.call('addPacked', { setId, columns }, { transfer: buffersOf(columns.map((c) => c.data)) }),
    window: (req) => channel.call('window', req),
    async dispose(setId) {
      await channel.call('dispose', { setId });
    },
  });
}

export function inThreadClient(impl = new DownsampleImpl()): DownsampleClient {
  return withArrivals({
    load: async (setId, depth, columns) => void impl.load({ setId, depth, columns }),
    loadPacked: async (setId, columns) => impl.loadPacked({ setId, columns }),
    addPacked: async (setId, columns) => impl.addPacked({ setId, columns }),
    window: async (req) => impl.window(req),
    dispose: async (setId) => impl.dispose(setId),
  });
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
