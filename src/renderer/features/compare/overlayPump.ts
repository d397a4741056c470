/**
 * Keeps the overlay of the open file up to date: whenever the view, the open file's labels (alignment) or
 * the comparison choices change, asks the worker for each loaded reference's window (its own depths, shifted
 * by the alignment offset) and publishes the overlays for the plot to draw (overlayBridge.ts). Latest wins:
 * while one round is under way only the newest of the changes made meanwhile runs next. A reference window
 * that still covers the view is reused, as the plot does with its own (viewMath.windowCovers).
 */
import type { AnnotateState, AnnotateStore } from '../../state/annotateStore';
import { downsampleClient, type DownsampleClient } from '../plot/downsampleClient';
import { windowCovers, windowFor, type DataWindow } from '../plot/viewMath';
import type { TraceData } from '../../workers/downsampleImpl';
import { alignmentOffset, shiftTrace } from './alignment';
import { focusIndex, referencesOfState, type CompareState, type CompareStore } from './compareStore';
import { publishOverlays } from './overlayBridge';
import type { OverlayInput } from './overlayFigure';
import { referenceTitle } from './references';
import { refSetId } from './referenceSets';

/** The columns the plot shows (its panels), so each reference draws on every panel. */
export function panelKeys(view: AnnotateState['view']): string[] {
  return [view.total ? 'i_torque_total' : 'i_torque', view.total ? 'i_thrust_total' : 'i_thrust', ...view.extras];
}

interface CachedWindow {
  key: string;
  /** The window on the current hole's axis. */
  win: DataWindow;
  traces: Record<string, TraceData>;
}

export interface OverlayPumpOptions {
  client?: DownsampleClient;
  /** Pixel columns of the plot (the window's density). */
  plotWidth?: () => number;
}

function plotWidthFromPage(): number {
  const el = typeof document !== 'undefined' ? document.querySelector<HTMLElement>('[data-testid="signal-plot"]') : null;
  return el?.clientWidth || 900;
}

/** The inputs one round depends on; a change of anything else (the pointer, the save state) starts none. */
function inputsOf(a: AnnotateState, c: CompareState): unknown[] {
  return [a.fileId, a.signalsReady, a.viewRange, a.dataExtent, a.view, a.labels, c.fileId, c.overlayOn, c.neighbours, c.showPrev, c.showNext, c.extras, c.referenceIndex, c.alignment, c.holes];
}

const sameInputs = (x: unknown[] | null, y: unknown[]): boolean => x !== null && x.length === y.length && x.every((v, i) => v === y[i]);

export function startOverlayPump(annotate: AnnotateStore, compare: CompareStore, opts: OverlayPumpOptions = {}): () => void {
  const client = opts.client ?? downsampleClient();
  const plotWidth = opts.plotWidth ?? plotWidthFromPage;
  const cache = new Map<number, CachedWindow>();
  let last: unknown[] | null = null;
  let busy = false;
  let again = false;
  let stopped = false;

  async function referenceTraces(id: number, offset: number, a: AnnotateState, keys: string[]): Promise<Record<string, TraceData> | null> {
    const extent = a.dataExtent;
    if (!extent) return null;
    const buckets = Math.max(100, Math.round((plotWidth() - 80) / 2));
    const key = `${a.fileId}|${keys.join(',')}|${offset}`;
    const had = cache.get(id);
    if (had && had.key === key && windowCovers(had.win, extent, a.viewRange, buckets)) return had.traces;
    // While the whole hole shows (autorange), cut the reference to the current hole's extent: its traces must
    // not widen the axis plotly fits to the data.
    const win = a.viewRange ? windowFor(a.viewRange, buckets) : { x0: extent[0], x1: extent[1], buckets };
    const res = await client.window({ setId: refSetId(id), xMode: 'depth', x0: win.x0 === null ? null : win.x0 - offset, x1: win.x1 === null ? null : win.x1 - offset, buckets: win.buckets, keys });
    const traces: Record<string, TraceData> = {};
    for (const [k, t] of Object.entries(res.traces)) traces[k] = shiftTrace(t, offset);
    cache.set(id, { key, win, traces });
    return traces;
  }

  async function round(): Promise<void> {
    const a = annotate.getState();
    const c = compare.getState();
    const fileId = a.fileId;
    if (fileId === null) return;
    if (!c.overlayOn || a.view.xMode !== 'depth' || c.fileId !== fileId || a.signalsReady !== fileId) {
      publishOverlays(fileId, []);
      return;
    }
    const refs = referencesOfState(c);
    const focus = focusIndex(c);
    const keys = panelKeys(a.view);
    const overlays: OverlayInput[] = [];
    let extraIndex = 0;
    for (const [i, r] of refs.entries()) {
      const hole = c.holes[r.fileId];
      const slot = r.role === 'extra' ? extraIndex++ : 0;
      if (!hole?.ready && !hole?.loaded) continue;
      const { offset } = alignmentOffset(c.alignment, a.labels, hole.labels ?? []);
      const traces = await referenceTraces(r.fileId, offset, a, keys).catch(() => null);
      if (!traces) continue;
      overlays.push({ fileId: r.fileId, title: referenceTitle(r), role: r.role, extraIndex: slot, focus: i === focus, offset, traces, labels: hole.labels ?? [] });
    }
    for (const id of [...cache.keys()]) if (!refs.some((r) => r.fileId === id)) cache.delete(id);
    if (stopped || annotate.getState().fileId !== fileId) return;
    publishOverlays(fileId, overlays);
  }

  async function pump(): Promise<void> {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        await round();
      } while (again && !stopped);
    } finally {
      busy = false;
    }
  }

  const changed = (): void => {
    if (stopped) return;
    const now = inputsOf(annotate.getState(), compare.getState());
    if (sameInputs(last, now)) return;
    last = now;
    void pump();
  };
  const offA = annotate.subscribe(changed);
  const offC = compare.subscribe(changed);
  changed();
  return () => {
    stopped = true;
    offA();
    offC();
  };
}
