/** One file in full (FileDetail) and its signals as typed arrays, read back from the catalog. */
import type { FileDetail, PackedSignals, ProgramStepView, Signals, StepSegment } from '../../shared/api/catalog.contract';
import { ApiError } from '../../shared/api/errors';
import { PROGRAM_SETTING_KEYS, PROGRAM_SETTINGS, programSettings } from '../../shared/setitec/programSettings';
import { getFileRow } from './fileRows';
import type { CatalogDb } from '../db/openCatalog';
import { decodeColumn } from './signalBlob';

type Severity = 'error' | 'warning' | 'info';

/** The program settings' columns of `steps`, from the one program-step definition. */
const SETTING_COLUMNS = PROGRAM_SETTING_KEYS.map((key) => PROGRAM_SETTINGS[key].column).join(', ');

type StepRowValues = Record<string, number | string | null>;

/** The program steps that drove the signal (those with a sample range), in signal order. */
function segmentsOf(steps: StepRowValues[]): StepSegment[] {
  return steps
    .filter((s) => s.start_index !== null)
    .map((s) => ({
      step: s.step_nb as number,
      startIndex: s.start_index as number,
      endIndex: s.end_index as number,
      startDepth: s.start_depth as number,
      endDepth: s.end_depth as number,
      stopCode: (s.stop_code as number | null) ?? 0,
      stopLabel: (s.stop_label as string | null) ?? '',
    }))
    .sort((a, b) => a.startIndex - b.startIndex);
}

/** A file's step segments alone, as getFileDetail gives them (the overview's stop-code markers). */
export function stepSegments(db: CatalogDb, id: number): StepSegment[] {
  return segmentsOf(db.prepare('SELECT step_nb, start_index, end_index, start_depth, end_depth, stop_code, stop_label FROM steps WHERE file_id = ? ORDER BY seq').all(id) as StepRowValues[]);
}

export function getFileDetail(db: CatalogDb, id: number): FileDetail {
  const file = getFileRow(db, id);
  if (!file) throw new ApiError('not_found', `no file with id ${id} in the catalog`);
  const extra = db.prepare('SELECT metadata_json AS m, irregularities_json AS i FROM files WHERE id = ?').get(id) as { m: string; i: string };
  const steps = db
    .prepare(
      `SELECT step_nb, in_program, enabled, ${SETTING_COLUMNS}, start_index, end_index, start_depth, end_depth, stop_code, stop_label
         FROM steps WHERE file_id = ? ORDER BY seq`,
    )
    .all(id) as StepRowValues[];
  const program = steps
    .filter((s) => s.in_program === 1)
    .map(
      (s): ProgramStepView => ({
        stepNb: s.step_nb as number,
        enabled: s.enabled === 1,
        ...programSettings((key) => s[PROGRAM_SETTINGS[key].column] as number | null),
      }),
    );
  const segments = segmentsOf(steps);
  const findings = (
    db
      .prepare(
        `SELECT rule_id AS ruleId, severity, message, section, line, column_name AS col FROM findings WHERE file_id = ?
         ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, id`,
      )
      .all(id) as Array<{ ruleId: string; severity: Severity; message: string; section: string | null; line: number | null; col: string | null }>
  ).map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    location: {
      ...(f.section !== null ? { section: f.section } : {}),
      ...(f.line !== null ? { line: f.line } : {}),
      ...(f.col !== null ? { column: f.col } : {}),
    },
  }));
  const columns = db.prepare('SELECT key, raw, name, unit, length FROM signals WHERE file_id = ? ORDER BY ord').all(id) as FileDetail['columns'];
  return {
    file,
    sections: JSON.parse(extra.m) as FileDetail['sections'],
    program,
    segments,
    findings,
    columns,
    irregularities: JSON.parse(extra.i) as FileDetail['irregularities'],
  };
}

export interface SignalRow {
  key: string;
  raw: string;
  name: string;
  unit: string;
  dtype: PackedSignals['columns'][number]['dtype'];
  e: number;
  length: number;
  data: Buffer;
}

export function signalRows(db: CatalogDb, id: number, keys?: readonly string[]): SignalRow[] {
  const columns = 'SELECT key, raw, name, unit, dtype, scale_exp AS e, length, data FROM signals WHERE file_id = ?';
  // Only the blobs asked for are read: the others stay on disk (json_each keeps it one prepared statement).
  const rows = (
    keys
      ? db.prepare(`${columns} AND key IN (SELECT value FROM json_each(?)) ORDER BY ord`).all(id, JSON.stringify(keys))
      : db.prepare(`${columns} ORDER BY ord`).all(id)
  ) as SignalRow[];
  if (rows.length === 0 && !db.prepare('SELECT 1 FROM files WHERE id = ?').get(id)) throw new ApiError('not_found', `no file with id ${id} in the catalog`);
  return rows;
}

export function getSignals(db: CatalogDb, id: number): Signals {
  return {
    fileId: id,
    columns: signalRows(db, id).map((r) => ({ key: r.key, raw: r.raw, name: r.name, unit: r.unit, values: decodeColumn(r.dtype, r.e, r.length, r.data) })),
  };
}

/** The stored bytes as they are: the plot decodes them itself, so a long signal crosses the wire small. */
export function getSignalsPacked(db: CatalogDb, id: number, keys?: readonly string[]): PackedSignals {
  return {
    fileId: id,
    columns: signalRows(db, id, keys).map((r) => ({
      key: r.key,
      raw: r.raw,
      name: r.name,
      unit: r.unit,
      dtype: r.dtype,
      scaleExp: r.e,
      length: r.length,
      // A plain Uint8Array, not a Buffer: Buffer.toJSON would turn it into a number array on the wire.
      data: new Uint8Array(r.data.buffer as ArrayBuffer, r.data.byteOffset, r.data.byteLength),
    })),
  };
}
