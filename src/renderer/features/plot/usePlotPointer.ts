/**
 * The mouse over the signal plot: the crosshair under the pointer (readouts, hotkey placement; it goes when
 * the pointer leaves the plot area, crosshairActions.ts), the resize cursor near a label, dragging a label
 * line or range edge (one edit on release), drawing a range with a range class armed, and placing ruler
 * points while the ruler is on. A press that starts one of these keeps plotly's zoom box out of it; anywhere
 * else plotly's own x-zoom box, wheel zoom and double-click reset apply.
 */
import type { PlotlyHTMLElement } from 'plotly.js/lib/core';
import { useCallback, useEffect } from 'react';
import type { AppApi } from '../../../shared/api/contract';
import { createRange, moveLabel, select } from '../../state/annotateActions';
import { annotateStore } from '../../state/annotateStore';
import { depthLabels } from '../../state/labelOps';
import { crosshairFromPointer, pointerLeftPlot, rulerClick } from './crosshairActions';
import { DRAG_THRESHOLD_PX, movedDepths, type Drag } from './plotDrag';
import { depthAtIndex, insidePlotArea, labelUnderPointer, pixelToX, type XAxisGeometry } from './plotGeometry';
import type { PlotRefs } from './plotRefs';

type PointerRefs = Pick<PlotRefs, 'plotRef' | 'depthRef' | 'dragRef'>;

