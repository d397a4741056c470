/**
 * A parsed file in the catalog's row form (see fileRecord.ts). Runs in the parse workers, so everything
 * costly — segments, JSON, signal encoding — happens off the main thread.
 */
import { encodeColumns } from '../catalog/signalBlob';
import { finiteOrNull, programSettings, programStepView } from '../../shared/setitec/programSettings';
import { depthRange, stepSegments, type DepthRange, type StepSegment } from '../../shared/setitec/segments';
import { stopCodeClasses, stopCodeLabel } from '../../shared/setitec/stopCodes';
import type { MetaValue, ProgramStep, SetitecFile } from '../../shared/setitec/types';
import type { FileRecord, FileScalars, FindingRow, SignalRow, StepResultRow, StepRow } from '../catalog/fileRecord';

/** Sections shown elsewhere (Datas as signals) are left out of the metadata view. */
const NOT_METADATA = new Set(['datas']);

/**
 * `shared`: the step segments and depth range when the caller already has them (validation's context,
 * built from the same file); computed here otherwise.
 */
export function recordFromParse(
  path: string,
  hash: string,
  size: number,
  file: SetitecFile,
  findings: FindingRow[],
  shared?: { segments: StepSegment[]; depth: DepthRange | null },
): FileRecord & { kind: 'parsed' } {
  const segments = shared ? shared.segments : stepSegments(file);
  const position = file.data.columns.find((c) => c.key === 'position');
  const range = shared ? shared.depth : position ? depthRange(position.values) : null;
  const scalars: FileScalars = {
    version: file.version,
    date: file.date?.iso ?? null,
    dateRaw: file.date?.raw ?? null,
    clockUnset: file.date ? (file.date.clockUnset ? 1 : 0) : null,
    sampleRateHz: file.sampleRateHz,
    separator: file.separator === ';' ? ';' : 'tab',
    decimal: file.data.decimal,
    headName: file.head.name,
    headType: file.head.type,
    headTag: file.head.tagUid,
    headGlobal: file.head.globalCounter,
    headLocal: file.head.localCounter,
    boxName: file.box.name,
    boxFirmware: file.box.firmware,
    motorName: file.motor.name,
    motorType: file.motor.type,
    motorSn: file.motor.sn,
    cycleOk: file.results.cycleOk === null ? null : file.results.cycleOk ? 1 : 0,
    cycleTimeS: file.results.cycleTimeS,
    resultsDistanceMm: file.results.distanceMm,
    consumptionWh: file.results.consumptionWh,
    rowCount: file.data.rowCount,
    depthMin: range ? range.min : null,
    depthMax: range ? range.max : null,
    stepSequence: JSON.stringify(segments.map((s) => s.step)),
    programJson: JSON.stringify(file.program.map(programStepView)),
    metadataJson: JSON.stringify(metadataView(file)),
    irregularitiesJson: JSON.stringify(file.irregularities),
  };
  return {
    kind: 'parsed',
    path,
    hash,
    size,
    scalars,
    steps: stepRows(file.program, segments),
    stepResults: file.stepResults.map(
      (r, seq): StepResultRow => ({
        seq,
        stepNumber: r.stepNumber,
        stopCode: r.stopCode,
        stopLabel: labelOf(r.stopCode),
        durationS: r.durationS,
        distanceM2: r.distanceM2,
        m1MaxAmp: r.m1MaxAmp,
        m2MaxAmp: r.m2MaxAmp,
        m1NoLoadAmp: r.m1NoLoadAmp,
        m2NoLoadAmp: r.m2NoLoadAmp,
        gapMaxMm: r.gapMaxMm,
      }),
    ),
    findings,
    signals: signalRows(file),
  };
}

/** Every column encoded into one buffer (views into it): one transfer per file, no copy after encoding. */
function signalRows(file: SetitecFile): SignalRow[] {
  const cols = file.data.columns;
  const enc = encodeColumns(cols.map((c) => c.values));
  return cols.map((c, k): SignalRow => ({ key: c.key, raw: c.raw, name: c.name, unit: c.unit, ...enc[k]! }));
}

