/**
 * The open file's signals, into the downsampling worker: fetched in the catalog's compact form (about a
 * quarter of Float64's bytes on the wire), their bytes transferred to the worker, which decodes them there,
 * off the UI thread. The UI thread keeps only the depth column the worker sends back (index-mode mapping).
 * Leaving the file cancels a load still under way and frees what the worker holds for it.
 *
 * Two parts, for speed: first only the columns the view draws (depth and the current panels: for a long
 * signal about a third of the bytes), then, once the page is idle after the first frame, every other column
 * (extra panels, totals, readouts). Windows that ask for a column of the second part wait for it
 * (downsampleClient.expectColumns), so nothing downstream needs to know.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { AppApi } from '../../../shared/api/contract';
import { annotateStore, type ViewOptions } from '../../state/annotateStore';
import type { PackedLoadResult } from '../../workers/downsampleImpl';
import { downsampleClient } from './downsampleClient';
import { overviewWindows } from './firstFrame';

/** The columns the first frame of `view` needs: depth (Position) and what its panels draw. */
export function firstColumns(view: Pick<ViewOptions, 'total' | 'extras'>): string[] {
  const currents = view.total ? ['i_torque', 'i_thrust', 'i_torque_empty', 'i_thrust_empty'] : ['i_torque', 'i_thrust'];
  return ['position', ...currents, ...view.extras];
}

/** The first part in the worker: what loadPacked answers, and which columns came. */
interface FirstPart {
  loaded: PackedLoadResult;
  have: string[];
}

/** Loads started before the view asked (prefetchSignals), by file id. */
const prefetched = new Map<number, Promise<FirstPart>>();

/**
 * The first part of `fileId`'s signals, fetched and handed to the worker (a prefetch does both early).
 * Fetching in the worker instead was tried (2026-12-02) and read the 8 MB of a million samples more slowly
 * than the page does, under load: see docs/BENCHMARKS.md § Plot.
 */
async function loadFirst(api: AppApi, fileId: number, signal?: AbortSignal): Promise<FirstPart> {
  const client = downsampleClient();
  const setId = String(fileId);
  const input = { id: fileId, keys: firstColumns(annotateStore.getState().view) };
  const packed = await api.invoke('catalog.getSignalsPacked', input);
  if (signal?.aborted) throw new Error(`the signals of file ${fileId} are no longer wanted`);
  performance.mark('udw:signals-received', { detail: { fileId } });
  const have = packed.columns.map((c) => c.key);
  return { loaded: await client.loadPacked(setId, packed.columns, { signal }), have };
}

/**
 * Starts fetching the first-frame columns of `fileId` now, e.g. for a deep link before React has mounted:
 * the signal view then takes this answer instead of asking again.
 */
export function prefetchSignals(api: AppApi, fileId: number): void {
  if (prefetched.has(fileId)) return;
  const p = loadFirst(api, fileId);
  p.catch(() => undefined);
  prefetched.set(fileId, p);
}

function takeFirst(api: AppApi, fileId: number, signal: AbortSignal): Promise<FirstPart> {
  const early = prefetched.get(fileId);
  prefetched.delete(fileId);
  return early ?? loadFirst(api, fileId, signal);
}

/** The page's next idle moment (a timer where requestIdleCallback is missing). */
const whenIdle = (run: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 400 });
  else setTimeout(run, 0);
};

/**
 * Runs `run` once the file's first frame is drawn (the plot's 'udw:first-plot' mark) and the page is idle,
 * or after `fallbackMs` if no frame comes (a hidden plot, an error): the second part's bytes must not
 * compete with the first frame for the two cores. Returns the cancel.
 */
function afterFirstPlot(fileId: number, run: () => void, fallbackMs = 1500): () => void {
  let done = false;
  const go = (): void => {
    if (done) return;
    done = true;
    observer?.disconnect();
    clearTimeout(timer);
    whenIdle(run);
  };
  const observer =
    typeof PerformanceObserver === 'function'
      ? new PerformanceObserver((list) => {
          if (list.getEntries().some((e) => e.name === 'udw:first-plot' && (e as PerformanceMark).detail?.fileId === fileId)) go();
        })
      : null;
  observer?.observe({ type: 'mark' });
  const timer = setTimeout(go, fallbackMs);
  return () => {
    done = true;
    observer?.disconnect();
    clearTimeout(timer);
  };
}

