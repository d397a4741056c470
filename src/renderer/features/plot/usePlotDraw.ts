/**
 * Drawing the signal plot: builds the figure from the store and the last window the worker sent, and hands
 * it to plotly (newPlot into a new element, react after: the element outlives the view, plotRetain.ts).
 * Plotly's own zoom, pan and reset are followed back into the store's view range (and its zoom history, for
 * the "back" key). Redraws are coalesced to one per animation frame. After each draw the plot's pixel
 * geometry goes into the store for the overlays (crosshair, ruler).
 *
 * A zoom or pan moves only the axis range (plotly's own gesture, or moveTo for the keys and the overview
 * strip): a full redraw per frame costs 20–35 ms of SVG work and halved the frame rate. Captions and step names
 * depend on the pixel scale, so they are laid out again once the view rests for SETTLE_MS (viewMoved).
 */
import Plotly, { type PlotlyHTMLElement } from 'plotly.js/lib/core';
import { useCallback, useEffect, useRef } from 'react';
import { annotateStore } from '../../state/annotateStore';
import { afterOverlayDraw, onOverlayChange, overlayDrawInput } from '../compare/overlayBridge';
import { buildFigure } from './figure';
import { draftOf, labelsWhileDragging } from './plotDrag';
import { indexOfDepthMapper } from './plotGeometry';
import { canvasTextMeasure, plotGeomOf, sameGeom } from './plotGeomOf';
import type { PlotRefs } from './plotRefs';
import { isPlotted, markPlotted, showPlotElement } from './plotRetain';
import { pushHistory } from './zoomPresets';

export const PLOT_CONFIG = {
  displaylogo: false,
  // The mode bar shows on hover inside the plot only; plotly's tips ("Double-click to zoom back out") are
  // a toast fixed to the window's corner, over the app's own controls: off.
  displayModeBar: 'hover',
  showTips: false,
  scrollZoom: true,
  responsive: false,
  doubleClick: 'reset',
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines', 'hoverClosestCartesian', 'hoverCompareCartesian', 'zoomIn2d', 'zoomOut2d'],
};

/** A wheel gesture is one step of the zoom history, however many notches it took. */
interface Gesture {
  wheel: boolean;
  recorded: boolean;
}

/** Plotly's own zoom, pan, wheel and double-click reset end in a relayout: follow its x range. */
function onRelayout(ev: Record<string, unknown>, gesture: Gesture): void {
  let next: [number, number] | null | undefined;
  if (ev['xaxis.autorange'] === true) next = null;
  else {
    const r = ev['xaxis.range'];
    const r0 = Array.isArray(r) ? r[0] : ev['xaxis.range[0]'];
    const r1 = Array.isArray(r) ? r[1] : ev['xaxis.range[1]'];
    if (typeof r0 === 'number' && typeof r1 === 'number') next = [r0, r1];
  }
  if (next === undefined) return;
  const s = annotateStore.getState();
  // The app's own range moves (moveTo) come back here too: the store already holds them.
  if (sameRange(next, s.viewRange)) return;
  const record = !(gesture.wheel && gesture.recorded);
  if (gesture.wheel) gesture.recorded = true;
  annotateStore.setState({ viewRange: next, ...(record ? { zoomHistory: pushHistory(s.zoomHistory, s.viewRange) } : {}) });
}

const sameRange = (a: [number, number] | null, b: [number, number] | null): boolean => (a === null || b === null ? a === b : a[0] === b[0] && a[1] === b[1]);

/** Elements whose plotly events the app follows (once each: an element outlives its view). */
const wired = new WeakSet<HTMLElement>();

/** Follow plotly's own zoom, pan, wheel and reset into the store; the benchmark's relayout hook. */
function wire(gd: PlotlyHTMLElement): void {
  wired.add(gd);
  const gesture: Gesture = { wheel: false, recorded: false };
  gd.addEventListener('wheel', () => (gesture.wheel = true), { capture: true, passive: true });
  for (const type of ['mousedown', 'mousemove', 'keydown'] as const) gd.addEventListener(type, () => Object.assign(gesture, { wheel: false, recorded: false }), { capture: true, passive: true });
  gd.on('plotly_relayout', (ev) => onRelayout(ev as Record<string, unknown>, gesture));
  (gd as unknown as { udwRelayout?: unknown }).udwRelayout = (update: Record<string, unknown>) => Plotly.relayout(gd, update);
}

