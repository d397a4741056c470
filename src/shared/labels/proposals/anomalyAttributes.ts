/**
 * Whole-file anomaly attributes (DOMAIN §11.2 "Anomaly flags", §14 rows 4, 5, 21, 23, 24, 30): anomaly
 * stop-code bits, `Cycle OK = False`, a trigger that never fired, an air cycle or dead torque channel,
 * a 1970 date, converted-file signatures. Facts read verbatim from the file's records carry source
 * `stepcode` (the controller recorded them); inferences from format traits or signal levels `heuristic`.
 * One proposal per class and file: an attribute holds one value.
 */
import { decodeStopCode, isAnomaly, STOP, stopCodeLabel } from '../../setitec/stopCodes';
import { parseSetitecFileName } from '../../validation/fileName';
import { ANOMALY_CAUSE, ATTRIBUTE } from './classes';
import { CONFIDENCE, PROVENANCE } from './confidence';
import type { TriggerNotFired } from './stepcodeEvents';
import type { AttributeProposal, ProposalMeta, ProposalSegment, SignalValues } from './types';

/** Max net torque below this over the whole cycle: air cycle, re-drill or dead sensor (V30). */
export const AIR_CYCLE_MAX_TORQUE_A = 1;
/** With a dead torque channel the thrust still shows the cut: at least this much (A). */
export const CUTTING_MIN_THRUST_A = 0.3;

interface AnomalyCode {
  code: number;
  where: string;
}

/** Largest value; NaN for a missing or empty column (no verdict can rest on it). */
function maxOf(values: SignalValues | null): number {
  if (!values || values.length === 0) return NaN;
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > m) m = v;
  }
  return m;
}

function segmentAt(segments: readonly ProposalSegment[], i: number): ProposalSegment | null {
  for (const s of segments) if (i >= s.startIndex && i <= s.endIndex) return s;
  return null;
}

/** Distinct anomaly codes: the steps' final codes, stray codes in the column, Step Results. */
function anomalyCodes(segments: readonly ProposalSegment[], stopCode: SignalValues | null, meta: ProposalMeta): AnomalyCode[] {
  const seen = new Map<number, AnomalyCode>();
  for (const s of segments) if (s.stopCode !== 0 && !seen.has(s.stopCode) && isAnomaly(s.stopCode)) seen.set(s.stopCode, { code: s.stopCode, where: `ends step ${s.step}` });
  if (stopCode) {
    let last = 0;
    for (let i = 0; i < stopCode.length; i++) {
      const c = stopCode[i]!;
      // Codes come in runs of 2–5 equal samples: decode each run once.
      if (c === 0 || c === last) {
        last = c;
        continue;
      }
      last = c;
      if (seen.has(c) || !isAnomaly(c)) continue;
      const seg = segmentAt(segments, i);
      seen.set(c, { code: c, where: `at sample ${i}${seg ? ` in step ${seg.step}` : ''}` });
    }
  }
  for (const r of meta.stepResults) if (r.stopCode !== 0 && !seen.has(r.stopCode) && isAnomaly(r.stopCode)) seen.set(r.stopCode, { code: r.stopCode, where: `in Step Results for step ${r.stepNumber}` });
  return [...seen.values()];
}

function stepResultsDiffer(segments: readonly ProposalSegment[], meta: ProposalMeta): boolean {
  if (meta.irregularityCodes.includes('step_results_mismatch')) return true;
  if (meta.stepResults.length === 0 || segments.length === 0) return false;
  if (meta.stepResults.length !== segments.length) return true;
  return segments.some((s, k) => meta.stepResults[k]!.stepNumber !== s.step || meta.stepResults[k]!.stopCode !== s.stopCode);
}

function isClockUnset(date: ProposalMeta['date']): boolean {
  if (!date) return false;
  return date.clockUnset || (date.iso ?? '').startsWith('1970-') || date.raw.trim().startsWith('1970-');
}

export interface AttributeInputs {
  segments: readonly ProposalSegment[];
  stopCode: SignalValues | null;
  torque: SignalValues | null;
  thrust: SignalValues | null;
  meta: ProposalMeta;
  notFired: readonly TriggerNotFired[];
}

