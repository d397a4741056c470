/**
 * The comparison queries of the annotation view (issue 11): a hole's neighbours in its head's series and
 * the per-head trend. Plain SQL over files, steps, signals and the labels tables (read directly: the catalog
 * layer sits below the labels domain), so they need the catalog alone and live with it.
 *
 * A head's chronology is its Head Global Counter (DOMAIN §8: file names are not reliably ordered). Two files
 * of one head may share a counter (duplicates, V34); the neighbour at a counter is then the original
 * (duplicate_of NULL), on disk rather than missing, lowest id.
 */
import type { HeadTrend, NeighbourHole, NeighboursResult, TrendPoint } from '../../shared/api/compare.contract';
import type { Handlers } from '../../shared/api/contract';
import type { LabelStatus, Verdict } from '../../shared/api/catalog.contract';
import { ApiError } from '../../shared/api/errors';
import { hasStopBit, STOP } from '../../shared/setitec/stopCodes';
import type { CatalogDb } from '../db/openCatalog';
import { decodeColumn } from './signalBlob';

const STATUSES: ReadonlySet<string> = new Set<LabelStatus>(['unlabelled', 'in_progress', 'labelled', 'reviewed']);
const VERDICTS: ReadonlySet<string> = new Set<Verdict>(['good', 'algorithm_error', 'labelling_error', 'hard_to_say']);
const statusOf = (s: string | null): LabelStatus => (s && STATUSES.has(s) ? (s as LabelStatus) : 'unlabelled');
const verdictOf = (v: string | null): Verdict | null => (v && VERDICTS.has(v) ? (v as Verdict) : null);

interface SeriesRow {
  id: number;
  name: string;
  counter: number;
  local: number | null;
  missing: number;
  status: string | null;
}

const SERIES_SQL = (side: 'before' | 'after'): string =>
  `SELECT f.id, f.name, f.head_global AS counter, f.head_local AS local, f.missing, r.status
     FROM files f LEFT JOIN file_review r ON r.file_id = f.id
    WHERE f.head_name = ? AND f.head_global ${side === 'before' ? '<' : '>'} ?
    ORDER BY f.head_global ${side === 'before' ? 'DESC' : 'ASC'}, (f.duplicate_of IS NOT NULL), f.missing, f.id`;

/**
 * Walks the head's series outward from `counter` until `count` holes are found, one per counter, with one gap
 * entry wherever counters between two of them (or between the first and the current hole) are absent.
 */
function walkSeries(db: CatalogDb, head: string, counter: number, side: 'before' | 'after', count: number): NeighbourHole[] {
  const out: NeighbourHole[] = [];
  if (count === 0) return out;
  const dir = side === 'before' ? -1 : 1;
  let last = counter;
  let found = 0;
  for (const row of db.prepare(SERIES_SQL(side)).iterate(head, counter) as IterableIterator<SeriesRow>) {
    if (row.counter === last) continue; // a duplicate of a counter already taken
    const absent = Math.abs(row.counter - last) - 1;
    if (absent > 0) {
      out.push({ inCatalog: false, id: null, name: null, globalCounter: last + dir, localCounter: null, offset: last + dir - counter, absentCount: absent, missing: false, status: null });
    }
    out.push({
      inCatalog: true,
      id: row.id,
      name: row.name,
      globalCounter: row.counter,
      localCounter: row.local,
      offset: row.counter - counter,
      absentCount: 0,
      missing: row.missing === 1,
      status: statusOf(row.status),
    });
    last = row.counter;
    if (++found >= count) break;
  }
  return out;
}

export function neighbours(db: CatalogDb, fileId: number, opts: { before?: number; after?: number } = {}): NeighboursResult {
  const file = db.prepare('SELECT head_name AS name, head_tag AS tag, head_global AS counter FROM files WHERE id = ?').get(fileId) as
    | { name: string | null; tag: string | null; counter: number | null }
    | undefined;
  if (!file) throw new ApiError('not_found', `no file with id ${fileId} in the catalog`);
  const head = file.name ? { name: file.name, tag: file.tag } : null;
  if (!head || file.counter === null) return { fileId, head, globalCounter: file.counter, before: [], after: [] };
  return {
    fileId,
    head,
    globalCounter: file.counter,
    before: walkSeries(db, head.name, file.counter, 'before', opts.before ?? 1),
    after: walkSeries(db, head.name, file.counter, 'after', opts.after ?? 1),
  };
}

interface TrendFileRow {
  id: number;
  name: string;
  counter: number;
  missing: number;
  duplicateOf: number | null;
  status: string | null;
  verdict: string | null;
}

interface StepRow {
  fileId: number;
  stepNb: number;
  start: number;
  end: number;
  stopCode: number | null;
}

interface TorqueRow {
  dtype: string;
  e: number;
  length: number;
  data: Buffer;
}

