/**
 * The signal view: torque and thrust current (and any extra columns) against depth or sample index, in
 * stacked panels sharing the x axis. Signals go to the downsampling Web Worker once (useSignalSet); every
 * zoom or pan asks it for min/max per pixel of the visible window only (useSignalWindow), so plotly never
 * holds more than a few thousand points per trace and the UI thread stays free (usePlotDraw).
 *
 * Mouse (usePlotPointer): drag a label line (or a range edge) to move it — one edit on release; with a range
 * class armed, drag to draw a range; with the ruler on, click its points; anywhere else plotly's own x-zoom
 * box, wheel zoom and double-click reset. On a panel's y axis (usePanelYZoom) the wheel zooms its y, a drag
 * pans it. The crosshair and the ruler are drawn over the figure (Crosshair.tsx), never redrawing it.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useApi } from '../../api/ApiContext';
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { CrosshairOverlay, RulerOverlay } from './Crosshair';
import type { Panel } from './figure';
import { panelsOf } from './panels';
import type { Drag } from './plotDrag';
import { useLatest } from './plotRefs';
import { releasePlotElement, takePlotElement } from './plotRetain';
import { usePlotDraw } from './usePlotDraw';
import { usePlotPointer } from './usePlotPointer';
import { usePanelYZoom } from './usePanelYZoom';
import { usePlotSize } from './usePlotSize';
import { useSignalSet } from './useSignalSet';
import { useSignalWindow } from './useSignalWindow';
import type { WindowResult } from '../../workers/downsampleImpl';
import type { DataWindow } from './viewMath';
import { fitNewPanels } from './yFitActions';

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
  const slotRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement | null>(null);
  // The plotly element is not React's: it is kept from one mount to the next (plotRetain.ts). Placed in a
  // layout effect, before any effect that reads plotRef.
  useLayoutEffect(() => {
    const el = takePlotElement();
    slotRef.current?.appendChild(el);
    plotRef.current = el;
    return () => {
      plotRef.current = null;
      releasePlotElement(el);
    };
  }, []);
  useLayoutEffect(() => {
    if (plotRef.current) plotRef.current.dataset.fileId = String(fileId);
  }, [fileId]);
  const resRef = useRef<WindowResult | null>(null);
  const winRef = useRef<{ key: string; win: DataWindow } | null>(null);
  const dragRef = useRef<Drag | null>(null);
  const size = usePlotSize(boxRef);
  const yRanges = useAnnotate((s) => s.yRanges);
  const panels: Panel[] = useMemo(() => panelsOf(view, detail?.columns ?? []), [view, detail]);
  const segmentEnds = useMemo(() => (detail?.segments ?? []).map((s) => s.endIndex), [detail]);
  const panelsRef = useLatest(panels);
  const sizeRef = useLatest(size);

  const depthRef = useSignalSet(api, fileId);
  // The depth column for the keys (crosshair steps, presets in index mode, ruler and readout samples).
  const loaded = signalsReady === fileId;
  useEffect(() => {
    annotateStore.setState({ signalDepth: loaded ? depthRef.current : null });
  }, [loaded, depthRef]);
  // Every panel shown starts fitted to the forward motion, without the end-of-cycle spike (yFit.ts).
  const panelsKey = panels.map((p) => p.key).join(',');
  useEffect(() => {
    if (loaded && detail?.file.id === fileId) void fitNewPanels(annotateStore);
  }, [loaded, panelsKey, detail, fileId]);
  const { draw, scheduleDraw, toX, moveTo, viewMoved } = usePlotDraw({ plotRef, depthRef, resRef, dragRef, panelsRef, sizeRef });
  useSignalWindow({ boxRef, plotRef, resRef, winRef }, { fileId, signalsReady, viewRange, xMode: view.xMode, panels, segmentEnds, width: size.w, measured: size.measured }, draw, moveTo);
  // Redraw on label, selection, y range and layout changes (the data itself is redrawn by useSignalWindow).
  useEffect(() => {
    scheduleDraw();
  }, [labels, classes, selectedId, pendingRange, detail, size.h, size.w, yRanges, scheduleDraw]);
  // A view change moves the axis range at once (plotly or useSignalWindow); caption rows and step names,
  // which depend on the pixel scale, are laid out again once the zoom or pan burst ends.
  useEffect(() => {
    viewMoved();
  }, [viewRange, viewMoved]);
  usePlotPointer(api, { plotRef, depthRef, dragRef }, toX, scheduleDraw);
  usePanelYZoom(plotRef);

  return (
    <div className={`signal-plot-box${armed ? ' armed' : ''}`} ref={boxRef}>
      {signalsError && (
        <p className="error" role="alert">
          Signals could not be loaded: {signalsError}
        </p>
      )}
      {signalsReady !== fileId && !signalsError && <p className="plot-loading muted">Loading signals…</p>}
      {/* No box of its own: the plot element inside is placed against .signal-plot-box, as it always was. */}
      <div ref={slotRef} style={{ display: 'contents' }} />
      <RulerOverlay />
      <CrosshairOverlay />
    </div>
  );
}
