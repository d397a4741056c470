/**
 * The overview strip under the plot: the whole torque signal (min/max per pixel, from the worker) with the
 * visible window outlined. Click to centre the view there, drag to choose a new window, double-click to
 * show everything. A plain canvas: cheap, and independent of plotly.
 */
import { useEffect, useRef, useState } from 'react';
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import type { TraceData } from '../../workers/downsampleImpl';
import { downsampleClient } from './downsampleClient';
import { usePlotTheme } from './plotTheme';

const HEIGHT = 46;
const PAD_L = 64;
const PAD_R = 16;

export function OverviewStrip(): React.JSX.Element {
  const fileId = useAnnotate((s) => s.fileId);
  const ready = useAnnotate((s) => s.signalsReady);
  const xMode = useAnnotate((s) => s.view.xMode);
  const total = useAnnotate((s) => s.view.total);
  const viewRange = useAnnotate((s) => s.viewRange);
  const extent = useAnnotate((s) => s.dataExtent);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  // Canvas colours follow the system theme (redrawn when it changes).
  const theme = usePlotTheme().overview;
  const [answer, setAnswer] = useState<{ key: string; trace: TraceData | null } | null>(null);
  const [width, setWidth] = useState(800);

  useEffect(() => {
    const c = canvasRef.current;
    if (!c || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(Math.max(200, Math.round(c.clientWidth))));
    ro.observe(c);
    return () => ro.disconnect();
  }, []);

  const requestKey = fileId !== null && ready === fileId ? `${fileId}|${xMode}|${total}|${width}` : null;
  const trace = answer && answer.key === requestKey ? answer.trace : null;
  useEffect(() => {
    if (requestKey === null || fileId === null) return;
    let cancelled = false;
    const column = total ? 'i_torque_total' : 'i_torque';
    void downsampleClient()
      .window({ setId: String(fileId), xMode, x0: null, x1: null, buckets: Math.max(100, Math.round((width - PAD_L - PAD_R) / 2)), keys: [column] })
      .then((res) => {
        if (!cancelled) setAnswer({ key: requestKey, trace: res.traces[column] ?? null });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [requestKey, fileId, xMode, total, width]);

  const full = extent;
  const toPx = (x: number): number => (full ? PAD_L + ((x - full[0]) / (full[1] - full[0] || 1)) * (width - PAD_L - PAD_R) : 0);
  const fromPx = (px: number): number => (full ? full[0] + ((px - PAD_L) / (width - PAD_L - PAD_R)) * (full[1] - full[0]) : 0);

  useEffect(() => {
    const c = canvasRef.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    c.width = Math.round(width * dpr);
    c.height = Math.round(HEIGHT * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    ctx.fillStyle = theme.bg;
    ctx.fillRect(PAD_L, 0, width - PAD_L - PAD_R, HEIGHT);
    if (!trace || !full || trace.y.length === 0) return;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of trace.y) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const span = hi - lo || 1;
    ctx.strokeStyle = theme.trace;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i < trace.x.length; i++) {
      const px = toPx(trace.x[i]!);
      const py = HEIGHT - 3 - ((trace.y[i]! - lo) / span) * (HEIGHT - 6);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
    if (viewRange) {
      const a = toPx(Math.min(...viewRange));
      const b = toPx(Math.max(...viewRange));
      ctx.fillStyle = theme.outside;
      ctx.fillRect(PAD_L, 0, Math.max(0, a - PAD_L), HEIGHT);
      ctx.fillRect(b, 0, Math.max(0, width - PAD_R - b), HEIGHT);
      ctx.strokeStyle = theme.window;
      ctx.strokeRect(a, 0.5, Math.max(1, b - a), HEIGHT - 1);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [trace, full, viewRange, width, theme]);

  const dragFrom = useRef<number | null>(null);

  function onMouseDown(e: React.MouseEvent<HTMLCanvasElement>): void {
    dragFrom.current = e.clientX - e.currentTarget.getBoundingClientRect().left;
  }

  function onMouseUp(e: React.MouseEvent<HTMLCanvasElement>): void {
    if (!full || dragFrom.current === null) return;
    const px = e.clientX - e.currentTarget.getBoundingClientRect().left;
    const from = dragFrom.current;
    dragFrom.current = null;
    if (Math.abs(px - from) >= 4) {
      annotateStore.setState({ viewRange: [fromPx(Math.min(px, from)), fromPx(Math.max(px, from))] });
      return;
    }
    // A click centres the current window (or a tenth of the signal when showing everything) there.
    const current = annotateStore.getState().viewRange;
    const half = current ? Math.abs(current[1] - current[0]) / 2 : (full[1] - full[0]) / 20;
    const centre = fromPx(px);
    annotateStore.setState({ viewRange: [centre - half, centre + half] });
  }

  return (
    <canvas
      ref={canvasRef}
      className="overview-strip"
      style={{ height: HEIGHT }}
      aria-label="Overview of the whole signal: click to centre, drag to select a window, double-click for all"
      onMouseDown={onMouseDown}
      onMouseUp={onMouseUp}
      onDoubleClick={() => annotateStore.setState({ viewRange: null })}
    />
  );
}