export function anomalyAttributes(x: AttributeInputs): AttributeProposal[] {
  const out: AttributeProposal[] = [];
  const { meta } = x;
  const codes = anomalyCodes(x.segments, x.stopCode, meta);
  if (codes.length > 0) {
    const text = codes.map((c) => `${stopCodeLabel(c.code)} ${c.where}`).join('; ');
    out.push({
      classId: ATTRIBUTE.anomalyStopCode,
      value: text,
      source: 'stepcode',
      provenance: PROVENANCE.anomalyCode,
      confidence: CONFIDENCE.recorded,
      reasons: codes.map((c) => `anomaly stop code ${stopCodeLabel(c.code)} ${c.where}: ${decodeStopCode(c.code).bits.filter((b) => b.class === 'anomaly').map((b) => b.meaning).join('; ') || 'undocumented or invalid bits'}`),
      evidence: { codes: codes.map((c) => c.code) },
    });
  }
  if (meta.cycleOk === false) {
    out.push({
      classId: ATTRIBUTE.cycleOk,
      value: false,
      source: 'stepcode',
      provenance: PROVENANCE.results,
      confidence: CONFIDENCE.recorded,
      reasons: ['Results say Cycle OK = False'],
      evidence: {},
    });
  }
  if (x.notFired.length > 0) {
    out.push({
      classId: ATTRIBUTE.triggerNotFired,
      value: x.notFired.map((t) => `step ${t.step}: ${t.triggers}, ended by ${stopCodeLabel(t.stopCode)}`).join('; '),
      source: 'stepcode',
      provenance: PROVENANCE.triggerNotFired,
      confidence: CONFIDENCE.recorded,
      reasons: x.notFired.map((t) => `step ${t.step} has ${t.triggers} but ended on its programmed stroke: the expected rise or drop never happened`),
      evidence: { steps: x.notFired.map((t) => t.step) },
    });
  }
  if (isClockUnset(meta.date)) {
    out.push({
      classId: ATTRIBUTE.clockUnset,
      value: true,
      source: 'stepcode',
      provenance: PROVENANCE.date,
      confidence: CONFIDENCE.recorded,
      reasons: [`Date ${meta.date?.raw ?? ''} is in 1970: the controller clock was never set, the date says nothing about order`],
      evidence: { date: meta.date?.raw ?? null },
    });
  }
  const signs: string[] = [];
  if (meta.separator === ';') signs.push("';' separator");
  if (meta.decimal === 'dot' || meta.decimal === 'mixed') signs.push(`${meta.decimal} decimals in Datas`);
  if (meta.date && /^\d{4}-\d\d-\d\dT/.test(meta.date.raw.trim())) signs.push(`ISO date '${meta.date.raw}'`);
  const name = parseSetitecFileName(meta.fileName);
  if (name.kind === 'converted') signs.push(`converted file name '${name.base}'`);
  if (stepResultsDiffer(x.segments, meta)) signs.push('Step Results ≠ Datas');
  if (signs.length > 0) {
    out.push({
      classId: ATTRIBUTE.convertedFile,
      value: signs.join(', '),
      source: 'heuristic',
      provenance: PROVENANCE.format,
      confidence: CONFIDENCE.formatSignature,
      reasons: [`looks rebuilt from MQTT messages (${signs.join(', ')}): its metadata is not trustworthy`],
      evidence: { signatures: signs },
    });
  }
  const cause = anomalyCause(x, codes, name.air);
  if (cause) out.push(cause);
  return out;
}

/** The default schema's `anomaly` choice, when a cause can be named (most specific first). */
function anomalyCause(x: AttributeInputs, codes: readonly AnomalyCode[], airName: boolean): AttributeProposal | null {
  const make = (value: string, confidence: number, reasons: string[], evidence: Record<string, unknown>, source: 'stepcode' | 'heuristic', provenance: string): AttributeProposal => ({
    classId: ATTRIBUTE.anomaly,
    value,
    source,
    provenance,
    confidence,
    reasons,
    evidence,
  });
  const toolBreak = codes.find((c) => decodeStopCode(c.code).bits.some((b) => b.value === STOP.TOOL_BREAK));
  if (toolBreak) return make(ANOMALY_CAUSE.toolBreak, CONFIDENCE.recorded, [`stop code ${stopCodeLabel(toolBreak.code)} ${toolBreak.where}: the controller detected a tool break`], { stopCode: toolBreak.code }, 'stepcode', PROVENANCE.cause);
  const maxTorque = maxOf(x.torque);
  const maxThrust = maxOf(x.thrust);
  if (maxTorque < AIR_CYCLE_MAX_TORQUE_A) {
    const evidence = { maxTorqueA: maxTorque + 0, maxThrustA: Number.isFinite(maxThrust) ? maxThrust + 0 : null };
    if (maxThrust >= CUTTING_MIN_THRUST_A)
      return make(ANOMALY_CAUSE.sensorFault, CONFIDENCE.signalLevel, [`max net torque ${fmt(maxTorque)} A over the whole cycle while thrust reaches ${fmt(maxThrust)} A: the torque channel looks dead`], evidence, 'heuristic', PROVENANCE.torqueLevel);
    return make(ANOMALY_CAUSE.airCycle, CONFIDENCE.signalLevel, [`max net torque ${fmt(maxTorque)} A and thrust ${Number.isFinite(maxThrust) ? `${fmt(maxThrust)} A` : 'absent'} over the whole cycle: nothing was cut (air cycle or re-drill)`], evidence, 'heuristic', PROVENANCE.torqueLevel);
  }
  if (airName) return make(ANOMALY_CAUSE.airCycle, CONFIDENCE.fileNameAir, ['the file name has three trailing numbers, the upstream mark of an air cycle'], {}, 'heuristic', PROVENANCE.cause);
  if (codes.length > 0 || x.meta.cycleOk === false) {
    const why = [...codes.map((c) => `anomaly stop code ${stopCodeLabel(c.code)} ${c.where}`), ...(x.meta.cycleOk === false ? ['Cycle OK = False'] : [])];
    return make(ANOMALY_CAUSE.other, CONFIDENCE.causeOther, [`${why.join('; ')}: the cause needs a person`], {}, 'stepcode', PROVENANCE.cause);
  }
  return null;
}

function fmt(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}
