/**
 * The stop-code rules on hand-made columns, where each case changes one thing: which sample an event sits
 * on, the threshold that classes a rise (never the step number), a missing Program row, a re-contact
 * after the exit (ST00234275, field variant F4), a thrust contact (P6TL).
 */
import { describe, expect, it } from 'vitest';
import { CONFIDENCE, PROVENANCE, proposeLabels } from '../../../src/shared/labels/proposals/index';
import { handmade, point, range, type StepSpec } from './fixtures';

const ramp = (a: number, b: number) => (t: number) => a + (b - a) * t;

describe('which sample an event sits on', () => {
  it('the last sample of the step, not the first of the next (the position jumps back ≈0.28 mm there)', () => {
    const input = handmade([
      { step: 0, samples: 200, from: 0.6, to: 5, torque: (t) => (t > 0.97 ? 0.35 : 0), stopCode: 1, stopRows: 3, program: { torqueMaxA: 0.3 } },
      // The next step starts 0.28 mm shallower, with the torque re-zeroed, as MDB-MQL files do.
      { step: 1, samples: 300, from: 4.72, to: 14, torque: (t) => (t < 0.1 ? 0 : 3), stopCode: 64, program: { torqueMaxA: 8 } },
    ]);
    const res = proposeLabels(input);
    const e = point(res, 'entry')!;
    expect(e.sampleIndex).toBe(199);
    expect(e.depth).toBeCloseTo(5, 6);
    expect(e.depth).toBeGreaterThan(-(input.columns.position![200] as number));
  });
});

describe('a rise is classed by its threshold, never by its step number', () => {
  const twoSteps = (first: number, second: number, threshold: number): StepSpec[] => [
    { step: first, samples: 300, from: 0.6, to: 9, torque: ramp(0, threshold), stopCode: 1, program: { torqueMaxA: threshold } },
    { step: second, samples: 300, from: 9, to: 20, torque: (t) => (t < 0.8 ? 8 : 0.2), stopCode: 2048, program: { torqueMinA: 1 } },
  ];

  it.each([
    [0, 1],
    [2, 3],
    [4, 7],
  ])('steps %i, %i: 0.3 A is a contact (entry)', (a, b) => {
    const res = proposeLabels(handmade(twoSteps(a, b, 0.3)));
    expect(point(res, 'entry')).toMatchObject({ source: 'stepcode', confidence: CONFIDENCE.sensedContact, sampleIndex: 299, evidence: { step: a, threshold: 'Torque Max 0.3 A' } });
    expect(point(res, 'cfrp_ti_transition')?.source).not.toBe('stepcode');
    expect(point(res, 'exit')).toMatchObject({ source: 'stepcode', confidence: CONFIDENCE.sensedDrop, sampleIndex: 599 });
  });

  it.each([
    [0, 1],
    [2, 3],
    [4, 7],
  ])('steps %i, %i: 6 A is a harder layer (transition)', (a, b) => {
    const res = proposeLabels(handmade(twoSteps(a, b, 6)));
    expect(point(res, 'cfrp_ti_transition')).toMatchObject({ source: 'stepcode', confidence: CONFIDENCE.sensedHardLayer, sampleIndex: 299, evidence: { step: a } });
    expect(point(res, 'entry')?.source).toBe('heuristic');
  });

  it('without a Program row the current at the stop stands in for the threshold, at a lower confidence', () => {
    const steps = twoSteps(1, 2, 6).map((s) => ({ ...s, program: null }));
    const res = proposeLabels(handmade(steps));
    const t = point(res, 'cfrp_ti_transition')!;
    expect(t).toMatchObject({ source: 'stepcode', confidence: CONFIDENCE.sensedHardLayer - CONFIDENCE.inferredThresholdPenalty });
    expect(t.reasons.join(' ')).toMatch(/no threshold/);
    expect(point(res, 'exit')).toMatchObject({ source: 'stepcode', confidence: CONFIDENCE.sensedDrop });
  });

  it('a thrust contact (P6TL: Thrust Max 0.2 A → THRUST_MAX) is an entry', () => {
    const res = proposeLabels(
      handmade([
        { step: 0, samples: 100, from: 2.8, to: 11.3, torque: 0, thrust: 0.1, stopCode: 4, program: { thrustMaxA: 0.2 } },
        { step: 1, samples: 400, from: 11.2, to: 26.8, torque: (t) => (t < 0.7 ? 10 : 0.7), stopCode: 2048, program: { torqueMinA: 4, gapMm: 4 } },
      ]),
    );
    expect(point(res, 'entry')).toMatchObject({ source: 'stepcode', sampleIndex: 99, confidence: CONFIDENCE.sensedContact, evidence: { threshold: 'Thrust Max 0.2 A' } });
    expect(point(res, 'exit')).toMatchObject({ source: 'stepcode', sampleIndex: 499, confidence: CONFIDENCE.sensedDropWithGap, evidence: { gapMm: 4 } });
  });
});