/** Loads the file's signals into the worker; returns the depth column's ref (null until loaded). */
export function useSignalSet(api: AppApi, fileId: number): RefObject<Float64Array | null> {
  const depthRef = useRef<Float64Array | null>(null);
  useEffect(() => {
    const left = new AbortController();
    const client = downsampleClient();
    const setId = String(fileId);
    let cancelRest: () => void = () => undefined;
    depthRef.current = null;
    // Whatever the worker held for this file went with the previous view (or is about to be replaced).
    annotateStore.setState({ signalsReady: null, signalsError: null, dataExtent: null });
    // Until the columns are in the worker, the plot's window of the full view comes from the back end's
    // overview (firstFrame.ts): the first frame does not wait for the 8 MB of a long signal. Every other
    // window waits for the columns. Settled once they are in and the second part is announced, or on failure.
    let columnsIn: () => void = () => undefined;
    client.expectSet(setId, new Promise<void>((resolve) => (columnsIn = resolve)), overviewWindows(api, fileId));
    left.signal.addEventListener('abort', () => columnsIn());
    void (async () => {
      try {
        // Asked after this commit's effects: the plot's overview request (useSignalWindow) reaches the back
        // end before the columns' and is answered first.
        await Promise.resolve();
        if (left.signal.aborted) return;
        const { loaded, have } = await takeFirst(api, fileId, left.signal);
        if (left.signal.aborted) return;
        // Announced before the view hears of the signals, so a window for a column still to come waits for it.
        client.expectColumns(
          setId,
          have,
          new Promise<void>((resolve) => {
            cancelRest = afterFirstPlot(fileId, () => void loadRest(have).finally(resolve));
            left.signal.addEventListener('abort', () => resolve());
          }),
        );
        columnsIn();
        depthRef.current = loaded.depth;
        performance.mark('udw:signals-loaded', { detail: { fileId } });
        // The extent comes with the load (the first window would bring the same): whatever waits for it (the
        // overlay's reference windows, the overview strip) starts beside the first window, not after it.
        const n = loaded.length;
        const dataExtent: [number, number] = annotateStore.getState().view.xMode === 'depth' ? loaded.depthExtent : [0, Math.max(0, n - 1)];
        annotateStore.setState({ signalsReady: fileId, signalsError: null, dataExtent });
      } catch (err) {
        columnsIn();
        if (!left.signal.aborted) annotateStore.setState({ signalsError: err instanceof Error ? err.message : String(err) });
      }
    })();

    /** Every other column; a failure only leaves those panels empty (the first frame is already there). */
    async function loadRest(have: string[]): Promise<void> {
      if (left.signal.aborted) return;
      const detail = annotateStore.getState().detail;
      // The file's column list when the detail is in (it usually is by now); else all of them, once more.
      const keys = detail && detail.file.id === fileId ? detail.columns.map((c) => c.key).filter((k) => !have.includes(k)) : undefined;
      if (keys && keys.length === 0) return;
      try {
        const rest = await api.invoke('catalog.getSignalsPacked', keys ? { id: fileId, keys } : { id: fileId });
        if (left.signal.aborted) return;
        await client.addPacked(
          setId,
          rest.columns.filter((c) => !have.includes(c.key)),
        );
      } catch {
        // The panels of those columns stay empty; the next open of the file tries again.
      }
    }

    return () => {
      left.abort();
      cancelRest();
      void client.dispose(setId);
      // The worker holds them no more: a view mounted next on the same file must not take them as ready
      // (its overview strip and window would ask the disposed set, or the back end's overview, for nothing).
      if (annotateStore.getState().signalsReady === fileId) annotateStore.setState({ signalsReady: null });
    };
  }, [api, fileId]);
  return depthRef;
}
