/**
 * Stop-code events on generated files of the sensing families (DOMAIN §10): each event sits on the last
 * sample of the step whose final stop code records it, at −Position there, with the confidence of its
 * trigger class. Expectations come from the generator's own segments and columns, not from the parser.
 */
import { describe, expect, it } from 'vitest';
import { CONFIDENCE, PROVENANCE, proposeLabels } from '../../../src/shared/labels/proposals/index';
import type { Family, SetitecVersion } from '../../../src/shared/setitec/generator/index';
import { generated, point, range } from './fixtures';

const SEEDS = [1, 2, 3, 4, 5];

function endOfStepEndingWith(g: ReturnType<typeof generated>, code: number): { index: number; depth: number } {
  const seg = g.expected.segments.find((s) => s.stopCode === code);
  if (!seg) throw new Error(`generated file has no step ending on ${code}`);
  const position = g.expected.columns['Position (mm)']!;
  return { index: seg.endIndex, depth: -position[seg.endIndex]! };
}

describe.each<[Family, SetitecVersion]>([
  ['mdbmql', 9],
  ['ham', 7],
  ['ham', 9],
])('%s v%i: hard-layer rise, drop, hard stop', (family, version) => {
  it.each(SEEDS)('seed %i', (seed) => {
    const g = generated({ seed, version, family });
    const res = proposeLabels(g.input);
    const rise = endOfStepEndingWith(g, 1);
    const drop = endOfStepEndingWith(g, 2048);
    const hard = endOfStepEndingWith(g, 8);

    const t = point(res, 'cfrp_ti_transition')!;
    expect(t).toMatchObject({ source: 'stepcode', provenance: PROVENANCE.stepcode, sampleIndex: rise.index, confidence: CONFIDENCE.sensedHardLayer });
    expect(t.depth).toBeCloseTo(rise.depth, 4);
    expect(t.evidence).toMatchObject({ stopCode: 1, threshold: expect.stringMatching(/^Torque Max [36] A$/) });

    const x = point(res, 'exit')!;
    const gap = family === 'mdbmql';
    expect(x).toMatchObject({ source: 'stepcode', sampleIndex: drop.index, confidence: gap ? CONFIDENCE.sensedDropWithGap : CONFIDENCE.sensedDrop });
    expect(x.depth).toBeCloseTo(drop.depth, 4);

    // No contact step: the entry comes from the torque, before the sensed transition.
    const e = point(res, 'entry')!;
    expect(e.source).toBe('heuristic');
    expect(e.depth).toBeLessThan(t.depth);

    const csk = range(res, 'countersink')!;
    expect(csk.sampleIndexEnd).toBe(hard.index);
    expect(csk.depthEnd).toBeCloseTo(hard.depth, 4);
    expect(range(res, 'ti')).toMatchObject({ source: 'stepcode', depth: t.depth, depthEnd: x.depth, confidence: Math.min(t.confidence, x.confidence) });
  });
});

describe.each<[SetitecVersion]>([[8], [9], [11]])('mdb4 v%i: contact, programmed CFRP stroke, drop', (version) => {
  it.each(SEEDS)('seed %i', (seed) => {
    const g = generated({ seed, version, family: 'mdb4' });
    const res = proposeLabels(g.input);
    const contact = endOfStepEndingWith(g, 1);
    const e = point(res, 'entry')!;
    expect(e).toMatchObject({ source: 'stepcode', sampleIndex: contact.index, confidence: CONFIDENCE.sensedContact });
    expect(e.depth).toBeCloseTo(contact.depth, 4);
    expect(e.evidence.threshold).toBe('Torque Max 0.3 A');
    expect(range(res, 'air')).toMatchObject({ source: 'stepcode', sampleIndex: 0, depthEnd: e.depth });

    // Step 1 has Torque Max 8 A but ends on its stroke: nothing sensed the CFRP→Ti boundary.
    const t = point(res, 'cfrp_ti_transition')!;
    expect([PROVENANCE.gradient, PROVENANCE.programmed]).toContain(t.provenance);
    expect(t.confidence).toBeLessThan(CONFIDENCE.sensedFloor);
    expect(res.attributes.find((a) => a.classId === 'trigger_not_fired')?.value).toBe('step 1: Torque Max 8 A, ended by STROKE_LIMIT (64)');

    const drop = endOfStepEndingWith(g, 2048);
    expect(point(res, 'exit')).toMatchObject({ source: 'stepcode', sampleIndex: drop.index, confidence: CONFIDENCE.sensedDropWithGap });
  });
});
