import { describe, expect, it } from 'vitest';
import type { Label } from '../../../src/shared/api/labels.contract';
import { derivedReadouts, pickKeyPoint } from '../../../src/shared/labels/derivedReadouts';

type L = Pick<Label, 'classId' | 'depth' | 'value' | 'source' | 'updatedAt'>;
const point = (classId: string, depth: number, source: Label['source'] = 'human', updatedAt = '2025-01-01T00:00:00.000Z'): L => ({
  classId,
  depth,
  value: null,
  source,
  updatedAt,
});
const attr = (classId: string, value: Label['value']): L => ({ classId, depth: null, value, source: 'human', updatedAt: '2025-01-01T00:00:00.000Z' });

describe('derivedReadouts', () => {
  it('computes layer thicknesses, total depth and grip code from entry, transition and exit', () => {
    const r = derivedReadouts([point('entry', 2), point('cfrp_ti_transition', 12), point('exit', 20)]);
    expect(r).toMatchObject({ entry: 2, transition: 12, exit: 20, cfrpThickness: 10, tiThickness: 8, totalDepth: 18, gripCode: 12 });
    expect(r.warnings).toEqual([]);
  });

  it('works with entry and exit only (the 2-point variant)', () => {
    const r = derivedReadouts([point('entry', 1), point('exit', 1 + 1.5875)]);
    expect(r).toMatchObject({ transition: null, cfrpThickness: null, tiThickness: null, gripCode: 2 });
    expect(r.totalDepth).toBeCloseTo(1.5875, 12);
  });

  it('gives nulls when the key points are missing', () => {
    const r = derivedReadouts([]);
    expect(r).toMatchObject({ entry: null, exit: null, totalDepth: null, gripCode: null, thicknessDelta: null });
  });

  it('warns when entry < transition < exit is broken (DOMAIN §14 row 36) and gives no grip code for a negative depth', () => {
    const r = derivedReadouts([point('entry', 10), point('cfrp_ti_transition', 5), point('exit', 8)]);
    expect(r.warnings).toEqual(['entry (10 mm) must be shallower than transition (5 mm)', 'entry (10 mm) must be shallower than exit (8 mm)']);
    expect(r.totalDepth).toBe(-2);
    expect(r.gripCode).toBeNull();
  });

  it('compares with the measured stack thickness (DOMAIN §14 row 38)', () => {
    const ok = derivedReadouts([point('entry', 2), point('exit', 17), attr('stack_thickness', 15.3)]);
    expect(ok.thicknessDelta).toBeCloseTo(-0.3, 12);
    expect(ok.warnings).toEqual([]);
    const off = derivedReadouts([point('entry', 2), point('exit', 17), attr('stack_thickness', 14)]);
    expect(off.warnings[0]).toMatch(/differs from the measured thickness by 1\.00 mm/);
  });

  it('prefers the human label over a model one, then the most recent', () => {
    const labels = [point('exit', 19, 'model'), point('exit', 18.5, 'human', '2025-01-01T00:00:00.000Z'), point('exit', 18.7, 'human', '2025-01-02T00:00:00.000Z')];
    expect(pickKeyPoint(labels, 'exit')?.depth).toBe(18.7);
    expect(pickKeyPoint([point('exit', 19, 'heuristic'), point('exit', 18, 'stepcode')], 'exit')?.depth).toBe(18);
  });
});
