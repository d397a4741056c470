/**
 * Every write the import makes, as prepared statements bound once per connection. Callers wrap calls in
 * IMMEDIATE transactions (the import commits in batches, under its import lock: see importJob), since other
 * processes may write the same catalog meanwhile. A failed re-parse only records the error: the rows of the
 * last good parse stay.
 */
import path from 'node:path';
import type { FileRecord, FileStat, StepResultRow, StepRow } from './fileRecord';
import type { CatalogDb } from '../db/openCatalog';
import { LabelFindings } from './labelFindings';

type Parsed = Extract<FileRecord, { kind: 'parsed' }>;
type Failed = Extract<FileRecord, { kind: 'failed' }>;

/** What the import needs to know about a catalog row to plan incremental work. */
export interface SnapshotRow {
  id: number;
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
  missing: boolean;
}

/** The rule id of the finding that records a parse failure (DOMAIN §14 check 1). */
export const PARSE_RULE_ID = 'V01';

const FILE_COLUMNS = [
  'version', 'date', 'date_raw', 'clock_unset', 'sample_rate_hz', 'separator', 'decimal',
  'head_name', 'head_type', 'head_tag', 'head_global', 'head_local', 'box_name', 'box_firmware',
  'motor_name', 'motor_type', 'motor_sn', 'cycle_ok', 'cycle_time_s', 'results_distance_mm', 'consumption_wh',
  'row_count', 'depth_min', 'depth_max', 'step_sequence', 'program_json', 'metadata_json', 'irregularities_json',
] as const;

export class FileWriter {
  private readonly s;
  private readonly labelFindings: LabelFindings;

