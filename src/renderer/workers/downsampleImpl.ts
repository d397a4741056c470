/**
 * The downsampling worker's logic (the worker file itself only serves it, see downsampleServer.ts). Holds
 * the signal columns of the open file and answers "what to draw for this x window in this many pixels" with
 * min/max per pixel bucket (src/shared/downsample.ts). Unit-tested directly; runs on the UI thread when no
 * Worker is available.
 *
 * Columns arrive as the catalog stores them (scaled integers, a quarter of Float64's bytes) and are decoded
 * here, off the UI thread, each one only when a window first asks for it (extra columns mostly never are),
 * or, for the drawn columns of a first load, right after the load is answered (decodeLoaded), while the UI
 * thread renders and before the first window asks.
 */
import type { PackedSignals } from '../../shared/api/catalog.contract';
import { cutTrace, finiteExtent, valuesAt, type TraceData } from '../../shared/downsample';
import { decodeColumn } from '../../shared/signals/decodeColumn';
import { DepthIndex } from './depthIndex';

export type XMode = 'depth' | 'index';

/** Channels computed from two columns: total current = net + no-load (DOMAIN §5). */
export const DERIVED_COLUMNS: Record<string, readonly [string, string]> = {
  i_torque_total: ['i_torque', 'i_torque_empty'],
  i_thrust_total: ['i_thrust', 'i_thrust_empty'],
};

export interface LoadRequest {
  type: 'load';
  /** Identifies the series set (the file id, as text). */
  setId: string;
  /** Depth (= −Position) per sample. */
  depth: Float64Array;
  columns: Record<string, Float64Array>;
}

export interface WindowRequest {
  type: 'window';
  setId: string;
  xMode: XMode;
  /** Visible x window; null = everything. */
  x0: number | null;
  x1: number | null;
  /** Pixel columns available; each trace gets at most 2·buckets + 2 points. */
  buckets: number;
  keys: string[];
  /** Sample indices whose values are wanted as-is (stop-code markers). */
  pointIndices?: number[];
}

export type { TraceData };

export interface WindowResult {
  setId: string;
  /** The sample index range the traces were cut from. */
  start: number;
  end: number;
  /** Full x extent of the set in this mode. */
  xExtent: [number, number];
  traces: Record<string, TraceData>;
  /** Per key, the values at `pointIndices`. */
  points: Record<string, Float64Array>;
}

/** A column as the catalog sends it; `data` is decoded with decodeColumn. */
export type PackedColumnData = Pick<PackedSignals['columns'][number], 'key' | 'dtype' | 'scaleExp' | 'length' | 'data'>;

export interface PackedLoadRequest {
  setId: string;
  /** Must hold `position` (depth = −Position). */
  columns: PackedColumnData[];
}

export interface PackedLoadResult {
  setId: string;
  length: number;
  /** Depth per sample, the UI thread's own copy (index-mode mapping of label depths and pointer positions). */
  depth: Float64Array;
  /** Smallest and largest finite depth ([0, 0] when there is none): the view's extent before any window. */
  depthExtent: [number, number];
}

interface SeriesSet {
  depth: Float64Array;
  columns: Map<string, Float64Array>;
  /** Columns not decoded yet. */
  packed: Map<string, PackedColumnData>;
  /** Full x extent per mode, computed once (every window answers it). */
  extent: Partial<Record<XMode, [number, number]>>;
  /** Depth window → sample range lookup, built by the first window cut from a depth range. */
  depthIndex: DepthIndex | null;
  /** Columns of the first load, decoded by decodeLoaded unless a window got to them first. */
  eager: string[];
}

function negate(values: Float64Array): Float64Array {
  for (let i = 0; i < values.length; i++) values[i] = -values[i]!;
  return values;
}

const decode = (c: PackedColumnData): Float64Array => decodeColumn(c.dtype, c.scaleExp, c.length, c.data);

export class DownsampleImpl {
  readonly #sets = new Map<string, SeriesSet>();

  public load(req: Omit<LoadRequest, 'type'>): { setId: string; length: number } {
    this.#sets.set(req.setId, { depth: req.depth, columns: new Map(Object.entries(req.columns)), packed: new Map(), extent: {}, depthIndex: null, eager: [] });
    return { setId: req.setId, length: req.depth.length };
  }

