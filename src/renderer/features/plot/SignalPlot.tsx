/**
 * The signal view: torque and thrust current (and any extra columns) against depth or sample index, in
 * stacked panels sharing the x axis. Signals go to the downsampling Web Worker once; every zoom or pan asks
 * it for min/max per pixel of the visible window only, so plotly never holds more than a few thousand
 * points per trace and the UI thread stays free.
 *
 * Mouse: drag a label line (or a range edge) to move it — one edit on release; with a range class armed,
 * drag to draw a range; anywhere else plotly's own x-zoom box, wheel zoom and double-click reset apply.
 */
import { decodeColumn } from '../../../shared/signals/decodeColumn';
import Plotly, { type PlotlyHTMLElement } from 'plotly.js/lib/core';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Label } from '../../../shared/api/labels.contract';
import { useApi } from '../../api/ApiContext';
import { createRange, moveLabel, select } from '../../state/annotateActions';
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { depthLabels } from '../../state/labelOps';
import type { WindowResult } from '../../workers/downsampleImpl';
import { downsampleClient } from './downsampleClient';
import { buildFigure, extraColumnsOf, type Panel } from './figure';
import { windowCovers, windowFor, type DataWindow } from './viewMath';
import { depthAtIndex, indexOfDepthMapper, insidePlotArea, labelUnderPointer, pixelToX, type DragHandle, type XAxisGeometry } from './plotGeometry';

const PLOT_CONFIG = {
  displaylogo: false,
  scrollZoom: true,
  responsive: false,
  doubleClick: 'reset',
  modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines', 'hoverClosestCartesian', 'hoverCompareCartesian', 'zoomIn2d', 'zoomOut2d'],
};

type Drag =
  | { kind: 'move'; handle: DragHandle; startPx: number; depth: number; moved: boolean }
  | { kind: 'draw'; classId: string; startPx: number; from: number; to: number };

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

function negate(values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = -values[i]!;
  return out;
}

/**
 * `fileId` is the file the user opened (navigation), passed in rather than read from the annotation store so
 * the signals are fetched at once, in parallel with the store loading the file's labels, and never for the
 * file the store still held before.
 */
