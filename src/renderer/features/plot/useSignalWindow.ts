/**
 * Asks the worker for the visible window whenever the view changes (latest request wins: while one is
 * under way, only the newest of the requests made meanwhile runs next). Each trace gets min/max per two
 * pixel columns of the visible range, and the window reaches half a view beyond each side, so most steps of
 * a zoom or pan need no new data (plotly already redrew at the range); then only the range is followed.
 */
import type { PlotlyHTMLElement } from 'plotly.js/lib/core';
import { useEffect, useRef } from 'react';
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { downsampleClient } from './downsampleClient';
import type { Panel } from './figure';
import type { PlotRefs } from './plotRefs';
import { onPlotThemeChange } from './plotTheme';
import { plotWidthOf } from './usePlotSize';
import { windowCovers, windowFor } from './viewMath';

export interface WindowInputs {
  fileId: number;
  signalsReady: number | null;
  viewRange: [number, number] | null;
  xMode: 'depth' | 'index';
  panels: Panel[];
  segmentEnds: number[];
  width: number;
  /** Whether `width` is the box's measured width yet (usePlotSize); until then the box is read. */
  measured: boolean;
}

type WindowRefs = Pick<PlotRefs, 'boxRef' | 'plotRef' | 'resRef' | 'winRef'>;

/** `draw` redraws everything (new data); `moveTo` only moves the axis range to the store's view (usePlotDraw). */
export function useSignalWindow({ boxRef, plotRef, resRef, winRef }: WindowRefs, inputs: WindowInputs, draw: () => Promise<void>, moveTo: () => Promise<void> = draw): void {
  const pumpRef = useRef<{ busy: boolean; next: (() => Promise<void>) | null }>({ busy: false, next: null });
  /** The view the last window was drawn or moved for (null: the full view), with its window key. */
  const doneRef = useRef<{ key: string; view: [number, number] | null } | null>(null);
  const { fileId, signalsReady, viewRange, xMode, panels, segmentEnds, width, measured } = inputs;
  const panelsKey = panels.map((p) => p.key).join(',');
  // Before the columns are in, the full view against depth is drawn from the back end's overview
  // (useSignalSet, firstFrame.ts). The file's detail (step ends) may come later: a window with its stop-code
  // samples follows then, as it would if the columns had come first.
  const early = signalsReady !== fileId && xMode === 'depth' && viewRange === null;
  // Step ends of the file before (its detail until this one's is in) are no samples of this one.
  const detailIn = useAnnotate((s) => s.detail?.file.id === fileId);
  const ends = detailIn ? segmentEnds : NO_ENDS;

  // The system switched between light and dark: the same data, drawn in the other theme's colours.
  useEffect(() => onPlotThemeChange(() => void draw()), [draw]);

  // A window of the file before is no window of this one.
  useEffect(() => {
    resRef.current = null;
    winRef.current = null;
  }, [fileId, resRef, winRef]);

  useEffect(() => {
    if (signalsReady !== fileId && !early) return;
    const client = downsampleClient();
    // The first commit's effects see the size's guess: the box itself says what the width is.
    const buckets = Math.max(100, Math.round(((measured ? width : plotWidthOf(boxRef.current)) - 80) / 2));
    const key = `${fileId}|${xMode}|${panelsKey}|${ends.join(',')}`;
    const job = async (): Promise<void> => {
      const s = annotateStore.getState();
      const current = winRef.current;
      const extent = s.dataExtent;
      if (current && current.key === key && extent && resRef.current && windowCovers(current.win, extent, s.viewRange, buckets)) {
        const want = s.viewRange;
        const done = doneRef.current;
        // The full view, drawn or moved to already (e.g. the columns came in behind a first frame drawn from
        // the overview): no relayout to autorange again. A range is compared with plotly's below.
        if (!want && done && done.key === key && done.view === null) return;
        // The data drawn covers the new view: only the range may need to follow (overview strip, keys).
        const xa = (plotRef.current as PlotlyHTMLElement | null)?._fullLayout?.xaxis;
        const shown = xa?.range;
        if (!want || !shown || Math.abs(shown[0] - want[0]) > 1e-9 || Math.abs(shown[1] - want[1]) > 1e-9) await moveTo();
        doneRef.current = { key, view: want };
        return;
      }
      const win = windowFor(s.viewRange, buckets);
      const res = await client.window({ setId: String(fileId), xMode, ...win, keys: panels.map((p) => p.key), pointIndices: ends });
      if (annotateStore.getState().fileId !== fileId) return;
      resRef.current = res;
      winRef.current = { key, win };
      const known = annotateStore.getState().dataExtent;
      if (!known || known[0] !== res.xExtent[0] || known[1] !== res.xExtent[1]) annotateStore.setState({ dataExtent: res.xExtent });
      await draw();
      doneRef.current = { key, view: s.viewRange };
    };
    const p = pumpRef.current;
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
    // panels is read through panelsKey: a new array with the same keys asks for nothing new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fileId, signalsReady, early, viewRange, xMode, panelsKey, width, measured, boxRef, ends, draw, moveTo, plotRef, resRef, winRef]);
}

const NO_ENDS: number[] = [];

