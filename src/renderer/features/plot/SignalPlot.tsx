/**
 * The signal view: torque and thrust current (and any extra columns) against depth or sample index, in
 * stacked panels sharing the x axis. Signals go to the downsampling Web Worker once (useSignalSet); every
 * zoom or pan asks it for min/max per pixel of the visible window only (useSignalWindow), so plotly never
 * holds more than a few thousand points per trace and the UI thread stays free (usePlotDraw).
 *
 * Mouse (usePlotPointer): drag a label line (or a range edge) to move it — one edit on release; with a range
 * class armed, drag to draw a range; anywhere else plotly's own x-zoom box, wheel zoom and double-click reset.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useApi } from '../../api/ApiContext';
import { useAnnotate } from '../../state/annotateStore';
import { extraColumnsOf, type Panel } from './figure';
import type { Drag } from './plotDrag';
import { useLatest } from './plotRefs';
import { usePlotDraw } from './usePlotDraw';
import { usePlotPointer } from './usePlotPointer';
import { usePlotSize } from './usePlotSize';
import { useSignalSet } from './useSignalSet';
import { useSignalWindow } from './useSignalWindow';
import type { WindowResult } from '../../workers/downsampleImpl';
import type { DataWindow } from './viewMath';

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
  const resRef = useRef<WindowResult | null>(null);
  const winRef = useRef<{ key: string; win: DataWindow } | null>(null);
  const dragRef = useRef<Drag | null>(null);
  const size = usePlotSize(boxRef);
  const panels: Panel[] = useMemo(() => {
    const torque = view.total ? { key: 'i_torque_total', title: 'Torque current, total (A)' } : { key: 'i_torque', title: 'Torque current (A)' };
    const thrust = view.total ? { key: 'i_thrust_total', title: 'Thrust current, total (A)' } : { key: 'i_thrust', title: 'Thrust current (A)' };
    const extras = extraColumnsOf(detail?.columns ?? []).filter((c) => view.extras.includes(c.key));
    return [torque, thrust, ...extras];
  }, [view.total, view.extras, detail]);
  const segmentEnds = useMemo(() => (detail?.segments ?? []).map((s) => s.endIndex), [detail]);
  const panelsRef = useLatest(panels);
  const sizeRef = useLatest(size);

  const depthRef = useSignalSet(api, fileId);
  const { draw, scheduleDraw, toX } = usePlotDraw({ plotRef, depthRef, resRef, dragRef, panelsRef, sizeRef });
  useSignalWindow({ plotRef, resRef, winRef }, { fileId, signalsReady, viewRange, xMode: view.xMode, panels, segmentEnds, width: size.w }, draw);
  // Redraw on label, selection and layout changes.
  useEffect(() => {
    scheduleDraw();
  }, [labels, classes, selectedId, pendingRange, detail, size.h, scheduleDraw]);
  usePlotPointer(api, { plotRef, depthRef, dragRef }, toX, scheduleDraw);

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