  /** Load columns in the catalog's compact form: depth is decoded now, every other column on first use. */
  public loadPacked(req: PackedLoadRequest): PackedLoadResult {
    const position = req.columns.find((c) => c.key === 'position');
    if (!position) throw new Error(`file ${req.setId} has no Position column (columns: ${req.columns.map((c) => c.key).join(', ') || 'none'})`);
    // decodeColumn returns a fresh array (never a view of the packed bytes), so it can be negated in place.
    const depth = negate(decode(position));
    const packed = new Map(req.columns.filter((c) => c.key !== 'position').map((c) => [c.key, c]));
    const set: SeriesSet = { depth, columns: new Map(), packed, extent: {}, depthIndex: null, eager: [...packed.keys()] };
    this.#sets.set(req.setId, set);
    return { setId: req.setId, length: depth.length, depth: depth.slice(), depthExtent: this.#extent(set, 'depth') };
  }

  /**
   * Decode the columns of the set's first load now (the server calls this once it has answered the load):
   * a window would decode each on first use anyway, and the first window is on the way to the first frame.
   */
  public decodeLoaded(setId: string): void {
    const set = this.#sets.get(setId);
    if (!set) return;
    for (const key of set.eager.splice(0)) this.#column(set, key);
  }

  /**
   * More columns for a loaded set (the plot loads the ones it draws first, the rest after its first frame).
   * A column already held is kept as it is. False when the set is gone (the file was left meanwhile).
   */
  public addPacked(req: PackedLoadRequest): boolean {
    const set = this.#sets.get(req.setId);
    if (!set) return false;
    for (const c of req.columns) {
      if (c.key === 'position' || set.columns.has(c.key) || set.packed.has(c.key)) continue;
      if (c.length !== set.depth.length) throw new Error(`file ${req.setId}: column ${c.key} has ${c.length} samples, the loaded ones ${set.depth.length}`);
      set.packed.set(c.key, c);
    }
    return true;
  }

  public dispose(setId: string): void {
    this.#sets.delete(setId);
  }

  public has(setId: string): boolean {
    return this.#sets.has(setId);
  }

  #column(set: SeriesSet, key: string): Float64Array | null {
    const have = set.columns.get(key);
    if (have) return have;
    const packed = set.packed.get(key);
    if (packed) {
      const values = decode(packed);
      set.packed.delete(key);
      set.columns.set(key, values);
      return values;
    }
    const parts = DERIVED_COLUMNS[key];
    if (!parts) return null;
    const a = this.#column(set, parts[0]);
    const b = this.#column(set, parts[1]);
    if (!a || !b) return null;
    const sum = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) sum[i] = a[i]! + b[i]!;
    set.columns.set(key, sum);
    return sum;
  }

  /** The set's full x extent in `mode` (the sample index runs 0 … n − 1: never materialised). */
  #extent(set: SeriesSet, mode: XMode): [number, number] {
    const have = set.extent[mode];
    if (have) return have;
    const n = set.depth.length;
    const e: [number, number] = mode === 'depth' ? (finiteExtent(set.depth) ?? [0, 0]) : [0, Math.max(0, n - 1)];
    set.extent[mode] = e;
    return [e[0], e[1]];
  }

  public window(req: Omit<WindowRequest, 'type'>): WindowResult {
    const set = this.#sets.get(req.setId);
    if (!set) throw new Error(`no signals loaded for ${req.setId}`);
    const n = set.depth.length;
    const xExtent = this.#extent(set, req.xMode);
    let range = { start: 0, end: n };
    if (req.x0 !== null && req.x1 !== null) {
      if (req.xMode === 'index') range = { start: Math.max(0, Math.floor(Math.min(req.x0, req.x1)) - 1), end: Math.min(n, Math.ceil(Math.max(req.x0, req.x1)) + 2) };
      else {
        set.depthIndex ??= new DepthIndex(set.depth);
        range = set.depthIndex.visibleRange(req.x0, req.x1) ?? range;
      }
    }
    const traces: Record<string, TraceData> = {};
    const points: Record<string, Float64Array> = {};
    const depth = set.depth;
    const xAt = req.xMode === 'depth' ? (i: number): number => depth[i]! : (i: number): number => i;
    for (const key of req.keys) {
      const y = this.#column(set, key);
      if (!y) continue;
      const yAt = (i: number): number => y[i]!;
      // The same cut as the back end's first-frame overview (catalog.getSignalOverview): src/shared/downsample.ts.
      traces[key] = cutTrace(y, range, req.buckets, xAt, yAt);
      if (req.pointIndices) points[key] = valuesAt(n, yAt, req.pointIndices);
    }
    return { setId: req.setId, start: range.start, end: range.end, xExtent, traces, points };
  }
}

/** Buffers of a result, for a zero-copy postMessage. */
export function transferablesOf(result: WindowResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const t of Object.values(result.traces)) out.push(t.x.buffer as ArrayBuffer, t.y.buffer as ArrayBuffer);
  for (const p of Object.values(result.points)) out.push(p.buffer as ArrayBuffer);
  return out;
}
