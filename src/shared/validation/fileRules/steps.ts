/**
 * File rules of group `steps` (DOMAIN §14), V20–V25: step blocks, their agreement with Program and Step Results, and stop codes.
 * Pure TypeScript; `rules.ts` runs the groups in id order.
 */
import { hasStopBit, isAnomaly, STOP, stopCodeLabel } from '../../setitec/stopCodes';
import { segmentAt } from '../../setitec/segments';
import { countNonZero, nextNonZero, scanHit } from '../scan';
import { THRESHOLDS } from '../thresholds';
import { E, W, I, fieldLocation, fmt, rawName, rule, sampleLocation, sectionLocation, segmentLocation } from './kit';
import type { StepSegment } from '../../setitec/segments';
import type { FileRule } from '../types';

export const STEP_RULES: readonly FileRule[] = [
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
];