/**
 * How long the view must rest before captions and step names are laid out again (a full redraw): during a
 * zoom or pan burst only the axis range moves (plotly's own gesture, or moveTo), one frame each.
 */
export const SETTLE_MS = 120;

export interface PlotDraw {
  /** Draw now (awaits plotly). */
  draw: () => Promise<void>;
  /** Draw at the next animation frame; several calls before it make one draw. */
  scheduleDraw: () => void;
  /** Label depth → x in the current x mode (identity in depth mode). */
  toX: () => (depth: number) => number;
  /** Show the store's view range with the data drawn: the axis range only, then a full draw once it settles. */
  moveTo: () => Promise<void>;
  /** The view range changed (by plotly or moveTo): follow the geometry now, redraw once the burst ends. */
  viewMoved: () => void;
}

type DrawRefs = Pick<PlotRefs, 'plotRef' | 'depthRef' | 'resRef' | 'dragRef' | 'panelsRef' | 'sizeRef'>;

export function usePlotDraw({ plotRef, depthRef, resRef, dragRef, panelsRef, sizeRef }: DrawRefs): PlotDraw {
  /** Drawn at least once by this view (the element may have been plotted by a view before). */
  const plottedRef = useRef(false);
  const markedRef = useRef<number | null>(null);
  const frameRef = useRef<number | null>(null);
  const measureRef = useRef<ReturnType<typeof canvasTextMeasure> | null>(null);
  const settleRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** The view range the captions and step names were last laid out for (the last full draw). */
  const laidOutRef = useRef<{ fileId: number; range: [number, number] | null } | null>(null);

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
    measureRef.current ??= canvasTextMeasure();
    laidOutRef.current = { fileId: s.fileId, range: s.viewRange };
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
      width: sizeRef.current.w,
      shownRange: s.viewRange ? null : s.dataExtent,
      yRanges: s.yRanges,
      measureText: measureRef.current,
      overlays: overlayDrawInput(s.fileId),
    });
    plottedRef.current = true;
    if (!isPlotted(el)) {
      markPlotted(el);
      await Plotly.newPlot(el, figure.data, figure.layout, PLOT_CONFIG);
    } else {
      await Plotly.react(el, figure.data, figure.layout, PLOT_CONFIG);
    }
    if (!wired.has(el)) wire(el as PlotlyHTMLElement);
    showPlotElement(el);
    followGeom(el, panels);
    // Draw counter: the plot benchmark reads it to count redraws per second.
    el.dataset.draws = String(Number(el.dataset.draws ?? 0) + 1);
    afterOverlayDraw(el, s.fileId, figure.data);
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

  const viewMoved = useCallback(() => {
    const el = plotRef.current;
    if (el && plottedRef.current) followGeom(el, panelsRef.current);
    if (settleRef.current !== null) clearTimeout(settleRef.current);
    settleRef.current = setTimeout(() => {
      settleRef.current = null;
      // A draw since (new data, a label) laid them out for this range already.
      const s = annotateStore.getState();
      const done = laidOutRef.current;
      if (!done || done.fileId !== s.fileId || !sameRange(done.range, s.viewRange)) scheduleDraw();
    }, SETTLE_MS);
  }, [plotRef, panelsRef, scheduleDraw]);

  const moveTo = useCallback(async (): Promise<void> => {
    const el = plotRef.current;
    if (!el || !plottedRef.current) return draw();
    const want = annotateStore.getState().viewRange;
    await Plotly.relayout(el, want ? { 'xaxis.range': [...want], 'xaxis.autorange': false } : { 'xaxis.autorange': true });
    viewMoved();
  }, [plotRef, draw, viewMoved]);

  // New reference-hole overlays (compare/overlayPump.ts) are drawn like any other change.
  useEffect(() => onOverlayChange(scheduleDraw), [scheduleDraw]);

  // Teardown: the element itself is kept for the next view (SignalPlot, plotRetain.ts), not purged.
  useEffect(
    () => () => {
      if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
      if (settleRef.current !== null) clearTimeout(settleRef.current);
      plottedRef.current = false;
    },
    [],
  );

  return { draw, scheduleDraw, toX, moveTo, viewMoved };
}

/** The drawn plot's pixel geometry into the store for the overlays (crosshair, ruler), when it changed. */
function followGeom(el: HTMLElement, panels: readonly { key: string }[]): void {
  const geom = plotGeomOf(el as PlotlyHTMLElement, panels.map((p) => p.key));
  if (!sameGeom(geom, annotateStore.getState().plotGeom)) annotateStore.setState({ plotGeom: geom });
}
