/**
 * The crosshair and the ruler over the store: the mouse sets the crosshair while the pointer is over the plot
 * area, the keys move it (crosshair.ts), label hotkeys and the ruler read it. What happens when the pointer
 * leaves is decided in crosshair.ts (a mouse crosshair goes, a keyboard one stays).
 */
import type { AnnotateState, AnnotateStore, RulerPoint } from '../../state/annotateStore';
import { crosshairStep, isInView, stepCrosshair } from './crosshair';
import { depthAtIndex } from './plotGeometry';
import { rulerWith } from './ruler';
import { currentView } from './zoomActions';

type State = Pick<AnnotateState, 'cursorDepth' | 'cursorX' | 'view' | 'viewRange' | 'plotGeom' | 'dataExtent' | 'signalDepth'>;

/** The crosshair's x in the current mode (the depth itself in depth mode when only the depth is known). */
function crosshairX(s: State): number | null {
  if (s.cursorX !== null) return s.cursorX;
  return s.view.xMode === 'depth' ? s.cursorDepth : null;
}

/**
 * The crosshair when it is inside the view: where labels go and ruler points are taken. Null when there is
 * none or it is outside what the plot shows. (With nothing known about the view yet, any crosshair counts.)
 */
export function crosshairInView(s: State): RulerPoint | null {
  if (s.cursorDepth === null) return null;
  const x = crosshairX(s);
  const view = currentView(s);
  if (x === null) return view ? null : { depth: s.cursorDepth, x: s.cursorDepth };
  return isInView(x, view) ? { depth: s.cursorDepth, x } : null;
}

/** The pointer is over the plot area at `x` (depth `depth`). */
export function crosshairFromPointer(store: AnnotateStore, x: number, depth: number): void {
  const s = store.getState();
  store.setState({ cursorX: x, cursorDepth: depth, cursorBy: 'mouse', ...(s.plotHint ? { plotHint: null } : {}) });
}

/** The pointer left the plot area: a crosshair of the mouse goes with it; one of the keys stays. */
export function pointerLeftPlot(store: AnnotateStore): void {
  if (store.getState().cursorBy === 'mouse') store.setState({ cursorX: null, cursorDepth: null, cursorBy: null });
}

/** An arrow key: the crosshair one step shallower (-1) or deeper (+1), fine or coarse; the view follows. */
export function moveCrosshair(store: AnnotateStore, direction: -1 | 1, coarse: boolean): void {
  const s = store.getState();
  const view = currentView(s);
  const extent = s.dataExtent ?? view;
  if (!view || !extent) return;
  const xMode = s.view.xMode;
  const step = crosshairStep(view, s.plotGeom?.width ?? 900, xMode, coarse);
  const moved = stepCrosshair(crosshairX(s), view, extent, direction * step, xMode);
  const depth = xMode === 'depth' ? moved.x : s.signalDepth ? depthAtIndex(s.signalDepth, moved.x) : null;
  if (depth === null) return;
  const followed = moved.view[0] !== view[0] || moved.view[1] !== view[1];
  store.setState({ cursorX: moved.x, cursorDepth: depth, cursorBy: 'keys', plotHint: null, ...(followed ? { viewRange: moved.view } : {}) });
}

export const NO_CROSSHAIR_HINT = (left: string, right: string, what: string): string => `Move the crosshair into the view (mouse or ${left}/${right}) to place ${what}`;

/** The ruler key: turns the ruler on (A at the crosshair), then takes the next point at the crosshair. */
export function rulerKey(store: AnnotateStore, hint: string): void {
  const s = store.getState();
  const at = crosshairInView(s);
  if (!s.ruler) {
    store.setState({ ruler: at ? { a: at, b: null } : { a: null, b: null }, plotHint: null });
    return;
  }
  if (!at) {
    store.setState({ plotHint: hint });
    return;
  }
  store.setState({ ruler: rulerWith(s.ruler, at), plotHint: null });
}

/** The toolbar's ruler button: on (waiting for points) or off. */
export function toggleRuler(store: AnnotateStore): void {
  store.setState((s) => ({ ruler: s.ruler ? null : { a: null, b: null } }));
}

/** A click on the plot while the ruler is on. */
export function rulerClick(store: AnnotateStore, point: RulerPoint): void {
  const s = store.getState();
  if (s.ruler) store.setState({ ruler: rulerWith(s.ruler, point) });
}