export function SignalPlot({ fileId }: { fileId: number }): React.JSX.Element {
  const api = useApi();
  const detail = useAnnotate((s) => s.detail);
  const labels = useAnnotate((s) => s.labels);
  const classes = useAnnotate((s) => s.schema?.classes);
  const selectedId = useAnnotate((s) => s.selectedId);
  const pendingRange = useAnnotate((s) => s.pendingRange);
  const armed = useAnnotate((s) => s.armedClassId);
  const view = useAnnotate((s) => s.view);
  const viewRange = useAnnotate((s) => s.viewRange);
  const signalsReady = useAnnotate((s) => s.signalsReady);
  const signalsError = useAnnotate((s) => s.signalsError);

  const boxRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const depthRef = useRef<Float64Array | null>(null);
  const resRef = useRef<WindowResult | null>(null);
  const plottedRef = useRef(false);
  const markedRef = useRef<number | null>(null);
  const dragRef = useRef<Drag | null>(null);
  const [size, setSize] = useState({ w: 900, h: 520 });

  const panels: Panel[] = useMemo(() => {
    const torque = view.total ? { key: 'i_torque_total', title: 'Torque current, total (A)' } : { key: 'i_torque', title: 'Torque current (A)' };
    const thrust = view.total ? { key: 'i_thrust_total', title: 'Thrust current, total (A)' } : { key: 'i_thrust', title: 'Thrust current (A)' };
    const extras = extraColumnsOf(detail?.columns ?? []).filter((c) => view.extras.includes(c.key));
    return [torque, thrust, ...extras];
  }, [view.total, view.extras, detail]);
  const panelsKey = panels.map((p) => p.key).join(',');
  const segmentEnds = useMemo(() => (detail?.segments ?? []).map((s) => s.endIndex), [detail]);
  const panelsRef = useRef(panels);
  const sizeRef = useRef(size);
  // Before any other effect of the same commit, so draws triggered there see the current panels and size.
  useLayoutEffect(() => {
    panelsRef.current = panels;
    sizeRef.current = size;
  });

  // ---- drawing -------------------------------------------------------------------------------------------
  const toXFor = useCallback((): ((d: number) => number) => {
    const depth = depthRef.current;
    if (annotateStore.getState().view.xMode === 'depth' || !depth) return (d) => d;
    return indexOfDepthMapper(depth);
  }, []);

  const draw = useCallback(async (): Promise<void> => {
    const el = plotRef.current;
    const res = resRef.current;
    const s = annotateStore.getState();
    if (!el || !res || s.fileId === null || res.setId !== String(s.fileId)) return;
    const drag = dragRef.current;
    let shown: Label[] = s.labels;
    if (drag?.kind === 'move') {
      shown = s.labels.map((l) => {
        if (l.id !== drag.handle.labelId) return l;
        if (drag.handle.edge === 'point') return { ...l, depth: drag.depth };
        const a = drag.handle.edge === 'start' ? drag.depth : l.depth!;
        const b = drag.handle.edge === 'end' ? drag.depth : l.depthEnd!;
        return { ...l, depth: Math.min(a, b), depthEnd: Math.max(a, b) };
      });
    }
    const draft =
      drag?.kind === 'draw'
        ? { classId: drag.classId, from: drag.from, to: drag.to }
        : s.pendingRange
          ? { classId: s.pendingRange.classId, from: s.pendingRange.start, to: s.pendingRange.start }
          : null;
    const figure = buildFigure({
      panels: panelsRef.current,
      traces: res.traces,
      xMode: s.view.xMode,
      xRange: s.viewRange,
      segments: s.detail?.segments ?? [],
      program: s.detail?.program ?? [],
      stopValues: res.points[panelsRef.current[0]?.key ?? ''] ?? null,
      labels: shown,
      classes: s.schema?.classes ?? [],
      selectedId: s.selectedId,
      toX: toXFor(),
      draft,
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
  }, [toXFor]);

  const drawSoon = useRef<number | null>(null);
  const scheduleDraw = useCallback(() => {
    if (drawSoon.current !== null) return;
    drawSoon.current = requestAnimationFrame(() => {
      drawSoon.current = null;
      void draw();
    });
  }, [draw]);

  // ---- size ----------------------------------------------------------------------------------------------
  useEffect(() => {
    const box = boxRef.current;
    if (!box || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      const w = Math.max(300, Math.round(box.clientWidth));
      const h = Math.max(260, Math.round(box.clientHeight));
      setSize((old) => (Math.abs(old.w - w) < 8 && old.h === h ? old : { w, h }));
    });
    ro.observe(box);
    return () => ro.disconnect();
  }, []);

  // ---- load the signals into the worker -----------------------------------------------------------------
  useEffect(() => {
    let cancelled = false;
    const client = downsampleClient();
    const setId = String(fileId);
    resRef.current = null;
    winRef.current = null;
    depthRef.current = null;
    // Whatever the worker held for this file went with the previous view (or is about to be replaced).
    annotateStore.setState({ signalsReady: null, signalsError: null, dataExtent: null });
    void (async () => {
      try {
        // Compact columns (scaled integers) cross the wire at about a quarter of Float64's bytes.
        const packed = await api.invoke('catalog.getSignalsPacked', { id: fileId });
        if (cancelled) return;
        const signals = { columns: packed.columns.map((c) => ({ key: c.key, values: decodeColumn(c.dtype, c.scaleExp, c.length, c.data) })) };
        performance.mark('udw:signals-received', { detail: { fileId } });
        const position = signals.columns.find((c) => c.key === 'position');
        if (!position) throw new Error('this file has no Position column');
        const depth = negate(position.values);
        depthRef.current = depth;
        const columns: Record<string, Float64Array> = {};
        for (const c of signals.columns) if (c.key !== 'position') columns[c.key] = c.values;
        await client.load(setId, depth.slice(), columns);
        if (cancelled) return;
        performance.mark('udw:signals-loaded', { detail: { fileId } });
        annotateStore.setState({ signalsReady: fileId, signalsError: null });
      } catch (err) {
        if (!cancelled) annotateStore.setState({ signalsError: err instanceof Error ? err.message : String(err) });
      }
    })();
    return () => {
      cancelled = true;
      void client.dispose(setId);
    };
  }, [api, fileId]);

  // ---- ask the worker for the visible window (latest request wins) ---------------------------------------
  // Each trace gets min/max per two pixel columns of the visible range, and the window reaches half a view
  // beyond each side, so most steps of a zoom or pan need no new data (plotly already redrew at the range).
  const pump = useRef<{ busy: boolean; next: (() => Promise<void>) | null }>({ busy: false, next: null });
  const winRef = useRef<{ key: string; win: DataWindow } | null>(null);
  useEffect(() => {
    if (signalsReady !== fileId) return;
    const client = downsampleClient();
    const buckets = Math.max(100, Math.round((size.w - 80) / 2));
    const key = `${fileId}|${view.xMode}|${panelsKey}|${segmentEnds.join(',')}`;
    const job = async (): Promise<void> => {
      const s = annotateStore.getState();
      const current = winRef.current;
      const extent = s.dataExtent;
      if (current && current.key === key && extent && resRef.current && windowCovers(current.win, extent, s.viewRange, buckets)) {
        // The data drawn covers the new view: only the range may need to follow (overview strip, keys).
        const xa = (plotRef.current as PlotlyHTMLElement | null)?._fullLayout?.xaxis;
        const want = s.viewRange;
        const shown = xa?.range;
        if (!want || !shown || Math.abs(shown[0] - want[0]) > 1e-9 || Math.abs(shown[1] - want[1]) > 1e-9) await draw();
        return;
      }
      const win = windowFor(s.viewRange, buckets);
      const res = await client.window({ setId: String(fileId), xMode: view.xMode, ...win, keys: panels.map((p) => p.key), pointIndices: segmentEnds });
      if (annotateStore.getState().fileId !== fileId) return;
      resRef.current = res;
      winRef.current = { key, win };
      const known = annotateStore.getState().dataExtent;
      if (!known || known[0] !== res.xExtent[0] || known[1] !== res.xExtent[1]) annotateStore.setState({ dataExtent: res.xExtent });
      await draw();
    };
    const p = pump.current;
    p.next = job;
    if (p.busy) return;
    p.busy = true;
    void (async () => {
      while (p.next) {
        const run = p.next;
        p.next = null;
        try {
          await run();
        } catch {
          // A window of a file that has just been closed: nothing to draw.
        }
      }
      p.busy = false;
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fileId, signalsReady, viewRange, view.xMode, panelsKey, size.w, segmentEnds, draw]);

  // ---- redraw on label / selection / layout changes ------------------------------------------------------
  useEffect(() => {
    scheduleDraw();
  }, [labels, classes, selectedId, pendingRange, detail, size.h, scheduleDraw]);

  // ---- plotly teardown -----------------------------------------------------------------------------------
  useEffect(() => {
    const el = plotRef.current;
    return () => {
      if (drawSoon.current !== null) cancelAnimationFrame(drawSoon.current);
      if (el) Plotly.purge(el);
      plottedRef.current = false;
    };
  }, []);

  // ---- pointer: cursor depth, label drags, range drawing --------------------------------------------------
  const geometry = useCallback((): XAxisGeometry | null => {
    const gd = plotRef.current as PlotlyHTMLElement | null;
    const xa = gd?._fullLayout?.xaxis;
    if (!xa || !xa.range) return null;
    return { offset: xa._offset, length: xa._length, range: [Number(xa.range[0]), Number(xa.range[1])] };
  }, []);

  const depthAtPx = useCallback(
    (ax: XAxisGeometry, px: number): number => {
      const x = pixelToX(ax, px);
      if (annotateStore.getState().view.xMode === 'depth') return x;
      return depthRef.current ? depthAtIndex(depthRef.current, x) : x;
    },
    [],
  );

  const insideVertically = (clientY: number): boolean => {
    const gd = plotRef.current as PlotlyHTMLElement | null;
    const sz = gd?._fullLayout?._size;
    if (!gd || !sz) return false;
    const y = clientY - gd.getBoundingClientRect().top;
    return y >= sz.t && y <= sz.t + sz.h;
  };

  useEffect(() => {
    const box = plotRef.current;
    if (!box) return;
    let cursorFrame: number | null = null;
    let lastDepth: number | null = null;

    const localPx = (clientX: number): number => clientX - box.getBoundingClientRect().left;

    const onMove = (e: MouseEvent): void => {
      const ax = geometry();
      if (!ax) return;
      const px = localPx(e.clientX);
      if (!insidePlotArea(ax, px) || !insideVertically(e.clientY)) return;
      lastDepth = depthAtPx(ax, px);
      if (cursorFrame === null) {
        cursorFrame = requestAnimationFrame(() => {
          cursorFrame = null;
          annotateStore.setState({ cursorDepth: lastDepth });
        });
      }
      const s = annotateStore.getState();
      const near = labelUnderPointer(depthLabels(s.labels, s.schema?.classes ?? []), toXFor(), ax, px);
      box.style.cursor = s.armedClassId ? 'crosshair' : near ? 'ew-resize' : '';
    };

    const onDown = (e: MouseEvent): void => {
      if (e.button !== 0) return;
      const ax = geometry();
      if (!ax) return;
      const px = localPx(e.clientX);
      if (!insidePlotArea(ax, px) || !insideVertically(e.clientY)) return;
      const s = annotateStore.getState();
      const depth = depthAtPx(ax, px);
      if (s.armedClassId) {
        dragRef.current = { kind: 'draw', classId: s.armedClassId, startPx: px, from: depth, to: depth };
      } else {
        const handle = labelUnderPointer(depthLabels(s.labels, s.schema?.classes ?? []), toXFor(), ax, px);
        if (!handle) return;
        const label = s.labels.find((l) => l.id === handle.labelId)!;
        select(annotateStore, handle.labelId);
        const start = handle.edge === 'end' ? label.depthEnd! : label.depth!;
        dragRef.current = { kind: 'move', handle, startPx: px, depth: start, moved: false };
      }
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
        drag.moved ||= Math.abs(px - drag.startPx) >= 3;
      } else drag.to = depth;
      annotateStore.setState({ cursorDepth: depth });
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
      const s = annotateStore.getState();
      if (drag.kind === 'move') {
        const label = s.labels.find((l) => l.id === drag.handle.labelId);
        if (label && drag.moved) {
          if (drag.handle.edge === 'point') void moveLabel(annotateStore, api, label.id, drag.depth);
          else {
            const a = drag.handle.edge === 'start' ? drag.depth : label.depth!;
            const b = drag.handle.edge === 'end' ? drag.depth : label.depthEnd!;
            void moveLabel(annotateStore, api, label.id, Math.min(a, b), Math.max(a, b));
          }
        }
      } else {
        const ax = geometry();
        const endPx = localPx(e.clientX);
        if (ax && Math.abs(endPx - drag.startPx) >= 3) void createRange(annotateStore, api, drag.classId, drag.from, drag.to);
      }
      scheduleDraw();
    };

    const onLeave = (): void => {
      box.style.cursor = '';
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
      if (cursorFrame !== null) cancelAnimationFrame(cursorFrame);
    };
  }, [api, geometry, depthAtPx, toXFor, scheduleDraw]);

  return (
    <div className={`signal-plot-box${armed ? ' armed' : ''}`} ref={boxRef}>
      {signalsError && (
        <p className="error" role="alert">
          Signals could not be loaded: {signalsError}
        </p>
      )}
      {signalsReady !== fileId && !signalsError && <p className="plot-loading muted">Loading signals…</p>}
      <div ref={plotRef} className="signal-plot" data-testid="signal-plot" data-file-id={fileId} />
    </div>
  );
}