/** Per file, the exit label: confirmed wins over a pending proposal; among equals the latest edit. */
function exitLabels(db: CatalogDb, head: string): Map<number, { depth: number; source: 'confirmed' | 'proposed' }> {
  const rows = db
    .prepare(
      `SELECT l.file_id AS fileId, l.depth, l.state FROM labels l JOIN files f ON f.id = l.file_id
        WHERE f.head_name = ? AND l.class_id = 'exit' AND l.state IN ('confirmed', 'proposed') AND l.depth IS NOT NULL
        ORDER BY (l.state = 'confirmed'), l.updated_at, l.id`,
    )
    .all(head) as Array<{ fileId: number; depth: number; state: 'confirmed' | 'proposed' }>;
  const out = new Map<number, { depth: number; source: 'confirmed' | 'proposed' }>();
  for (const r of rows) out.set(r.fileId, { depth: r.depth, source: r.state });
  return out;
}

/** Per file, the executed segment to average: the first that ended on TORQUE_MIN, or the first of the chosen step. */
function trendSteps(db: CatalogDb, head: string, chosen: number | undefined): Map<number, StepRow> {
  const rows = db
    .prepare(
      `SELECT s.file_id AS fileId, s.step_nb AS stepNb, s.start_index AS start, s.end_index AS "end", s.stop_code AS stopCode
         FROM steps s JOIN files f ON f.id = s.file_id
        WHERE f.head_name = ? AND s.start_index IS NOT NULL AND s.end_index IS NOT NULL
        ORDER BY s.file_id, s.seq`,
    )
    .all(head) as StepRow[];
  const out = new Map<number, StepRow>();
  for (const r of rows) {
    if (out.has(r.fileId)) continue;
    const wanted = chosen !== undefined ? r.stepNb === chosen : hasStopBit(r.stopCode ?? 0, STOP.TORQUE_MIN);
    if (wanted) out.set(r.fileId, r);
  }
  return out;
}

/** Mean of the net torque column over samples start..end (inclusive), from the stored blob. */
function meanTorque(db: CatalogDb, fileId: number, start: number, end: number): { mean: number | null; samples: number } {
  const row = db.prepare("SELECT dtype, scale_exp AS e, length, data FROM signals WHERE file_id = ? AND key = 'i_torque'").get(fileId) as TorqueRow | undefined;
  if (!row) return { mean: null, samples: 0 };
  const values = decodeColumn(row.dtype, row.e, row.length, new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength));
  const a = Math.max(0, start);
  const b = Math.min(values.length - 1, end);
  let sum = 0;
  let n = 0;
  for (let i = a; i <= b; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return { mean: n > 0 ? sum / n : null, samples: n };
}

export function headTrend(db: CatalogDb, input: { head: string; step?: number; fromCounter?: number; toCounter?: number }): HeadTrend {
  const { head } = input;
  if (!db.prepare('SELECT 1 FROM files WHERE head_name = ? LIMIT 1').get(head)) throw new ApiError('not_found', `no file of head "${head}" in the catalog`);
  const files = db
    .prepare(
      `SELECT f.id, f.name, f.head_global AS counter, f.missing, f.duplicate_of AS duplicateOf, r.status, r.verdict
         FROM files f LEFT JOIN file_review r ON r.file_id = f.id
        WHERE f.head_name = ? AND f.head_global IS NOT NULL AND f.head_global >= ? AND f.head_global <= ?
        ORDER BY f.head_global, f.id`,
    )
    .all(head, input.fromCounter ?? Number.MIN_SAFE_INTEGER, input.toCounter ?? Number.MAX_SAFE_INTEGER) as TrendFileRow[];
  const exits = exitLabels(db, head);
  const steps = trendSteps(db, head, input.step);
  const points = files.map((f): TrendPoint => {
    const exit = exits.get(f.id);
    const step = steps.get(f.id);
    const torque = step ? meanTorque(db, f.id, step.start, step.end) : { mean: null, samples: 0 };
    return {
      fileId: f.id,
      name: f.name,
      globalCounter: f.counter,
      exitDepth: exit?.depth ?? null,
      exitSource: exit?.source ?? null,
      step: step?.stepNb ?? null,
      stepMeanTorque: torque.mean,
      stepSamples: torque.samples,
      status: statusOf(f.status),
      verdict: verdictOf(f.verdict),
      missing: f.missing === 1,
      duplicateOf: f.duplicateOf,
    };
  });
  return { head, stepRule: input.step !== undefined ? 'chosen' : 'torque_min', points };
}

type CompareQueryHandlers = Pick<Handlers, 'catalog.neighbours' | 'catalog.headTrend'>;

export function compareQueryHandlers(db: CatalogDb): CompareQueryHandlers {
  return {
    'catalog.neighbours': ({ fileId, before, after }) => neighbours(db, fileId, { before, after }),
    // One read transaction: labels edited meanwhile by another process never mix two moments in one series.
    'catalog.headTrend': (input) => db.transaction(() => headTrend(db, input))(),
  };
}