  public constructor(private readonly db: CatalogDb) {
    this.labelFindings = new LabelFindings(db);
    const dataCols = FILE_COLUMNS.join(', ');
    const dataParams = FILE_COLUMNS.map(() => '?').join(', ');
    const dataSet = FILE_COLUMNS.map((c) => `${c} = ?`).join(', ');
    this.s = {
      snapshot: db.prepare('SELECT id, path, size, mtime_ms AS mtimeMs, hash, missing FROM files'),
      insertParsed: db.prepare(
        `INSERT INTO files (path, folder, name, hash, data_hash, size, mtime_ms, imported_at, ${dataCols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${dataParams})`,
      ),
      updateParsed: db.prepare(
        `UPDATE files SET hash = ?, data_hash = ?, size = ?, mtime_ms = ?, imported_at = ?, missing = 0, parse_error = NULL, parse_error_line = NULL, ${dataSet} WHERE id = ?`,
      ),
      insertFailed: db.prepare(
        'INSERT INTO files (path, folder, name, hash, size, mtime_ms, imported_at, parse_error_line, parse_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      updateFailed: db.prepare(
        'UPDATE files SET hash = ?, size = ?, mtime_ms = ?, imported_at = ?, missing = 0, parse_error_line = ?, parse_error = ? WHERE id = ?',
      ),
      touch: db.prepare('UPDATE files SET size = ?, mtime_ms = ?, missing = 0 WHERE id = ?'),
      move: db.prepare('UPDATE files SET path = ?, folder = ?, name = ?, size = ?, mtime_ms = ?, missing = 0 WHERE id = ?'),
      setMissing: db.prepare('UPDATE files SET missing = ? WHERE id = ?'),
      delSteps: db.prepare('DELETE FROM steps WHERE file_id = ?'),
      delStepResults: db.prepare('DELETE FROM step_results WHERE file_id = ?'),
      delFindings: db.prepare("DELETE FROM findings WHERE file_id = ? AND scope IN ('file', 'parse')"),
      delParseFinding: db.prepare("DELETE FROM findings WHERE file_id = ? AND scope = 'parse'"),
      delSignals: db.prepare('DELETE FROM signals WHERE file_id = ?'),
      insStep: db.prepare(
        `INSERT INTO steps (file_id, seq, step_nb, in_program, enabled, stroke_mm, rpm, feed_mm_s, feed_mm_rev, thrust_max_a, torque_max_a,
          thrust_min_a, torque_min_a, gap_mm, fields_json, start_index, end_index, start_depth, end_depth, min_depth, max_depth,
          stop_code, stop_label, stop_class) VALUES (${Array(24).fill('?').join(', ')})`,
      ),
      insStepResult: db.prepare(
        `INSERT INTO step_results (file_id, seq, step_number, stop_code, stop_label, duration_s, distance_m2, m1_max_amp, m2_max_amp,
          m1_no_load_amp, m2_no_load_amp, gap_max_mm) VALUES (${Array(12).fill('?').join(', ')})`,
      ),
      insFinding: db.prepare(
        'INSERT INTO findings (file_id, scope, rule_id, severity, message, section, line, column_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insSignal: db.prepare(
        'INSERT INTO signals (file_id, ord, key, raw, name, unit, dtype, scale_exp, length, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    };
  }

  public snapshot(): SnapshotRow[] {
    return (this.s.snapshot.all() as Array<Omit<SnapshotRow, 'missing'> & { missing: number }>).map((r) => ({ ...r, missing: r.missing === 1 }));
  }

  /**
   * Stores a parsed file (new row when `id` is null); replaces every child row. Returns the id. The file's
   * label findings (V36–V39) are kept and recomputed against the new steps; a new row has no labels yet.
   */
  public writeParsed(id: number | null, stat: FileStat, rec: Parsed, now: string): number {
    const v = this.scalarValues(rec);
    const isNew = id === null;
    if (id === null) {
      const p = stat.path;
      id = Number(this.s.insertParsed.run(p, path.dirname(p), path.basename(p), rec.hash, rec.hash, rec.size, stat.mtimeMs, now, ...v).lastInsertRowid);
    } else {
      this.s.updateParsed.run(rec.hash, rec.hash, rec.size, stat.mtimeMs, now, ...v, id);
      this.s.delSteps.run(id);
      this.s.delStepResults.run(id);
      this.s.delFindings.run(id);
      this.s.delSignals.run(id);
    }
    for (const st of rec.steps) this.s.insStep.run(id, ...stepValues(st));
    for (const r of rec.stepResults) this.s.insStepResult.run(id, ...stepResultValues(r));
    for (const f of rec.findings) this.s.insFinding.run(id, 'file', f.ruleId, f.severity, f.message, f.section, f.line, f.column);
    rec.signals.forEach((c, ord) => {
      this.s.insSignal.run(id, ord, c.key, c.raw, c.name, c.unit, c.dtype, c.scaleExp, c.length, Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.byteLength));
    });
    if (!isNew) this.labelFindings.refresh(id);
    return id;
  }

  /** Records a parse failure. An existing row keeps its last good data; only the error and the stat change. */
  public writeFailed(id: number | null, stat: FileStat, rec: Failed, now: string): number {
    const p = stat.path;
    if (id === null) {
      id = Number(this.s.insertFailed.run(p, path.dirname(p), path.basename(p), rec.hash, rec.size, stat.mtimeMs, now, rec.line, rec.message).lastInsertRowid);
    } else {
      this.s.updateFailed.run(rec.hash, rec.size, stat.mtimeMs, now, rec.line, rec.message, id);
      this.s.delParseFinding.run(id);
    }
    this.s.insFinding.run(id, 'parse', PARSE_RULE_ID, 'error', rec.message, null, rec.line > 0 ? rec.line : null, null);
    return id;
  }

  /** Same bytes, new mtime (or a file that came back): refresh the stat only. */
  public touch(id: number, size: number, mtimeMs: number): void {
    this.s.touch.run(size, mtimeMs, id);
  }

  /** A known file under a new path. */
  public move(id: number, stat: FileStat): void {
    this.s.move.run(stat.path, path.dirname(stat.path), path.basename(stat.path), stat.size, stat.mtimeMs, id);
  }

  public setMissing(id: number, missing: boolean): void {
    this.s.setMissing.run(missing ? 1 : 0, id);
  }

  private scalarValues(rec: Parsed): unknown[] {
    const x = rec.scalars;
    return [
      x.version, x.date, x.dateRaw, x.clockUnset, x.sampleRateHz, x.separator, x.decimal,
      x.headName, x.headType, x.headTag, x.headGlobal, x.headLocal, x.boxName, x.boxFirmware,
      x.motorName, x.motorType, x.motorSn, x.cycleOk, x.cycleTimeS, x.resultsDistanceMm, x.consumptionWh,
      x.rowCount, x.depthMin, x.depthMax, x.stepSequence, x.programJson, x.metadataJson, x.irregularitiesJson,
    ];
  }
}

function stepValues(s: StepRow): unknown[] {
  return [
    s.seq, s.stepNb, s.inProgram, s.enabled, s.strokeMm, s.rpm, s.feedMmS, s.feedMmRev, s.thrustMaxA, s.torqueMaxA,
    s.thrustMinA, s.torqueMinA, s.gapMm, s.fieldsJson, s.startIndex, s.endIndex, s.startDepth, s.endDepth, s.minDepth, s.maxDepth,
    s.stopCode, s.stopLabel, s.stopClass,
  ];
}

function stepResultValues(r: StepResultRow): unknown[] {
  return [r.seq, r.stepNumber, r.stopCode, r.stopLabel, r.durationS, r.distanceM2, r.m1MaxAmp, r.m2MaxAmp, r.m1NoLoadAmp, r.m2NoLoadAmp, r.gapMaxMm];
}