describe('ST00234275 (F4): contact → break-through → re-contact → hard stop', () => {
  const input = handmade([
    { step: 0, samples: 100, from: 2.9, to: 4, torque: (t) => (t > 0.9 ? 1.1 : 0), stopCode: 1, program: { thrustMaxA: 0.1, torqueMaxA: 1 } },
    { step: 1, samples: 600, from: 3.8, to: 22, torque: (t) => (t < 0.85 ? 6 : 1), stopCode: 2048, program: { torqueMinA: 3 } },
    { step: 2, samples: 100, from: 21.8, to: 23, torque: (t) => (t > 0.9 ? 4.2 : 0), stopCode: 1, program: { torqueMaxA: 4 } },
    { step: 3, samples: 100, from: 22.9, to: 24.5, torque: ramp(4, 7), stopCode: 8, program: {} },
  ]);
  const res = proposeLabels(input);

  it('places entry, exit and the countersink start on the sensed steps', () => {
    expect(point(res, 'entry')).toMatchObject({ source: 'stepcode', sampleIndex: 99, confidence: CONFIDENCE.sensedContact });
    expect(point(res, 'exit')).toMatchObject({ source: 'stepcode', sampleIndex: 699 });
    expect(point(res, 'countersink_start')).toMatchObject({ source: 'stepcode', provenance: PROVENANCE.stepcode, sampleIndex: 799, confidence: CONFIDENCE.sensedRecontact });
  });

  it('ends the countersink on the hard stop', () => {
    expect(range(res, 'countersink')).toMatchObject({ source: 'stepcode', sampleIndex: 799, sampleIndexEnd: 899, depthEnd: 24.5, confidence: CONFIDENCE.hardStop });
  });
});

describe('anomaly bits on an event step', () => {
  it('keep the event, at a lower confidence that stays above every heuristic', () => {
    const res = proposeLabels(
      handmade([
        { step: 1, samples: 300, from: 0.6, to: 10, torque: ramp(0, 3), stopCode: 1 + 131072, program: { torqueMaxA: 3 } },
        { step: 2, samples: 100, from: 10, to: 12, torque: 5, stopCode: 64, program: {} },
      ]),
    );
    const t = point(res, 'cfrp_ti_transition')!;
    expect(t.confidence).toBe(CONFIDENCE.sensedHardLayer - CONFIDENCE.anomalyPenalty);
    expect(t.confidence).toBeGreaterThan(CONFIDENCE.heuristicEntry);
    expect(t.reasons.at(-1)).toMatch(/anomaly bits \(KILLMOT_M1 \+ TORQUE_MAX \(131073\)\)/);
  });
});

describe('a damaged Position cell', () => {
  it('gives no proposal at a NaN depth', () => {
    const input = handmade([
      { step: 1, samples: 300, from: 0.6, to: 10, torque: ramp(0, 3), stopCode: 1, program: { torqueMaxA: 3 } },
      { step: 2, samples: 300, from: 10, to: 20, torque: (t) => (t < 0.8 ? 8 : 0.2), stopCode: 2048, program: { torqueMinA: 1 } },
    ]);
    (input.columns.position as Float64Array)[299] = NaN;
    const res = proposeLabels(input);
    expect(point(res, 'cfrp_ti_transition')).toBeUndefined();
    expect(point(res, 'exit')).toMatchObject({ source: 'stepcode', sampleIndex: 599 });
    for (const p of res.proposals) expect(Number.isFinite(p.depth) && (p.depthEnd === null || Number.isFinite(p.depthEnd))).toBe(true);
  });
});
