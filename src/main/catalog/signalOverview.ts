/**
 * catalog.getSignalOverview: a long signal's first frame, cut in the back end from the stored columns, so
 * the plot can draw the full view before the columns themselves (8 MB for a million samples) have crossed
 * to the page and into its downsampling worker. The cut is the worker's own (src/shared/downsample.ts
 * cutTrace over the full range, x = depth): the first frame looks exactly like the one drawn once the
 * columns are in, and the plot does not redraw when they come.
 *
 * Nothing is decoded whole: min/max runs over the stored integers in place (a positive scale ranks them as
 * the values), the depth extent comes from Position's, and only the ~2 × buckets kept samples are decoded.
 */
import type { SignalOverview } from '../../shared/api/catalog.contract';
import { cutTrace, finiteExtent, valuesAt } from '../../shared/downsample';
import { POW10, decodeColumn } from '../../shared/signals/decodeColumn';
import type { CatalogDb } from '../db/openCatalog';
import { signalRows, stepSegments, type SignalRow } from './fileDetail';

export interface OverviewRequest {
  id: number;
  keys: readonly string[];
  buckets: number;
  pointIndices?: readonly number[];
}

/** A stored column as min/max reads it: `order` ranks the samples as their values do, `decode` makes one a value. */
export interface RankedColumn {
  order: ArrayLike<number>;
  decode: (stored: number) => number;
}

function aligned<T>(blob: Uint8Array, size: number, view: (buffer: ArrayBufferLike, offset: number) => T): T {
  if (blob.byteOffset % size === 0) return view(blob.buffer, blob.byteOffset);
  return view(new Uint8Array(blob).buffer, 0);
}

/**
 * A stored column ranked in place when it holds integers, each decoded as decodeColumn decodes it (÷ 10^e,
 * never × 10^−e): the same numbers as the worker's decoded column, sample by sample.
 */
export function rankedColumn(dtype: string, scaleExp: number, length: number, blob: Uint8Array): RankedColumn {
  const scale = POW10[scaleExp] ?? 10 ** scaleExp;
  const ints =
    dtype === 'i8'
      ? new Int8Array(blob.buffer, blob.byteOffset, length)
      : dtype === 'i16'
        ? aligned(blob, 2, (b, o) => new Int16Array(b, o, length))
        : dtype === 'i32'
          ? aligned(blob, 4, (b, o) => new Int32Array(b, o, length))
          : null;
  if (ints) return { order: ints, decode: scaleExp === 0 ? (v) => v : (v) => v / scale };
  // Floats and constants: decoded whole (a copy either way; rare in real files).
  return { order: decodeColumn(dtype, scaleExp, length, blob), decode: (v) => v };
}

const ranked = (r: SignalRow): RankedColumn => rankedColumn(r.dtype, r.e, r.length, r.data);

/**
 * Depth = −Position per sample and its finite extent, the numbers the worker gets by decoding, negating and
 * finiteExtent, without decoding the column: negation reverses the order, so the extent is the negated
 * largest and smallest Position (ties and ±0 resolve alike: both passes keep the first sample of a tie).
 */
export function depthOf(position: RankedColumn | null): { at: (i: number) => number; extent: [number, number] } {
  if (!position) return { at: () => NaN, extent: [0, 0] };
  const { order, decode } = position;
  const e = finiteExtent(order);
  return { at: (i) => -decode(order[i]!), extent: e ? [-decode(e[1]), -decode(e[0])] : [0, 0] };
}

export function getSignalOverview(db: CatalogDb, req: OverviewRequest): SignalOverview {
  const rows = signalRows(db, req.id, ['position', ...req.keys]);
  const position = rows.find((r) => r.key === 'position');
  const n = position?.length ?? 0;
  const depth = depthOf(position ? ranked(position) : null);
  // The plot's stop-code markers sit at the step ends, as it takes them from the file's detail.
  const pointIndices = [...new Set([...stepSegments(db, req.id).map((s) => s.endIndex).filter(Number.isInteger), ...(req.pointIndices ?? [])])];
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const traces: SignalOverview['traces'] = [];
  for (const key of new Set(req.keys)) {
    const row = byKey.get(key);
    // As the worker: Position is held as depth, never drawn as a trace.
    if (!row || key === 'position' || row.length !== n) continue;
    const { order, decode } = ranked(row);
    const at = (i: number): number => decode(order[i]!);
    const { x, y } = cutTrace(order, { start: 0, end: n }, req.buckets, depth.at, at);
    traces.push({ key, x, y, points: valuesAt(n, at, pointIndices) });
  }
  return { fileId: req.id, length: n, depthExtent: depth.extent, buckets: req.buckets, pointIndices, traces };
}
