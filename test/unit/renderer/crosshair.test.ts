/**
 * The crosshair: step sizes, where it appears, the view following it past an edge, a mouse crosshair going
 * with the pointer while a keyboard one stays, and label hotkeys placing at it or saying why they do not.
 */
import { describe, expect, it } from 'vitest';
import { crosshairStep, followView, isInView, stepCrosshair, CROSSHAIR_COARSE_PX, FOLLOW_MARGIN } from '../../../src/renderer/features/plot/crosshair';
import { crosshairFromPointer, crosshairInView, moveCrosshair, pointerLeftPlot } from '../../../src/renderer/features/plot/crosshairActions';
import { createAnnotateStore } from '../../../src/renderer/state/annotateStore';
import { placementDepth } from '../../../src/renderer/features/annotate/keyboard';

describe('crosshair steps', () => {
  it('a fine step is one pixel of the view (at least 0.01 mm, or a whole sample), a coarse one twenty', () => {
    expect(crosshairStep([0, 30], 600, 'depth', false)).toBeCloseTo(0.05, 12);
    expect(crosshairStep([0, 30], 600, 'depth', true)).toBeCloseTo(0.05 * CROSSHAIR_COARSE_PX, 12);
    expect(crosshairStep([10, 11], 1000, 'depth', false)).toBe(0.01); // 0.001 mm per pixel: the minimum wins
    expect(crosshairStep([0, 3000], 600, 'index', false)).toBe(5);
    expect(crosshairStep([0, 100], 600, 'index', false)).toBe(1);
  });

  it('appears in the middle of the view when there is none in it, then steps, kept inside the data', () => {
    expect(stepCrosshair(null, [10, 20], [0, 30], 0.5, 'depth')).toEqual({ x: 15, view: [10, 20] });
    expect(stepCrosshair(25, [10, 20], [0, 30], 0.5, 'depth')).toEqual({ x: 15, view: [10, 20] }); // outside: starts again
    expect(stepCrosshair(15, [10, 20], [0, 30], 0.5, 'depth')).toEqual({ x: 15.5, view: [10, 20] });
    expect(stepCrosshair(0.2, [0, 10], [0, 30], -0.5, 'depth')).toEqual({ x: 0, view: [0, 10] });
    expect(stepCrosshair(10.4, [0, 100], [0, 1000], 1, 'index').x).toBe(11);
  });

  it('past an edge the view moves so the crosshair is a margin inside, never beyond the data', () => {
    const moved = stepCrosshair(19.8, [10, 20], [0, 30], 0.5, 'depth');
    expect(moved.x).toBeCloseTo(20.3, 12);
    expect(moved.view[1]).toBeCloseTo(20.3 + FOLLOW_MARGIN * 10, 12);
    expect(moved.view[1] - moved.view[0]).toBeCloseTo(10, 12);
    expect(followView([10, 20], 9, [0, 30])).toEqual([9 - FOLLOW_MARGIN * 10, 19 - FOLLOW_MARGIN * 10]);
    expect(followView([18, 28], 29.9, [0, 30])).toEqual([20, 30]);
    expect(followView([10, 20], 15, [0, 30])).toEqual([10, 20]);
    expect(isInView(20, [10, 20])).toBe(true);
    expect(isInView(20.001, [10, 20])).toBe(false);
  });
});

describe('crosshair in the store', () => {
  const loaded = () => createAnnotateStore({ fileId: 1, dataExtent: [0, 30], viewRange: [10, 20], plotGeom: { left: 60, width: 500, top: 30, height: 400, range: [10, 20], panels: [] } });

  it('a mouse crosshair goes when the pointer leaves; a keyboard one stays', () => {
    const store = loaded();
    crosshairFromPointer(store, 12.5, 12.5);
    expect(placementDepth(store)).toBe(12.5);
    pointerLeftPlot(store);
    expect(store.getState().cursorDepth).toBeNull();
    expect(placementDepth(store)).toBeNull();

    moveCrosshair(store, 1, false);
    expect(store.getState()).toMatchObject({ cursorDepth: 15, cursorBy: 'keys' });
    pointerLeftPlot(store);
    expect(placementDepth(store)).toBe(15);
    moveCrosshair(store, 1, true);
    expect(store.getState().cursorDepth).toBeCloseTo(15 + 20 * (10 / 500), 12);
  });

  it('a crosshair outside the view places nothing; moving past the edge pans the view', () => {
    const store = loaded();
    store.setState({ cursorDepth: 25, cursorX: 25, cursorBy: 'keys' });
    expect(crosshairInView(store.getState())).toBeNull();
    store.setState({ cursorDepth: 19.99, cursorX: 19.99 });
    moveCrosshair(store, 1, false);
    const s = store.getState();
    expect(s.cursorDepth).toBeCloseTo(20.01, 12);
    expect(s.viewRange![0]).toBeGreaterThan(10);
    expect(crosshairInView(s)?.depth).toBeCloseTo(20.01, 12);
  });

  it('in sample-index mode it steps by samples and reads the depth of its sample', () => {
    const depth = Float64Array.from({ length: 1000 }, (_, i) => i / 100);
    const store = createAnnotateStore({ fileId: 1, view: { xMode: 'index', total: false, extras: [] }, dataExtent: [0, 999], viewRange: [100, 300], signalDepth: depth, plotGeom: { left: 0, width: 400, top: 0, height: 300, range: [100, 300], panels: [] } });
    moveCrosshair(store, 1, false);
    expect(store.getState()).toMatchObject({ cursorX: 200, cursorDepth: 2 });
    moveCrosshair(store, -1, false);
    expect(store.getState()).toMatchObject({ cursorX: 199, cursorDepth: 1.99 });
  });
});
