/**
 * Per-panel y zoom on the y axis itself (the tick labels left of a panel): the wheel zooms that panel's y
 * around the pointer, a drag pans it, a double-click fits it to the data in view (without the end-of-cycle
 * spike). The plot area keeps plotly's x-only box zoom and wheel; the y key fits every panel.
 */
import { useEffect, type RefObject } from 'react';
import { annotateStore, type PlotGeom } from '../../state/annotateStore';
import { panY, zoomY } from './yFit';
import { fitPanelY } from './yFitActions';

/** One wheel notch zooms by this factor. */
export const WHEEL_Y_FACTOR = 1.15;

type PanelGeom = PlotGeom['panels'][number];

/** The panel whose y axis (left of the plot area) is under the point, if any. */
export function panelAxisAt(geom: PlotGeom | null, x: number, y: number): PanelGeom | null {
  if (!geom || x < 0 || x >= geom.left) return null;
  return geom.panels.find((p) => y >= p.top && y <= p.top + p.height) ?? null;
}

/** The y value at pixel `y` of a panel. */
export function valueAtPixel(p: PanelGeom, range: readonly [number, number], y: number): number {
  return range[1] - ((y - p.top) / p.height) * (range[1] - range[0]);
}

function rangeOf(p: PanelGeom): [number, number] {
  return annotateStore.getState().yRanges[p.key] ?? p.range;
}

function setRange(key: string, range: [number, number]): void {
  annotateStore.setState((s) => ({ yRanges: { ...s.yRanges, [key]: range } }));
}

export function usePanelYZoom(plotRef: RefObject<HTMLDivElement | null>): void {
  useEffect(() => {
    const box = plotRef.current;
    if (!box) return;
    let pan: { panel: PanelGeom; startY: number; start: [number, number] } | null = null;
    const local = (e: MouseEvent): { x: number; y: number } => {
      const r = box.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };
    const at = (e: MouseEvent): PanelGeom | null => {
      const { x, y } = local(e);
      return panelAxisAt(annotateStore.getState().plotGeom, x, y);
    };

    const onWheel = (e: WheelEvent): void => {
      const panel = at(e);
      if (!panel || e.deltaY === 0) return;
      e.preventDefault();
      e.stopPropagation();
      const range = rangeOf(panel);
      const centre = valueAtPixel(panel, range, local(e).y);
      setRange(panel.key, zoomY(range, e.deltaY > 0 ? WHEEL_Y_FACTOR : 1 / WHEEL_Y_FACTOR, centre));
    };
    const onDown = (e: MouseEvent): void => {
      const panel = e.button === 0 ? at(e) : null;
      if (!panel) return;
      e.preventDefault();
      e.stopPropagation();
      pan = { panel, startY: local(e).y, start: rangeOf(panel) };
      document.addEventListener('mousemove', onPanMove, true);
      document.addEventListener('mouseup', onPanEnd, true);
    };
    const onPanMove = (e: MouseEvent): void => {
      if (!pan) return;
      const dy = local(e).y - pan.startY;
      // Dragging down moves the trace down: the range goes up by as much.
      setRange(pan.panel.key, panY(pan.start, (dy / pan.panel.height) * (pan.start[1] - pan.start[0])));
      e.stopPropagation();
    };
    const onPanEnd = (): void => {
      pan = null;
      document.removeEventListener('mousemove', onPanMove, true);
      document.removeEventListener('mouseup', onPanEnd, true);
    };
    const onDoubleClick = (e: MouseEvent): void => {
      const panel = at(e);
      if (!panel) return;
      e.stopPropagation();
      void fitPanelY(annotateStore, panel.key);
    };
    const onMove = (e: MouseEvent): void => {
      if (at(e)) box.style.cursor = 'ns-resize';
    };

    box.addEventListener('wheel', onWheel, { capture: true, passive: false });
    box.addEventListener('mousedown', onDown, true);
    box.addEventListener('dblclick', onDoubleClick, true);
    box.addEventListener('mousemove', onMove);
    return () => {
      box.removeEventListener('wheel', onWheel, true);
      box.removeEventListener('mousedown', onDown, true);
      box.removeEventListener('dblclick', onDoubleClick, true);
      box.removeEventListener('mousemove', onMove);
      onPanEnd();
    };
  }, [plotRef]);
}
