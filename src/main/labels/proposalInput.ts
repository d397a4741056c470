/**
 * The proposal engine's input for one catalog file (src/shared/labels/proposals), read from what the
 * import stored: the Program rows and executed segments (`steps`), Step Results, the file's metadata and
 * the five signal columns the engine reads, decoded from their blobs. Nothing is parsed again, so a batch
 * over the whole catalog costs a catalog read. A file whose parse failed and never had good data yields an
 * input without columns (the engine then proposes nothing).
 */
import { ApiError } from '../../shared/api/errors';
import type { ProposalInput, ProposalMeta, ProposalProgramStep, ProposalSegment } from '../../shared/labels/proposals/types';
import { decodeColumn } from '../../shared/signals/decodeColumn';
import type { CatalogDb } from '../db/openCatalog';

interface FileRowData {
  path: string;
  version: number | null;
  date: string | null;
  dateRaw: string | null;
  clockUnset: number | null;
  separator: string | null;
  decimal: string | null;
  cycleOk: number | null;
  irregularities: string;
}

interface StepRowData {
  stepNb: number;
  inProgram: number;
  enabled: number | null;
  strokeMm: number | null;
  rpm: number | null;
  feedMmS: number | null;
  thrustMaxA: number | null;
  torqueMaxA: number | null;
  thrustMinA: number | null;
  torqueMinA: number | null;
  gapMm: number | null;
  startIndex: number | null;
  endIndex: number | null;
  stopCode: number | null;
}

interface SignalRowData {
  key: string;
  dtype: string;
  e: number;
  length: number;
  data: Buffer;
}

/** Signal keys the engine reads, and where each goes in ProposalInput.columns. */
const COLUMN_OF_KEY = { position: 'position', i_torque: 'torque', i_thrust: 'thrust', step: 'step', stop_code: 'stopCode' } as const;
const KEYS = Object.keys(COLUMN_OF_KEY);

function statements(db: CatalogDb) {
  return {
    file: db.prepare(
      `SELECT path, version, date, date_raw AS dateRaw, clock_unset AS clockUnset, separator, decimal, cycle_ok AS cycleOk,
              irregularities_json AS irregularities
         FROM files WHERE id = ?`,
    ),
    steps: db.prepare(
      `SELECT step_nb AS stepNb, in_program AS inProgram, enabled, stroke_mm AS strokeMm, rpm, feed_mm_s AS feedMmS,
              thrust_max_a AS thrustMaxA, torque_max_a AS torqueMaxA, thrust_min_a AS thrustMinA, torque_min_a AS torqueMinA,
              gap_mm AS gapMm, start_index AS startIndex, end_index AS endIndex, stop_code AS stopCode
         FROM steps WHERE file_id = ? ORDER BY seq`,
    ),
    stepResults: db.prepare('SELECT step_number AS stepNumber, stop_code AS stopCode FROM step_results WHERE file_id = ? ORDER BY seq'),
    signals: db.prepare(
      `SELECT key, dtype, scale_exp AS e, length, data FROM signals
        WHERE file_id = ? AND key IN (${KEYS.map(() => '?').join(', ')}) ORDER BY ord`,
    ),
  };
}

/** Prepared once per connection: a catalog-wide batch binds, it does not re-prepare. */
const prepared = new WeakMap<CatalogDb, ReturnType<typeof statements>>();

function statementsFor(db: CatalogDb): ReturnType<typeof statements> {
  let s = prepared.get(db);
  if (!s) {
    s = statements(db);
    prepared.set(db, s);
  }
  return s;
}

function irregularityCodes(json: string, fileId: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ApiError('failed', `file ${fileId}: irregularities_json in the catalog is not JSON (expected an array of {code, message})`);
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((x) => (x && typeof x === 'object' && typeof (x as { code?: unknown }).code === 'string' ? [(x as { code: string }).code] : []));
}

/** The catalog writes the separator as `tab` or `;` (recordFromParse.ts). */
function separatorOf(v: string | null): ProposalMeta['separator'] {
  return v === 'tab' || v === '\t' ? '\t' : v === ';' ? ';' : null;
}

function decimalOf(v: string | null): ProposalMeta['decimal'] {
  return v === 'comma' || v === 'dot' || v === 'mixed' || v === 'integer' ? v : null;
}

/** Everything the proposal engine needs for catalog file `fileId`; `not_found` when there is no such file. */
export function proposalInputForFile(db: CatalogDb, fileId: number): ProposalInput {
  const s = statementsFor(db);
  const f = s.file.get(fileId) as FileRowData | undefined;
  if (!f) throw new ApiError('not_found', `no file with id ${fileId} in the catalog`);
  const steps = s.steps.all(fileId) as StepRowData[];
  const program: ProposalProgramStep[] = steps
    .filter((r) => r.inProgram === 1)
    .map((r) => ({
      stepNb: r.stepNb,
      enabled: r.enabled === 1,
      torqueMaxA: r.torqueMaxA,
      thrustMaxA: r.thrustMaxA,
      torqueMinA: r.torqueMinA,
      thrustMinA: r.thrustMinA,
      gapMm: r.gapMm,
      strokeMm: r.strokeMm,
      rpm: r.rpm,
      feedMmS: r.feedMmS,
    }));
  const segments: ProposalSegment[] = steps
    .filter((r) => r.startIndex !== null && r.endIndex !== null)
    .map((r) => ({ step: r.stepNb, startIndex: r.startIndex!, endIndex: r.endIndex!, stopCode: r.stopCode ?? 0 }))
    .sort((a, b) => a.startIndex - b.startIndex);
  const columns: ProposalInput['columns'] = { position: null, torque: null, thrust: null, step: null, stopCode: null };
  for (const row of s.signals.all(fileId, ...KEYS) as SignalRowData[]) {
    const slot = COLUMN_OF_KEY[row.key as keyof typeof COLUMN_OF_KEY];
    // The first column with a key wins, as the parser's findColumn does.
    if (columns[slot] === null) columns[slot] = decodeColumn(row.dtype, row.e, row.length, row.data);
  }
  const stepResults = s.stepResults.all(fileId) as Array<{ stepNumber: number; stopCode: number }>;
  return {
    source: f.path,
    program,
    segments,
    columns,
    meta: {
      fileName: f.path,
      version: f.version,
      cycleOk: f.cycleOk === null ? null : f.cycleOk === 1,
      date: f.dateRaw === null ? null : { raw: f.dateRaw, iso: f.date, clockUnset: f.clockUnset === 1 },
      separator: separatorOf(f.separator),
      decimal: decimalOf(f.decimal),
      stepResults,
      irregularityCodes: irregularityCodes(f.irregularities, fileId),
    },
  };
}
