/**
 * Where no trigger exists (DOMAIN §11.3): generated TUHH files run distance-only programs, so no
 * stop-code entry, transition or exit may be proposed; the torque heuristics find them near the
 * generator's ground truth (the onset of each change), at confidences below every sensed event.
 */
import { describe, expect, it } from 'vitest';
import { CONFIDENCE, PROVENANCE, proposeLabels } from '../../../src/shared/labels/proposals/index';
import type { Family } from '../../../src/shared/setitec/generator/index';
import { generated, point } from './fixtures';

const SEEDS = Array.from({ length: 12 }, (_, i) => 100 + i);
/** Largest distance (mm) from the truth seen over 40 seeds was 0.12 (entry, exit) and 0.62 (transition). */
const TOLERANCE = { entry: 0.25, cfrp_ti_transition: 1, exit: 0.25 } as const;

describe.each<Family>(['tuhh', 'single'])('%s (distance-only program)', (family) => {
  it.each(SEEDS)('seed %i: heuristic entry, transition and exit near the truth', (seed) => {
    const g = generated({ seed, version: 4, family });
    const res = proposeLabels(g.input);
    const truth = { entry: g.expected.truth.entry, cfrp_ti_transition: g.expected.truth.transition, exit: g.expected.truth.exit };
    const provenance = { entry: PROVENANCE.walkback, cfrp_ti_transition: PROVENANCE.gradient, exit: PROVENANCE.drop };
    for (const id of ['entry', 'cfrp_ti_transition', 'exit'] as const) {
      const p = point(res, id);
      expect(p, `${id} of seed ${seed}`).toBeDefined();
      expect(p!.source).toBe('heuristic');
      expect(p!.provenance).toBe(provenance[id]);
      expect(p!.confidence).toBeLessThan(CONFIDENCE.sensedFloor);
      expect(Math.abs(p!.depth - truth[id]), `${id} at ${p!.depth} vs truth ${truth[id]}`).toBeLessThanOrEqual(TOLERANCE[id]);
      expect(p!.depth).toBeCloseTo(-(g.input.columns.position![p!.sampleIndex] as number), 6);
      expect(p!.reasons[0]).toMatch(/^no step ended on/);
    }
    expect(res.proposals.filter((p) => p.source === 'stepcode' && ['entry', 'cfrp_ti_transition', 'exit'].includes(p.classId))).toEqual([]);
  });
});

describe('a sensed event is never replaced by a heuristic', () => {
  it.each([1, 2, 3])('mdbmql seed %i keeps the stop-code transition and exit', (seed) => {
    const res = proposeLabels(generated({ seed, version: 9, family: 'mdbmql' }).input);
    expect(res.proposals.filter((p) => p.classId === 'cfrp_ti_transition' || p.classId === 'exit').map((p) => [p.classId, p.provenance])).toEqual([
      ['cfrp_ti_transition', PROVENANCE.stepcode],
      ['exit', PROVENANCE.stepcode],
    ]);
  });
});

describe('flat torque', () => {
  it('gives no heuristic points at all', () => {
    const g = generated({ seed: 7, version: 4, family: 'tuhh' });
    const torque = new Float64Array(g.input.columns.torque!.length).fill(-0.1);
    const res = proposeLabels({ ...g.input, columns: { ...g.input.columns, torque } });
    expect(res.proposals).toEqual([]);
    expect(res.attributes.find((a) => a.classId === 'anomaly')?.value).toBe('sensor fault');
  });
});