/** JSON cannot hold ±Infinity or NaN: keep them readable as text. */
function jsonValue(v: MetaValue): MetaValue {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  return v;
}

/** Sections as name/value lists (MetaSectionView). Table sections get a `#row` prefix per value row. */
function metadataView(file: SetitecFile) {
  return file.sections
    .filter((s) => !NOT_METADATA.has(s.name.trim().toLowerCase()))
    .map((s) => {
      const fields: Array<{ name: string; value: MetaValue }> = [];
      // Value rows of a table share their label row's names array: compare by identity before by content.
      const first = s.blocks[0]?.names;
      const firstKey = first && s.blocks.length > 1 ? first.join('\t') : '';
      const table = s.blocks.length > 1 && s.blocks.every((b) => b.names === first || b.names.join('\t') === firstKey);
      s.blocks.forEach((b, i) => {
        const prefix = table ? `#${i + 1} ` : '';
        const n = Math.max(b.names.length, b.values.length);
        for (let k = 0; k < n; k++) fields.push({ name: prefix + (b.names[k] ?? `(column ${k + 1})`), value: jsonValue(b.values[k] ?? null) });
      });
      if (s.blocks.length === 0 && s.rawLines) s.rawLines.forEach((cells, i) => fields.push({ name: `line ${i + 1}`, value: cells.join('\t') }));
      return { name: s.name, line: s.line, fields };
    });
}

/**
 * Program rows joined with their executed segment (first unused block of the same step number), then the
 * segments without a Program row. Disabled steps keep a row with no segment.
 */
function stepRows(program: ProgramStep[], segments: StepSegment[]): StepRow[] {
  const used = new Set<StepSegment>();
  const rows: StepRow[] = [];
  for (const p of program) {
    const seg = segments.find((s) => !used.has(s) && s.step === p.stepNb) ?? null;
    if (seg) used.add(seg);
    rows.push(stepRow(rows.length, p.stepNb, p, seg));
  }
  for (const seg of segments) if (!used.has(seg)) rows.push(stepRow(rows.length, seg.step, null, seg));
  return rows;
}

// A corpus has a handful of distinct stop codes: decode each once per worker.
const labels = new Map<number, string>();
const classes = new Map<number, string | null>();
function labelOf(code: number): string {
  let l = labels.get(code);
  if (l === undefined) labels.set(code, (l = stopCodeLabel(code)));
  return l;
}
function classOf(code: number): string | null {
  let c = classes.get(code);
  if (c === undefined) classes.set(code, (c = stopCodeClasses(code)[0] ?? null));
  return c;
}

function fieldsJson(fields: Record<string, MetaValue>): string {
  for (const v of Object.values(fields)) {
    if (typeof v === 'number' && !Number.isFinite(v)) return JSON.stringify(Object.fromEntries(Object.entries(fields).map(([k, x]) => [k, jsonValue(x)])));
  }
  return JSON.stringify(fields);
}

function stepRow(seq: number, stepNb: number, p: ProgramStep | null, seg: StepSegment | null): StepRow {
  return {
    seq,
    stepNb: Number.isFinite(stepNb) ? stepNb : -1,
    inProgram: p ? 1 : 0,
    enabled: p ? (p.enabled ? 1 : 0) : null,
    ...programSettings((key) => (p ? finiteOrNull(p[key]) : null)),
    fieldsJson: p ? fieldsJson(p.fields) : null,
    startIndex: seg ? seg.startIndex : null,
    endIndex: seg ? seg.endIndex : null,
    startDepth: seg ? seg.startDepth : null,
    endDepth: seg ? seg.endDepth : null,
    minDepth: seg ? seg.minDepth : null,
    maxDepth: seg ? seg.maxDepth : null,
    stopCode: seg ? seg.stopCode : null,
    stopLabel: seg ? labelOf(seg.stopCode) : null,
    stopClass: seg ? classOf(seg.stopCode) : null,
  };
}
