/**
 * File-level domain checks V01–V33 of DOMAIN §14, as data: each rule has an id (the table's row number),
 * a slug, a severity, a title and a `check(ctx)` returning findings. Pure TypeScript.
 *
 * Thresholds are the table's; each rule's comment says where a choice had to be made.
 */
import { hasStopBit, isAnomaly, STOP, stopCodeLabel } from '../setitec/stopCodes';
import { largestBackMove, segmentAt } from '../setitec/segments';
import { countAbove, countNonFinite, countNonZero, countOffGrid, extremes, firstDifferent, medianAdvance, nextNonZero, scanHit } from './scan';
import type { StepSegment } from '../setitec/segments';
import type { SetitecFile } from '../setitec/types';
import type { FileRule, Finding, FindingLocation, RuleInfo, Severity, ValidationContext } from './types';

/** Sample rate every known file has (Hz). */
export const EXPECTED_SAMPLE_RATE_HZ = 100;
export const KNOWN_VERSIONS: readonly number[] = [4, 7, 8, 9, 11];
/** Net torque quantisation step of genuine files (A): 50/1024. */
export const TORQUE_QUANTUM_A = 50 / 1024;

export const THRESHOLDS = Object.freeze({
  depthMinMm: 2,
  depthMaxMm: 60,
  firstSampleMaxDepthMm: 3.5,
  backMoveMaxMm: 0.35,
  /** V15: the last sample may sit this far above the deepest one (position quantisation). */
  lastDeepestToleranceMm: 0.01,
  minRows: 50,
  feedRatio: [0.8, 1.25] as const,
  /** V17: skip segments whose programmed advance per sample is below the position resolution. */
  feedPerSampleMinMm: 0.004,
  /** V17: segments shorter than this are too short for a median. */
  feedRatioMinRows: 10,
  durationRatio: [0.75, 1.05] as const,
  rowsPerSecond: [48, 93] as const,
  /** V22: the final stop-code run sits on the last ≤ 5 samples of a step. */
  stopCodeTailRows: 5,
  torqueEmptyA: [1.5, 12] as const,
  thrustEmptyA: [0.02, 0.7] as const,
  noLoadToleranceA: 0.05,
  torqueA: [-3, 70] as const,
  thrustA: [-0.2, 6] as const,
  airCycleMaxTorqueA: 1,
  /** V31: share of samples off the 0.0488 A grid above which the channel looks resampled. */
  offGridShare: 0.05,
  distanceToleranceMm: 0.1,
});

// -------------------------------------------------------------------------------------------------------
// helpers

