/** The ruler's maths and its key: two points ordered by depth, Δdepth, Δcurrent per channel. */
import { describe, expect, it } from 'vitest';
import { rulerDepthDelta, rulerWith, sampleIndexOf, signed, valueDeltas } from '../../../src/renderer/features/plot/ruler';
import { rulerKey, toggleRuler } from '../../../src/renderer/features/plot/crosshairActions';
import { cancel } from '../../../src/renderer/state/annotateActions';
import { createAnnotateStore } from '../../../src/renderer/state/annotateStore';

const p = (depth: number) => ({ depth, x: depth });

describe('ruler maths', () => {
  it('takes A then B, ordered by depth, and starts again at a third point', () => {
    const one = rulerWith(null, p(12));
    expect(one).toEqual({ a: p(12), b: null });
    expect(rulerDepthDelta(one)).toBeNull();
    const two = rulerWith(one, p(9.5));
    expect(two).toEqual({ a: p(9.5), b: p(12) });
    expect(rulerDepthDelta(two)).toBeCloseTo(2.5, 12);
    expect(rulerWith(two, p(3))).toEqual({ a: p(3), b: null });
  });

  it('Δcurrent is the deeper value minus the shallower one, per channel present at both', () => {
    expect(valueDeltas({ i_torque: 2, i_thrust: 0.5, gap: 1 }, { i_torque: 5.25, i_thrust: 0.25 })).toEqual({ i_torque: 3.25, i_thrust: -0.25 });
    expect(signed(3.25, 3)).toBe('+3.250');
    expect(signed(-0.25, 3)).toBe('−0.250');
    expect(signed(-0.0001, 3)).toBe('0.000');
  });

  it('reads the sample of a point: its index in index mode, the first sample at its depth otherwise', () => {
    const depth = [0, 1, 2, 1.8, 3];
    expect(sampleIndexOf({ depth: 1.9, x: 1.9 }, 'depth', depth)).toBe(2);
    expect(sampleIndexOf({ depth: 1.8, x: 3.2 }, 'index', depth)).toBe(3);
  });
});

describe('ruler key', () => {
  const store = () => createAnnotateStore({ fileId: 1, viewRange: [10, 20], dataExtent: [0, 30] });

  it('turns the ruler on with A at the crosshair, takes B at the next press, says so without a crosshair, Escape clears', () => {
    const s = store();
    s.setState({ cursorDepth: 11, cursorX: 11, cursorBy: 'keys' });
    rulerKey(s, 'no crosshair');
    expect(s.getState().ruler).toEqual({ a: p(11), b: null });
    s.setState({ cursorDepth: 13.5, cursorX: 13.5 });
    rulerKey(s, 'no crosshair');
    expect(rulerDepthDelta(s.getState().ruler)).toBeCloseTo(2.5, 12);
    s.setState({ cursorDepth: null, cursorX: null, cursorBy: null });
    rulerKey(s, 'no crosshair');
    expect(s.getState().plotHint).toBe('no crosshair');
    expect(rulerDepthDelta(s.getState().ruler)).toBeCloseTo(2.5, 12);
    cancel(s);
    expect(s.getState()).toMatchObject({ ruler: null, plotHint: null });
    toggleRuler(s);
    expect(s.getState().ruler).toEqual({ a: null, b: null });
    toggleRuler(s);
    expect(s.getState().ruler).toBeNull();
  });
});
