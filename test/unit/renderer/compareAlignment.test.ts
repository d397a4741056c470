/** Aligning reference holes on the current one: by depth, or by a label class (compare/alignment.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignmentOffset, anchorDepth, referenceWindow, shiftTrace, type AnchorLabel } from '../../../src/renderer/features/compare/alignment';

const l = (classId: string, depth: number | null, state: AnchorLabel['state'] = 'confirmed'): AnchorLabel => ({ classId, depth, state });

describe('anchorDepth', () => {
  it('takes the confirmed label of the class over a pending proposal, and ignores rejected ones', () => {
    expect(anchorDepth([l('entry', 1.2, 'proposed'), l('entry', 1.5), l('exit', 9)], 'entry')).toBe(1.5);
    expect(anchorDepth([l('entry', 1.2, 'proposed'), l('exit', 9)], 'entry')).toBe(1.2);
    expect(anchorDepth([l('entry', 1.2, 'rejected'), l('exit', 9)], 'entry')).toBeNull();
    expect(anchorDepth([l('entry', null)], 'entry')).toBeNull();
  });

  it('does not depend on the order of the labels (the shallowest of several)', () => {
    const labels = [l('exit', 9.5), l('exit', 9.1), l('exit', 9.3, 'proposed')];
    expect(anchorDepth(labels, 'exit')).toBe(9.1);
    expect(anchorDepth([...labels].reverse(), 'exit')).toBe(9.1);
  });
});

describe('alignmentOffset', () => {
  const current = [l('entry', 2.0), l('exit', 10.0)];
  const reference = [l('entry', 1.25), l('exit', 10.5)];

  it('by depth draws the reference as recorded', () => {
    expect(alignmentOffset('depth', current, reference)).toEqual({ offset: 0, aligned: true, missing: null });
  });

  it("by a class shifts the reference so that its label sits on the current hole's", () => {
    const entry = alignmentOffset('entry', current, reference);
    expect(entry.aligned).toBe(true);
    expect(reference[0]!.depth! + entry.offset).toBeCloseTo(current[0]!.depth!, 12);
    expect(alignmentOffset('exit', current, reference).offset).toBeCloseTo(-0.5, 12);
  });

  it('says which hole lacks the label and falls back to depth', () => {
    expect(alignmentOffset('countersink_start', current, [...reference, l('countersink_start', 11)])).toEqual({ offset: 0, aligned: false, missing: 'current' });
    expect(alignmentOffset('countersink_start', [...current, l('countersink_start', 11)], reference)).toEqual({ offset: 0, aligned: false, missing: 'reference' });
    expect(alignmentOffset('countersink_start', current, reference)).toEqual({ offset: 0, aligned: false, missing: 'both' });
  });

  it('puts the reference anchor exactly on the current anchor for any depths', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (a, b) => {
        const { offset } = alignmentOffset('entry', [l('entry', a)], [l('entry', b)]);
        expect(b + offset).toBeCloseTo(a, 9);
      }),
    );
  });
});

describe('reference windows and traces', () => {
  it("asks the reference for the part of its own depth axis that lands in the current view", () => {
    expect(referenceWindow([4, 6], 0.5)).toEqual([3.5, 5.5]);
    expect(referenceWindow(null, 0.5)).toBeNull();
  });

  it('moves a trace onto the current axis without touching the original', () => {
    const t = { x: new Float64Array([1, 2, 3]), y: new Float64Array([5, 6, 7]) };
    const moved = shiftTrace(t, -0.25);
    expect(Array.from(moved.x)).toEqual([0.75, 1.75, 2.75]);
    expect(moved.y).toBe(t.y);
    expect(Array.from(t.x)).toEqual([1, 2, 3]);
    expect(shiftTrace(t, 0)).toBe(t);
  });
});