function canon(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function sectionOf(file: SetitecFile, name: string) {
  const c = canon(name);
  return file.sections.find((s) => canon(s.name) === c);
}

/** Location of a metadata field's value (section, value line, column name). */
function fieldLocation(file: SetitecFile, section: string, field: string): FindingLocation {
  const s = sectionOf(file, section);
  const loc: FindingLocation = { section: s?.name ?? section, column: field };
  if (!s) return loc;
  const f = canon(field);
  for (const b of s.blocks) {
    if (b.names.some((n) => canon(n) === f)) {
      const line = b.valueLine ?? b.line;
      if (line) loc.line = line;
      return loc;
    }
  }
  if (s.line) loc.line = s.line;
  return loc;
}

function sectionLocation(file: SetitecFile, section: string): FindingLocation {
  const s = sectionOf(file, section);
  const loc: FindingLocation = { section: s?.name ?? section };
  if (s?.line) loc.line = s.line;
  return loc;
}

/** Location of a `Datas` sample (line = header line + 1 + index, as Datas rows have no blank lines). */
function sampleLocation(file: SetitecFile, index: number, column?: string): FindingLocation {
  const loc: FindingLocation = { section: 'Datas', sample: index };
  if (file.data.headerLine > 0) loc.line = file.data.headerLine + 1 + index;
  if (column) loc.column = column;
  return loc;
}

function rawName(file: SetitecFile, key: string, fallback: string): string {
  return file.data.columns.find((c) => c.key === key)?.raw ?? fallback;
}

function fmt(v: number, d = 3): string {
  return Number.isFinite(v) ? String(Math.round(v * 10 ** d) / 10 ** d) : String(v);
}

function segmentLocation(file: SetitecFile, seg: StepSegment, column?: string): FindingLocation {
  return { ...sampleLocation(file, seg.startIndex, column), step: seg.step };
}

type CheckFn = (ctx: ValidationContext, emit: (message: string, location: FindingLocation) => void) => void;

/** One finding per parser irregularity of the given codes, where the parser recorded it. */
function reportIrregularities(file: SetitecFile, codes: readonly string[], emit: Parameters<CheckFn>[1]): void {
  for (const irr of file.irregularities) {
    if (!codes.includes(irr.code)) continue;
    const loc: FindingLocation = {};
    if (irr.section) loc.section = irr.section;
    if (irr.line) loc.line = irr.line;
    emit(irr.message, loc);
  }
}

function rule(info: Omit<RuleInfo, 'scope'>, fn: CheckFn): FileRule {
  return {
    ...info,
    scope: 'file',
    check(ctx: ValidationContext): Finding[] {
      const out: Finding[] = [];
      fn(ctx, (message, location) => out.push({ ruleId: info.id, severity: info.severity, message, location }));
      return out;
    },
  };
}

const E: Severity = 'error';
const W: Severity = 'warning';
const I: Severity = 'info';

// -------------------------------------------------------------------------------------------------------
// the rules

export const RULES: readonly FileRule[] = Object.freeze([
  // ---- file level ---------------------------------------------------------------------------------------
  rule(
    {
      id: 'V01',
      slug: 'file.sections',
      group: 'file',
      severity: E,
      title: 'File decodes as Latin-1 with General Infos and Datas sections',
      threshold: 'a parse failure is reported through findingFromParseError',
    },
    ({ file }, emit) => {
      if (!sectionOf(file, 'General Infos')) emit("no '*** General Infos ***' section", { line: 1 });
      if (file.data.columns.length === 0) emit("'*** Datas ***' has no columns", sectionLocation(file, 'Datas'));
      else if (file.data.rowCount === 0) emit("'*** Datas ***' has no data rows", sectionLocation(file, 'Datas'));
    },
  ),
  rule(
    { id: 'V02', slug: 'general.version', group: 'file', severity: W, title: 'Version is one of 4, 7, 8, 9, 11' },
    ({ file }, emit) => {
      if (file.version === null) emit('General Infos has no Version', fieldLocation(file, 'General Infos', 'Version'));
      else if (!KNOWN_VERSIONS.includes(file.version))
        emit(`unknown format version ${file.version} (known: 4, 7, 8, 9, 11)`, fieldLocation(file, 'General Infos', 'Version'));
    },
  ),
  rule(
    { id: 'V03', slug: 'general.sample-rate', group: 'file', severity: W, title: 'Sample Rate (Hz) is 100' },
    ({ file }, emit) => {
      const loc = fieldLocation(file, 'General Infos', 'Sample Rate (Hz)');
      if (file.sampleRateHz === null) emit('General Infos has no Sample Rate (Hz)', loc);
      else if (file.sampleRateHz !== EXPECTED_SAMPLE_RATE_HZ)
        emit(`sample rate ${file.sampleRateHz} Hz, every known file has ${EXPECTED_SAMPLE_RATE_HZ} Hz`, loc);
    },
  ),
  rule(
    { id: 'V04', slug: 'general.date', group: 'file', severity: W, title: 'Date parses, is not 1970 and not in the future' },
    ({ file, now }, emit) => {
      const loc = fieldLocation(file, 'General Infos', 'Date');
      const d = file.date;
      if (!d) return emit('General Infos has no Date', loc);
      if (!d.iso) return emit(`Date '${d.raw}' cannot be parsed`, loc);
      const year = Number(d.iso.slice(0, 4));
      if (d.clockUnset || year === 1970) return emit(`Date ${d.raw} is in 1970: the controller clock was never set`, loc);
      const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(d.iso) ? d.iso : `${d.iso}Z`);
      // Controller dates are local time without a zone: allow a day of slack before calling one "future".
      if (Number.isFinite(t) && t > now.getTime() + 86_400_000) emit(`Date ${d.raw} is in the future`, loc);
    },
  ),
  rule(
    {
      id: 'V05',
      slug: 'file.converted-signature',
      group: 'file',
      severity: W,
      title: 'Converted-file signature (metadata not trustworthy)',
      threshold: "';' separator, dot decimals in Datas, ISO date, or an MQTT_to_XLS_ file name",
    },
    ({ file, fileName }, emit) => {
      const signs: string[] = [];
      if (file.separator === ';') signs.push("';' separator");
      if (file.data.decimal === 'dot' || file.data.decimal === 'mixed') signs.push(`${file.data.decimal} decimals in Datas`);
      if (file.date && /^\d{4}-\d\d-\d\dT/.test(file.date.raw.trim())) signs.push(`ISO date '${file.date.raw}'`);
      if (fileName?.kind === 'converted') signs.push(`converted file name '${fileName.base}'`);
      if (signs.length > 0)
        emit(`looks rebuilt from MQTT messages (${signs.join(', ')}): do not trust its metadata`, { section: 'General Infos', line: 1 });
    },
  ),

  // ---- schema ---------------------------------------------------------------------------------------------
  rule(
    {
      id: 'V06',
      slug: 'datas.required-columns',
      group: 'schema',
      severity: E,
      title: 'Required Datas columns present',
      threshold: 'Position (mm), I Torque (A), I Thrust (A), I Torque Empty (A), I Thrust Empty (A), Step (nb), Stop code',
    },
    ({ file }, emit) => {
      const required: [string, string][] = [
        ['position', 'Position (mm)'],
        ['i_torque', 'I Torque (A)'],
        ['i_thrust', 'I Thrust (A)'],
        ['i_torque_empty', 'I Torque Empty (A)'],
        ['i_thrust_empty', 'I Thrust Empty (A)'],
        ['step', 'Step (nb)'],
        ['stop_code', 'Stop code'],
      ];
      const missing = required.filter(([k]) => !file.data.columns.some((c) => c.key === k)).map(([, n]) => n);
      if (missing.length > 0) {
        const loc = sectionLocation(file, 'Datas');
        if (file.data.headerLine > 0) loc.line = file.data.headerLine;
        emit(`Datas lacks required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, loc);
      }
    },
  ),
  rule(
    {
      id: 'V07',
      slug: 'schema.header-mismatch',
      group: 'schema',
      severity: W,
      title: 'Header/value count mismatch or duplicate names (and how it was resolved)',
    },
    ({ file }, emit) => reportIrregularities(file, ['header_mismatch', 'duplicate_name', 'glued_header'], emit),
  ),
  rule(
    { id: 'V08', slug: 'datas.numeric', group: 'schema', severity: E, title: 'Every Datas cell is a finite number' },
    ({ file }, emit) => {
      for (const col of file.data.columns) {
        const count = countNonFinite(col.values);
        const first = scanHit.first;
        if (count > 0) emit(`${count} non-numeric or NaN value${count > 1 ? 's' : ''} in '${col.raw}' (first at sample ${first})`, sampleLocation(file, first, col.raw));
      }
    },
  ),
  rule(
    { id: 'V09', slug: 'meta.short-row', group: 'schema', severity: W, title: 'Metadata value row shorter than its label row' },
    ({ file }, emit) => reportIrregularities(file, ['misaligned'], emit),
  ),
  rule(
    { id: 'V10', slug: 'text.nul', group: 'schema', severity: I, title: 'NUL or escaped \\u0000 in text (stripped)' },
    ({ file }, emit) => reportIrregularities(file, ['nul_stripped'], emit),
  ),

  // ---- position -------------------------------------------------------------------------------------------
  rule(
    { id: 'V11', slug: 'position.positive', group: 'position', severity: E, title: 'No Position above 0' },
    ({ file, columns }, emit) => {
      const pos = columns.position;
      if (!pos) return;
      const count = countAbove(pos, 0);
      const first = scanHit.first;
      const max = scanHit.max;
      if (count > 0)
        emit(`${count} sample${count > 1 ? 's have' : ' has'} Position > 0 (max ${fmt(max)} mm, first at sample ${first})`, sampleLocation(file, first, rawName(file, 'position', 'Position (mm)')));
    },
  ),
  rule(
    { id: 'V12', slug: 'position.depth-range', group: 'position', severity: W, title: 'Final depth within 2–60 mm', threshold: 'deepest sample, observed 4.98–52.5 mm' },
    ({ file, depth }, emit) => {
      if (!depth) return;
      if (depth.max < THRESHOLDS.depthMinMm || depth.max > THRESHOLDS.depthMaxMm)
        emit(`deepest sample at ${fmt(depth.max)} mm, outside ${THRESHOLDS.depthMinMm}–${THRESHOLDS.depthMaxMm} mm`, sampleLocation(file, depth.maxIndex, rawName(file, 'position', 'Position (mm)')));
    },
  ),
  rule(
    { id: 'V13', slug: 'position.first-sample', group: 'position', severity: W, title: 'First sample not deeper than 3.5 mm' },
    ({ file, depth }, emit) => {
      if (!depth) return;
      if (depth.first > THRESHOLDS.firstSampleMaxDepthMm)
        emit(`first sample at ${fmt(depth.first)} mm depth (expected ≤ ${THRESHOLDS.firstSampleMaxDepthMm} mm)`, sampleLocation(file, 0, rawName(file, 'position', 'Position (mm)')));
    },
  ),
  rule(
    { id: 'V14', slug: 'position.back-move', group: 'position', severity: W, title: 'Depth back-move not above 0.35 mm', threshold: 'small back-moves at step changes are normal' },
    ({ file, columns }, emit) => {
      if (!columns.position) return;
      const bm = largestBackMove(columns.position);
      if (bm && bm.amount > THRESHOLDS.backMoveMaxMm + 1e-9)
        emit(`depth moves back ${fmt(bm.amount)} mm after sample ${bm.fromIndex} (largest allowed ${THRESHOLDS.backMoveMaxMm} mm)`, sampleLocation(file, bm.toIndex, rawName(file, 'position', 'Position (mm)')));
    },
  ),
  rule(
    { id: 'V15', slug: 'position.last-deepest', group: 'position', severity: W, title: 'Last sample is the deepest', threshold: 'recording stops at the deepest point' },
    ({ file, depth }, emit) => {
      if (!depth || file.data.rowCount === 0) return;
      if (depth.max - depth.last > THRESHOLDS.lastDeepestToleranceMm)
        emit(`last sample at ${fmt(depth.last)} mm, ${fmt(depth.max - depth.last)} mm above the deepest (${fmt(depth.max)} mm at sample ${depth.maxIndex})`, sampleLocation(file, file.data.rowCount - 1, rawName(file, 'position', 'Position (mm)')));
    },
  ),

  // ---- sampling -------------------------------------------------------------------------------------------
  rule(
    { id: 'V16', slug: 'sampling.rows', group: 'sampling', severity: W, title: 'At least 50 rows' },
    ({ file }, emit) => {
      if (file.data.rowCount > 0 && file.data.rowCount < THRESHOLDS.minRows)
        emit(`only ${file.data.rowCount} data rows (< ${THRESHOLDS.minRows})`, sectionLocation(file, 'Datas'));
    },
  ),
  rule(
    {
      id: 'V17',
      slug: 'sampling.feed-ratio',
      group: 'sampling',
      severity: W,
      title: 'Depth per sample matches the programmed feed',
      threshold: 'median Δdepth/sample ÷ (feed/100) within 0.8–1.25; skipped when feed/100 < 0.004 mm',
    },
    ({ file, segments, columns }, emit) => {
      const pos = columns.position;
      if (!pos) return;
      const rate = file.sampleRateHz && file.sampleRateHz > 0 ? file.sampleRateHz : EXPECTED_SAMPLE_RATE_HZ;
      for (const seg of segments) {
        const feed = seg.program?.feedMmS ?? null;
        if (feed === null || !Number.isFinite(feed) || feed <= 0) continue;
        const perSample = feed / rate;
        if (perSample < THRESHOLDS.feedPerSampleMinMm || seg.rowCount < THRESHOLDS.feedRatioMinRows) continue;
        const advance = medianAdvance(pos, seg.startIndex, seg.endIndex);
        const ratio = advance / perSample;
        const [lo, hi] = THRESHOLDS.feedRatio;
        if (!(ratio >= lo && ratio <= hi))
          emit(`step ${seg.step}: median advance ${fmt(advance, 4)} mm/sample is ${fmt(ratio, 2)}× the programmed ${fmt(perSample, 4)} mm/sample (${fmt(feed)} mm/s at ${rate} Hz)`, segmentLocation(file, seg));
      }
    },
  ),
  rule(
    {
      id: 'V18',
      slug: 'sampling.step-duration',
      group: 'sampling',
      severity: W,
      title: 'Rows per step match the Step Results duration',
      threshold: 'rows ÷ (Duration (s) × 100) within 0.75–1.05',
    },
    ({ file, segments }, emit) => {
      const rate = file.sampleRateHz && file.sampleRateHz > 0 ? file.sampleRateHz : EXPECTED_SAMPLE_RATE_HZ;
      for (const seg of segments) {
        const dur = seg.stepResult?.durationS ?? null;
        if (dur === null || !(dur > 0)) continue;
        const ratio = seg.rowCount / (dur * rate);
        const [lo, hi] = THRESHOLDS.durationRatio;
        if (!(ratio >= lo && ratio <= hi))
          emit(`step ${seg.step}: ${seg.rowCount} rows for ${fmt(dur, 2)} s in Step Results (${fmt(ratio, 2)} of the expected ${Math.round(dur * rate)})`, segmentLocation(file, seg));
      }
    },
  ),
  rule(
    { id: 'V19', slug: 'sampling.rows-per-second', group: 'sampling', severity: I, title: 'Rows per second of cycle time (sanity KPI)', threshold: '48–93 is normal' },
    ({ file }, emit) => {
      const ct = file.results.cycleTimeS;
      if (ct === null || !(ct > 0) || file.data.rowCount === 0) return;
      const kpi = file.data.rowCount / ct;
      const [lo, hi] = THRESHOLDS.rowsPerSecond;
      if (kpi < lo || kpi > hi)
        emit(`${file.data.rowCount} rows over a ${fmt(ct, 2)} s cycle = ${fmt(kpi, 1)} rows/s (usual ${lo}–${hi})`, fieldLocation(file, 'Results', 'Cycle Time (s)'));
    },
  ),

  // ---- steps and stop codes -------------------------------------------------------------------------------
  rule(
    { id: 'V20', slug: 'steps.blocks', group: 'steps', severity: E, title: 'Steps are integers in contiguous, increasing blocks' },
    ({ file, segments }, emit) => {
      const col = rawName(file, 'step', 'Step (nb)');
      const seen = new Map<number, StepSegment>();
      let prev: StepSegment | null = null;
      for (const seg of segments) {
        if (!seg.stepIsInteger) emit(`Step (nb) value ${seg.rawStep} is not an integer`, segmentLocation(file, seg, col));
        const earlier = seen.get(seg.step);
        if (earlier) emit(`step ${seg.step} appears in two blocks (samples ${earlier.startIndex}–${earlier.endIndex} and ${seg.startIndex}–${seg.endIndex})`, segmentLocation(file, seg, col));
        else if (prev && seg.step < prev.step) emit(`step ${seg.step} follows step ${prev.step}: blocks not increasing`, segmentLocation(file, seg, col));
        seen.set(seg.step, earlier ?? seg);
        prev = seg;
      }
    },
  ),
  rule(
    {
      id: 'V21',
      slug: 'steps.program-results',
      group: 'steps',
      severity: W,
      title: 'Datas steps agree with Program and Step Results',
      threshold: 'every Datas step enabled in Program; same steps and final stop codes as Step Results',
    },
    ({ file, segments }, emit) => {
      const col = rawName(file, 'step', 'Step (nb)');
      for (const seg of segments) {
        const p = file.program.find((r) => r.stepNb === seg.step);
        if (!p) emit(`step ${seg.step} runs in Datas but is missing from Program`, { ...sectionLocation(file, 'Program'), step: seg.step });
        else if (!p.enabled) emit(`step ${seg.step} runs in Datas but is disabled (Step On/Off = 0) in Program`, { ...sectionLocation(file, 'Program'), step: seg.step });
      }
      if (file.version !== null && file.version >= 7 && file.stepResults.length === 0 && segments.length > 0) {
        emit(`version ${file.version} file without Step Results`, sectionLocation(file, 'Step Results'));
        return;
      }
      if (file.stepResults.length === 0) return;
      const datasSteps = segments.map((s) => s.step);
      const resultSteps = file.stepResults.map((r) => r.stepNumber);
      if (datasSteps.join(',') !== resultSteps.join(',')) {
        emit(`Step Results list steps (${resultSteps.join(', ')}) but Datas has (${datasSteps.join(', ')}): Step Results ≠ Datas`, sectionLocation(file, 'Step Results'));
        return;
      }
      segments.forEach((seg, k) => {
        const r = file.stepResults[k];
        if (r && r.stopCode !== seg.stopCode)
          emit(`step ${seg.step}: final stop code ${stopCodeLabel(seg.stopCode)} in Datas but ${stopCodeLabel(r.stopCode)} in Step Results: Step Results ≠ Datas`, { ...sampleLocation(file, seg.endIndex, col), step: seg.step });
      });
    },
  ),
  rule(
    { id: 'V22', slug: 'steps.stray-stop-code', group: 'steps', severity: W, title: 'Stop codes only on the last ≤ 5 samples of a step' },
    ({ file, segments, columns }, emit) => {
      const stop = columns.stopCode;
      if (!stop) return;
      const col = rawName(file, 'stop_code', 'Stop code');
      for (const seg of segments) {
        const limit = seg.endIndex - THRESHOLDS.stopCodeTailRows + 1;
        const count = countNonZero(stop, seg.startIndex, limit);
        const first = scanHit.first;
        if (count > 0)
          emit(`step ${seg.step}: ${count} non-zero stop code${count > 1 ? 's' : ''} before the step's last ${THRESHOLDS.stopCodeTailRows} samples (first ${stopCodeLabel(stop[first] as number)} at sample ${first})`, { ...sampleLocation(file, first, col), step: seg.step });
      }
    },
  ),
  rule(
    {
      id: 'V23',
      slug: 'steps.anomaly',
      group: 'steps',
      severity: W,
      title: 'No anomaly stop-code bit and Cycle OK not False',
      threshold: 'anomaly bits: STOP-class, safety, buttons, tool break, KILLMOT, over-temperature, overload, abort, material detection',
    },
    ({ file, segments, columns }, emit) => {
      const stop = columns.stopCode;
      const col = rawName(file, 'stop_code', 'Stop code');
      const reported = new Set<number>();
      if (stop) {
        // No closure may capture `i`: a captured loop variable gets a fresh heap context per iteration
        // (one per sample), which made this rule 3–6× slower. Hence segmentAt, not segments.find.
        const n = stop.length;
        for (let i = nextNonZero(stop, 0); i < n; i = nextNonZero(stop, i + 1)) {
          const c = stop[i] as number;
          if (reported.has(c) || !isAnomaly(c)) continue;
          reported.add(c);
          const seg = segmentAt(segments, i);
          emit(`anomaly stop code ${stopCodeLabel(c)}${seg ? ` ends step ${seg.step}` : ''} at sample ${i}`, { ...sampleLocation(file, i, col), ...(seg ? { step: seg.step } : {}) });
        }
      }
      for (const r of file.stepResults) {
        if (r.stopCode !== 0 && !reported.has(r.stopCode) && isAnomaly(r.stopCode)) {
          reported.add(r.stopCode);
          emit(`anomaly stop code ${stopCodeLabel(r.stopCode)} in Step Results for step ${r.stepNumber}`, { ...sectionLocation(file, 'Step Results'), step: r.stepNumber });
        }
      }
      if (file.results.cycleOk === false) emit('Results say Cycle OK = False', fieldLocation(file, 'Results', 'Cycle OK'));
    },
  ),
  rule(
    {
      id: 'V24',
      slug: 'steps.trigger-not-fired',
      group: 'steps',
      severity: W,
      title: 'A step with a torque/thrust trigger did not end on STROKE_LIMIT',
      threshold: 'Torque/Thrust Max or Min set in Program, step ended by STROKE_LIMIT: the trigger did not fire',
    },
    ({ file, segments }, emit) => {
      const col = rawName(file, 'stop_code', 'Stop code');
      for (const seg of segments) {
        const p = seg.program;
        if (!p) continue;
        const triggers: string[] = [];
        if ((p.torqueMaxA ?? 0) > 0) triggers.push(`Torque Max ${fmt(p.torqueMaxA as number)} A`);
        if ((p.thrustMaxA ?? 0) > 0) triggers.push(`Thrust Max ${fmt(p.thrustMaxA as number)} A`);
        if ((p.torqueMinA ?? 0) > 0) triggers.push(`Torque Min ${fmt(p.torqueMinA as number)} A`);
        if ((p.thrustMinA ?? 0) > 0) triggers.push(`Thrust Min ${fmt(p.thrustMinA as number)} A`);
        if (triggers.length === 0 || !hasStopBit(seg.stopCode, STOP.STROKE_LIMIT)) continue;
        const fired = [STOP.TORQUE_MAX, STOP.THRUST_MAX, STOP.TORQUE_MIN, STOP.THRUST_MIN].some((b) => hasStopBit(seg.stopCode, b));
        if (fired) continue;
        emit(`step ${seg.step} has ${triggers.join(', ')} but ended by ${stopCodeLabel(seg.stopCode)}: the trigger did not fire`, { ...sampleLocation(file, seg.endIndex, col), step: seg.step });
      }
    },
  ),
  rule(
    {
      id: 'V25',
      slug: 'steps.model-precondition',
      group: 'steps',
      severity: I,
      title: 'At least 2 steps and a step 2 (abyss model precondition)',
    },
    ({ file, segments }, emit) => {
      if (segments.length === 0) return;
      const steps = [...new Set(segments.map((s) => s.step))];
      if (steps.length < 2) emit(`only one step (${steps.join(', ')}): the abyss reference model cannot run`, { ...sectionLocation(file, 'Datas') });
      else if (!steps.includes(2)) emit(`no step 2 (steps ${steps.join(', ')}): the abyss reference model cannot run`, { ...sectionLocation(file, 'Datas') });
    },
  ),

  // ---- calibration ----------------------------------------------------------------------------------------
  rule(
    { id: 'V26', slug: 'calibration.constant', group: 'calibration', severity: E, title: 'No-load currents constant within each step' },
    ({ file, segments, columns }, emit) => {
      const pairs: [Float64Array | null, string][] = [
        [columns.torqueEmpty, rawName(file, 'i_torque_empty', 'I Torque Empty (A)')],
        [columns.thrustEmpty, rawName(file, 'i_thrust_empty', 'I Thrust Empty (A)')],
      ];
      for (const [values, name] of pairs) {
        if (!values) continue;
        for (const seg of segments) {
          const v0 = values[seg.startIndex] as number;
          const i = firstDifferent(values, seg.startIndex + 1, seg.endIndex, v0);
          if (i >= 0)
            emit(`step ${seg.step}: '${name}' changes from ${v0} to ${values[i]} at sample ${i}; it is constant within a step in every genuine file`, { ...sampleLocation(file, i, name), step: seg.step });
        }
      }
    },
  ),
  rule(
    {
      id: 'V27',
      slug: 'calibration.range',
      group: 'calibration',
      severity: W,
      title: 'No-load currents in a plausible range',
      threshold: 'torque empty 1.5–12 A; thrust empty 0.02–0.7 A',
    },
    ({ file, segments, columns }, emit) => {
      const checks: [Float64Array | null, string, readonly [number, number]][] = [
        [columns.torqueEmpty, rawName(file, 'i_torque_empty', 'I Torque Empty (A)'), THRESHOLDS.torqueEmptyA],
        [columns.thrustEmpty, rawName(file, 'i_thrust_empty', 'I Thrust Empty (A)'), THRESHOLDS.thrustEmptyA],
      ];
      for (const [values, name, [lo, hi]] of checks) {
        if (!values) continue;
        for (const seg of segments) {
          const v = values[seg.startIndex] as number;
          if (!(v >= lo && v <= hi)) emit(`step ${seg.step}: '${name}' = ${v} A, outside ${lo}–${hi} A`, { ...segmentLocation(file, seg, name) });
        }
      }
    },
  ),
  rule(
    {
      id: 'V28',
      slug: 'calibration.step-results',
      group: 'calibration',
      severity: W,
      title: 'No-load currents agree with Step Results M1/M2 No Load Amp',
      threshold: '±0.05 A, step’s first sample',
    },
    ({ file, segments, columns }, emit) => {
      if (file.stepResults.length === 0) return;
      for (const seg of segments) {
        const r = seg.stepResult;
        if (!r) continue;
        const pairs: [Float64Array | null, number | null, string, string][] = [
          [columns.torqueEmpty, r.m1NoLoadAmp, rawName(file, 'i_torque_empty', 'I Torque Empty (A)'), 'M1 No Load Amp'],
          [columns.thrustEmpty, r.m2NoLoadAmp, rawName(file, 'i_thrust_empty', 'I Thrust Empty (A)'), 'M2 No Load Amp'],
        ];
        for (const [values, ref, name, refName] of pairs) {
          if (!values || ref === null) continue;
          const v = values[seg.startIndex] as number;
          if (Math.abs(v - ref) > THRESHOLDS.noLoadToleranceA + 1e-9)
            emit(`step ${seg.step}: '${name}' = ${v} A in Datas but ${refName} = ${ref} A in Step Results (±${THRESHOLDS.noLoadToleranceA} A)`, { ...segmentLocation(file, seg, name) });
        }
      }
    },
  ),

  // ---- signals --------------------------------------------------------------------------------------------
  rule(
    {
      id: 'V29',
      slug: 'signals.range',
      group: 'signals',
      severity: W,
      title: 'Net torque and thrust in their physical range',
      threshold: 'torque −3 … 70 A; thrust −0.2 … 6 A',
    },
    ({ file, columns }, emit) => {
      const checks: [Float64Array | null, string, readonly [number, number]][] = [
        [columns.torque, rawName(file, 'i_torque', 'I Torque (A)'), THRESHOLDS.torqueA],
        [columns.thrust, rawName(file, 'i_thrust', 'I Thrust (A)'), THRESHOLDS.thrustA],
      ];
      for (const [values, name, [lo, hi]] of checks) {
        if (!values) continue;
        extremes(values);
        const { min, max, minIndex: minI, maxIndex: maxI } = scanHit;
        if (min < lo) emit(`'${name}' reaches ${fmt(min)} A (below ${lo} A)`, sampleLocation(file, minI, name));
        if (max > hi) emit(`'${name}' reaches ${fmt(max)} A (above ${hi} A)`, sampleLocation(file, maxI, name));
      }
    },
  ),
  rule(
    {
      id: 'V30',
      slug: 'signals.air-cycle',
      group: 'signals',
      severity: W,
      title: 'Net torque rises above 1 A (not an air cycle, re-drill or dead sensor)',
    },
    ({ file, columns, fileName }, emit) => {
      const t = columns.torque;
      if (!t || t.length === 0) return;
      extremes(t);
      const max = scanHit.max;
      const at = scanHit.maxIndex < 0 ? 0 : scanHit.maxIndex;
      if (max < THRESHOLDS.airCycleMaxTorqueA)
        emit(`max net torque ${fmt(max)} A over the whole cycle (< ${THRESHOLDS.airCycleMaxTorqueA} A): air cycle, re-drill or dead torque sensor`, sampleLocation(file, at, rawName(file, 'i_torque', 'I Torque (A)')));
      else if (fileName?.air) emit(`file name '${fileName.base}' marks an air cycle (three trailing numbers)`, {});
    },
  ),
  rule(
    {
      id: 'V31',
      slug: 'signals.quantisation',
      group: 'signals',
      severity: I,
      title: 'Torque on the ≈0.0488 A quantisation grid',
      threshold: 'off-grid torque values are a sign of resampled or converted data',
    },
    ({ file, columns }, emit) => {
      const t = columns.torque;
      if (!t) return;
      const q = TORQUE_QUANTUM_A;
      // Values are printed with 3 decimals: up to 0.0005 A off the grid = 0.0103 quanta; allow 0.012.
      const tol = 0.012;
      const off = countOffGrid(t, q, tol);
      const nonZero = scanHit.count;
      const firstOff = scanHit.first;
      if (nonZero >= 20 && off / nonZero > THRESHOLDS.offGridShare)
        emit(`${fmt((100 * off) / nonZero, 1)} % of non-zero torque values are off the ${fmt(q, 4)} A grid (first ${t[firstOff]} A): resampled or converted data?`, sampleLocation(file, firstOff, rawName(file, 'i_torque', 'I Torque (A)')));
    },
  ),

  // ---- results --------------------------------------------------------------------------------------------
  rule(
    {
      id: 'V32',
      slug: 'results.distance',
      group: 'results',
      severity: W,
      title: 'Results Distance (mm) as expected for the version',
      threshold: 'v9: start position (−first Position); others: final depth (−last Position); ±0.1 mm',
    },
    ({ file, depth }, emit) => {
      const dist = file.results.distanceMm;
      if (dist === null || !depth) return;
      const v9 = file.version === 9;
      const expected = v9 ? depth.first : depth.last;
      if (Math.abs(dist - expected) > THRESHOLDS.distanceToleranceMm + 1e-9)
        emit(`Results Distance ${fmt(dist)} mm but ${v9 ? 'the start depth (v9)' : 'the final depth'} is ${fmt(expected)} mm (±${THRESHOLDS.distanceToleranceMm} mm)`, fieldLocation(file, 'Results', 'Distance (mm)'));
    },
  ),

  // ---- identity -------------------------------------------------------------------------------------------
  rule(
    {
      id: 'V33',
      slug: 'identity.file-name',
      group: 'identity',
      severity: W,
      title: 'File name tokens match the metadata',
      threshold: '<TAG or id>_<Head Name>_ST_<Head Global Counter>_<Head Local Counter 1>.xls',
    },
    ({ file, fileName }, emit) => {
      if (!fileName || fileName.kind !== 'controller') return;
      const problems: string[] = [];
      const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
        !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
      const tagOk =
        (file.head.tagUid && file.head.tagUid.toLowerCase() !== 'light' && same(fileName.tag, file.head.tagUid)) ||
        same(fileName.tag, file.head.name) ||
        same(fileName.tag, file.motor.sn);
      if (!tagOk)
        problems.push(`first token '${fileName.tag}' is neither the Head TAG UID (${file.head.tagUid ?? '–'}), the Head Name (${file.head.name ?? '–'}) nor the Motor SN (${file.motor.sn ?? '–'})`);
      if (!same(fileName.headName, file.head.name)) problems.push(`head '${fileName.headName}' but Head Name is '${file.head.name ?? ''}'`);
      if (fileName.globalCounter !== file.head.globalCounter)
        problems.push(`global counter ${fileName.globalCounter} but Head Global Counter is ${file.head.globalCounter ?? '–'}`);
      if (fileName.localCounter !== file.head.localCounter)
        problems.push(`local counter ${fileName.localCounter} but Head Local Counter is ${file.head.localCounter ?? '–'}`);
      if (problems.length > 0) emit(`file name '${fileName.base}' disagrees with the metadata: ${problems.join('; ')}`, fieldLocation(file, 'Head Datas', 'Head Global Counter'));
    },
  ),
]);

/** Severity of each file rule by id, for quick lookups. */
export function ruleById(id: string): FileRule | undefined {
  return RULES.find((r) => r.id === id);
}
