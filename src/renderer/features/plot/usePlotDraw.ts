/**
 * Drawing the signal plot: builds the figure from the store and the last window the worker sent, and hands
 * it to plotly (newPlot once, react after). Plotly's own zoom, pan and reset are followed back into the
 * store's view range. Redraws are coalesced to one per animation frame.
 */
import Plotly from 'plotly.js/lib/core';
import { useCallback, useEffect, useRef } from 'react';
import { annotateStore } from '../../state/annotateStore';
import { buildFigure } from './figure';
import { draftOf, labelsWhileDragging } from './plotDrag';
import { indexOfDepthMapper } from './plotGeometry';
import type { PlotRefs } from './plotRefs';

const PLOT_CONFIG = {
  displaylogo: false,
  scrollZoom: true,
  responsive: false,
  doubleClick: 'reset',
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines', 'hoverClosestCartesian', 'hoverCompareCartesian', 'zoomIn2d', 'zoomOut2d'],
};

/** Plotly's own zoom, pan, wheel and double-click reset end in a relayout: follow its x range. */
function onRelayout(ev: Record<string, unknown>): void {
  if (ev['xaxis.autorange'] === true) {
    annotateStore.setState({ viewRange: null });
    return;
  }
  const r = ev['xaxis.range'];
  const r0 = Array.isArray(r) ? r[0] : ev['xaxis.range[0]'];
  const r1 = Array.isArray(r) ? r[1] : ev['xaxis.range[1]'];
  if (typeof r0 === 'number' && typeof r1 === 'number') annotateStore.setState({ viewRange: [r0, r1] });
}

export interface PlotDraw {
  /** Draw now (awaits plotly). */
  draw: () => Promise<void>;
  /** Draw at the next animation frame; several calls before it make one draw. */
  scheduleDraw: () => void;
  /** Label depth → x in the current x mode (identity in depth mode). */
  toX: () => (depth: number) => number;
}

type DrawRefs = Pick<PlotRefs, 'plotRef' | 'depthRef' | 'resRef' | 'dragRef' | 'panelsRef' | 'sizeRef'>;

export function usePlotDraw({ plotRef, depthRef, resRef, dragRef, panelsRef, sizeRef }: DrawRefs): PlotDraw {
  const plottedRef = useRef(false);
  const markedRef = useRef<number | null>(null);
  const frameRef = useRef<number | null>(null);

  const toX = useCallback((): ((d: number) => number) => {
    const depth = depthRef.current;
    if (annotateStore.getState().view.xMode === 'depth' || !depth) return (d) => d;
    return indexOfDepthMapper(depth);
  }, [depthRef]);

  const draw = useCallback(async (): Promise<void> => {
    const el = plotRef.current;
    const res = resRef.current;
    const s = annotateStore.getState();
    if (!el || !res || s.fileId === null || res.setId !== String(s.fileId)) return;
    const drag = dragRef.current;
    const panels = panelsRef.current;
    const figure = buildFigure({
      panels,
      traces: res.traces,
      xMode: s.view.xMode,
      xRange: s.viewRange,
      segments: s.detail?.segments ?? [],
      program: s.detail?.program ?? [],
      stopValues: res.points[panels[0]?.key ?? ''] ?? null,
      labels: labelsWhileDragging(s.labels, drag),
      classes: s.schema?.classes ?? [],
      selectedId: s.selectedId,
      toX: toX(),
      draft: draftOf(drag, s.pendingRange),
      uirevision: `${s.fileId}:${s.view.xMode}`,
      height: sizeRef.current.h,
    });
    if (!plottedRef.current) {
      plottedRef.current = true;
      const gd = await Plotly.newPlot(el, figure.data, figure.layout, PLOT_CONFIG);
      gd.on('plotly_relayout', (ev) => onRelayout(ev as Record<string, unknown>));
      (gd as unknown as { udwRelayout?: unknown }).udwRelayout = (update: Record<string, unknown>) => Plotly.relayout(gd, update);
    } else {
      await Plotly.react(el, figure.data, figure.layout, PLOT_CONFIG);
    }
    // Draw counter: the plot benchmark reads it to count redraws per second.
    el.dataset.draws = String(Number(el.dataset.draws ?? 0) + 1);
    if (markedRef.current !== s.fileId && Object.values(res.traces).some((t) => t.x.length > 0)) {
      markedRef.current = s.fileId;
      performance.mark('udw:first-plot', { detail: { fileId: s.fileId } });
      el.dataset.plotted = String(s.fileId);
    }
  }, [plotRef, resRef, dragRef, panelsRef, sizeRef, toX]);

  const scheduleDraw = useCallback(() => {
    if (frameRef.current !== null) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = null;
      void draw();
    });
  }, [draw]);

  // Plotly teardown.
  useEffect(() => {
    const el = plotRef.current;
    return () => {
      if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
      if (el) Plotly.purge(el);
      plottedRef.current = false;
    };
  }, [plotRef]);

  return { draw, scheduleDraw, toX };
}