export function usePlotPointer(api: AppApi, { plotRef, depthRef, dragRef }: PointerRefs, toX: () => (depth: number) => number, scheduleDraw: () => void): void {
  const geometry = useCallback((): XAxisGeometry | null => {
    const xa = (plotRef.current as PlotlyHTMLElement | null)?._fullLayout?.xaxis;
    if (!xa || !xa.range) return null;
    return { offset: xa._offset, length: xa._length, range: [Number(xa.range[0]), Number(xa.range[1])] };
  }, [plotRef]);

  const depthAtPx = useCallback(
    (ax: XAxisGeometry, px: number): number => {
      const x = pixelToX(ax, px);
      if (annotateStore.getState().view.xMode === 'depth') return x;
      return depthRef.current ? depthAtIndex(depthRef.current, x) : x;
    },
    [depthRef],
  );

  useEffect(() => {
    const box = plotRef.current;
    if (!box) return;
    let rulerPress = false;

    const localPx = (clientX: number): number => clientX - box.getBoundingClientRect().left;
    const insideVertically = (clientY: number): boolean => {
      const sz = (box as PlotlyHTMLElement)._fullLayout?._size;
      if (!sz) return false;
      const y = clientY - box.getBoundingClientRect().top;
      return y >= sz.t && y <= sz.t + sz.h;
    };
    const labelAt = (ax: XAxisGeometry, px: number) => {
      const s = annotateStore.getState();
      return labelUnderPointer(depthLabels(s.labels, s.schema?.classes ?? []), toX(), ax, px);
    };

    const onMove = (e: MouseEvent): void => {
      const ax = geometry();
      if (!ax) return;
      const px = localPx(e.clientX);
      if (!insidePlotArea(ax, px) || !insideVertically(e.clientY)) {
        pointerLeftPlot(annotateStore);
        box.style.cursor = '';
        return;
      }
      // At once, not at the next frame: a hotkey pressed right after the move places where the pointer is.
      crosshairFromPointer(annotateStore, pixelToX(ax, px), depthAtPx(ax, px));
      box.style.cursor = annotateStore.getState().armedClassId || annotateStore.getState().ruler ? 'crosshair' : labelAt(ax, px) ? 'ew-resize' : '';
    };

    const onDown = (e: MouseEvent): void => {
      if (e.button !== 0) return;
      const ax = geometry();
      if (!ax) return;
      const px = localPx(e.clientX);
      if (!insidePlotArea(ax, px) || !insideVertically(e.clientY)) return;
      const s = annotateStore.getState();
      const depth = depthAtPx(ax, px);
      let drag: Drag;
      if (!s.armedClassId && s.ruler) {
        // The ruler takes the click (on release); plotly's zoom box stays out of it.
        rulerPress = true;
        e.stopPropagation();
        e.preventDefault();
        document.addEventListener('mouseup', onRulerUp, true);
        return;
      }
      if (s.armedClassId) {
        drag = { kind: 'draw', classId: s.armedClassId, startPx: px, from: depth, to: depth };
      } else {
        const handle = labelAt(ax, px);
        if (!handle) return;
        const label = s.labels.find((l) => l.id === handle.labelId)!;
        select(annotateStore, handle.labelId);
        drag = { kind: 'move', handle, startPx: px, depth: handle.edge === 'end' ? label.depthEnd! : label.depth!, moved: false };
      }
      dragRef.current = drag;
      // Keep plotly's zoom box out of it.
      e.stopPropagation();
      e.preventDefault();
      document.addEventListener('mousemove', onDragMove, true);
      document.addEventListener('mouseup', onDragEnd, true);
    };

    const onDragMove = (e: MouseEvent): void => {
      const drag = dragRef.current;
      const ax = geometry();
      if (!drag || !ax) return;
      const px = Math.min(ax.offset + ax.length, Math.max(ax.offset, localPx(e.clientX)));
      const depth = depthAtPx(ax, px);
      if (drag.kind === 'move') {
        drag.depth = depth;
        drag.moved ||= Math.abs(px - drag.startPx) >= DRAG_THRESHOLD_PX;
      } else drag.to = depth;
      crosshairFromPointer(annotateStore, pixelToX(ax, px), depth);
      scheduleDraw();
      e.stopPropagation();
    };

    const onDragEnd = (e: MouseEvent): void => {
      document.removeEventListener('mousemove', onDragMove, true);
      document.removeEventListener('mouseup', onDragEnd, true);
      const drag = dragRef.current;
      dragRef.current = null;
      e.stopPropagation();
      if (!drag) return;
      if (drag.kind === 'move') {
        const label = annotateStore.getState().labels.find((l) => l.id === drag.handle.labelId);
        if (label && drag.moved) {
          const to = movedDepths(label, drag.handle, drag.depth);
          if (drag.handle.edge === 'point') void moveLabel(annotateStore, api, label.id, to.depth);
          else void moveLabel(annotateStore, api, label.id, to.depth, to.depthEnd);
        }
      } else if (geometry() && Math.abs(localPx(e.clientX) - drag.startPx) >= DRAG_THRESHOLD_PX) {
        void createRange(annotateStore, api, drag.classId, drag.from, drag.to);
      }
      scheduleDraw();
    };

    const onRulerUp = (e: MouseEvent): void => {
      document.removeEventListener('mouseup', onRulerUp, true);
      const ax = geometry();
      if (!rulerPress || !ax) return;
      rulerPress = false;
      e.stopPropagation();
      const px = Math.min(ax.offset + ax.length, Math.max(ax.offset, localPx(e.clientX)));
      rulerClick(annotateStore, { depth: depthAtPx(ax, px), x: pixelToX(ax, px) });
    };

    const onLeave = (): void => {
      box.style.cursor = '';
      pointerLeftPlot(annotateStore);
    };

    box.addEventListener('mousemove', onMove);
    box.addEventListener('mousedown', onDown, true);
    box.addEventListener('mouseleave', onLeave);
    return () => {
      box.removeEventListener('mousemove', onMove);
      box.removeEventListener('mousedown', onDown, true);
      box.removeEventListener('mouseleave', onLeave);
      document.removeEventListener('mousemove', onDragMove, true);
      document.removeEventListener('mouseup', onDragEnd, true);
      document.removeEventListener('mouseup', onRulerUp, true);
    };
  }, [api, plotRef, dragRef, geometry, depthAtPx, toX, scheduleDraw]);
}
