/**
 * The plot's first frame of a file whose columns are still on their way: the full view against depth, cut by
 * the back end from the stored columns (catalog.getSignalOverview, the worker's own cut: src/shared/
 * downsample.ts cutTrace), a few tens of kilobytes instead of the 8 MB of a million samples. Handed to the
 * downsampling client as the set's early answers (downsampleClient.expectSet): windows of the full view
 * against depth are answered so (the plot's, and the overview strip's at its own bucket count, one back-end
 * cut each); zoomed windows, sample-index mode, totals and readouts wait for the columns.
 */
import type { AppApi } from '../../../shared/api/contract';
import type { SignalOverview } from '../../../shared/api/catalog.contract';
import { DERIVED_COLUMNS, type TraceData, type WindowRequest, type WindowResult } from '../../workers/downsampleImpl';
import type { EarlyWindows } from './downsampleClient';

/** The contract's bounds on an overview request (catalog.getSignalOverview). */
const MAX_KEYS = 16;
const MAX_BUCKETS = 8192;
const MAX_POINTS = 4096;

/** Whether the back end's overview gives exactly what the worker would answer for `req`. */
export function overviewServes(req: Omit<WindowRequest, 'type'>): boolean {
  return (
    req.xMode === 'depth' &&
    req.x0 === null &&
    req.x1 === null &&
    req.keys.length > 0 &&
    req.keys.length <= MAX_KEYS &&
    // Totals are summed in the worker from two columns; the overview cuts stored columns only.
    req.keys.every((k) => !(k in DERIVED_COLUMNS)) &&
    Number.isInteger(req.buckets) &&
    req.buckets >= 1 &&
    req.buckets <= MAX_BUCKETS &&
    (req.pointIndices ?? []).length <= MAX_POINTS &&
    (req.pointIndices ?? []).every((i) => Number.isInteger(i))
  );
}

/**
 * The overview as the worker's window result for `req` (the same traces; points only when asked, in its
 * order), or null when the overview lacks a point asked for.
 */
export function windowOfOverview(req: Omit<WindowRequest, 'type'>, o: SignalOverview): WindowResult | null {
  const at = new Map(o.pointIndices.map((index, k) => [index, k]));
  const wanted = (req.pointIndices ?? []).map((i) => at.get(Math.max(0, i)));
  if (wanted.some((k) => k === undefined)) return null;
  const traces: Record<string, TraceData> = {};
  const points: Record<string, Float64Array> = {};
  for (const t of o.traces) {
    traces[t.key] = { x: t.x, y: t.y };
    if (req.pointIndices) points[t.key] = Float64Array.from(wanted, (k) => t.points[k!]!);
  }
  return { setId: req.setId, start: 0, end: o.length, xExtent: [o.depthExtent[0], o.depthExtent[1]], traces, points };
}

/**
 * The early answers of file `fileId`: its full view from the back end. One overview per bucket count and
 * columns serves every window of them (it holds the values at the file's step ends, whichever way the
 * step ends reach the plot); another is asked only for other points.
 */
export function overviewWindows(api: AppApi, fileId: number): EarlyWindows {
  const asked = new Map<string, Promise<SignalOverview>>();
  const ask = (req: Omit<WindowRequest, 'type'>): Promise<SignalOverview> => {
    // The worker clamps an index into the signal; the contract takes none below 0.
    const pointIndices = req.pointIndices?.map((i) => Math.max(0, i));
    const p = api.invoke('catalog.getSignalOverview', { id: fileId, keys: req.keys, buckets: req.buckets, ...(pointIndices?.length ? { pointIndices } : {}) });
    p.then(
      // Beside udw:signals-received, for the benchmark's split (docs/BENCHMARKS.md § Plot).
      () => performance.mark('udw:overview-received', { detail: { fileId } }),
      () => undefined,
    );
    return p;
  };
  return (req) => {
    if (!overviewServes(req)) return null;
    const key = `${req.buckets}|${req.keys.join(',')}`;
    const before = asked.get(key);
    const answer = async (): Promise<WindowResult> => {
      const had = before ? await before.then((o) => windowOfOverview(req, o), () => null) : null;
      if (had) return had;
      const p = ask(req);
      asked.set(key, p);
      const res = windowOfOverview(req, await p);
      if (!res) throw new Error(`the overview of file ${fileId} lacks points asked for`);
      return res;
    };
    return answer();
  };
}
