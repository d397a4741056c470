/**
 * Asks the worker for the visible window whenever the view changes (latest request wins: while one is
 * under way, only the newest of the requests made meanwhile runs next). Each trace gets min/max per two
 * pixel columns of the visible range, and the window reaches half a view beyond each side, so most steps of
 * a zoom or pan need no new data (plotly already redrew at the range); then only the range is followed.
 */
import type { PlotlyHTMLElement } from 'plotly.js/lib/core';
import { useEffect, useRef } from 'react';
import { annotateStore } from '../../state/annotateStore';
import { downsampleClient } from './downsampleClient';
import type { Panel } from './figure';
import type { PlotRefs } from './plotRefs';
import { onPlotThemeChange } from './plotTheme';
import { windowCovers, windowFor } from './viewMath';

export interface WindowInputs {
  fileId: number;
  signalsReady: number | null;
  viewRange: [number, number] | null;
  xMode: 'depth' | 'index';
  panels: Panel[];
  segmentEnds: number[];
  width: number;
}

type WindowRefs = Pick<PlotRefs, 'plotRef' | 'resRef' | 'winRef'>;

/** `draw` redraws everything (new data); `moveTo` only moves the axis range to the store's view (usePlotDraw). */
export function useSignalWindow({ plotRef, resRef, winRef }: WindowRefs, inputs: WindowInputs, draw: () => Promise<void>, moveTo: () => Promise<void> = draw): void {
  const pumpRef = useRef<{ busy: boolean; next: (() => Promise<void>) | null }>({ busy: false, next: null });
  const { fileId, signalsReady, viewRange, xMode, panels, segmentEnds, width } = inputs;
  const panelsKey = panels.map((p) => p.key).join(',');

  // The system switched between light and dark: the same data, drawn in the other theme's colours.
  useEffect(() => onPlotThemeChange(() => void draw()), [draw]);

  // A window of the file before is no window of this one.
  useEffect(() => {
    resRef.current = null;
    winRef.current = null;
  }, [fileId, resRef, winRef]);

  useEffect(() => {
    if (signalsReady !== fileId) return;
    const client = downsampleClient();
    const buckets = Math.max(100, Math.round((width - 80) / 2));
    const key = `${fileId}|${xMode}|${panelsKey}|${segmentEnds.join(',')}`;
    const job = async (): Promise<void> => {
      const s = annotateStore.getState();
      const current = winRef.current;
      const extent = s.dataExtent;
      if (current && current.key === key && extent && resRef.current && windowCovers(current.win, extent, s.viewRange, buckets)) {
        // The data drawn covers the new view: only the range may need to follow (overview strip, keys).
        const xa = (plotRef.current as PlotlyHTMLElement | null)?._fullLayout?.xaxis;
        const want = s.viewRange;
        const shown = xa?.range;
        if (!want || !shown || Math.abs(shown[0] - want[0]) > 1e-9 || Math.abs(shown[1] - want[1]) > 1e-9) await moveTo();
        return;
      }
      const win = windowFor(s.viewRange, buckets);
      const res = await client.window({ setId: String(fileId), xMode, ...win, keys: panels.map((p) => p.key), pointIndices: segmentEnds });
      if (annotateStore.getState().fileId !== fileId) return;
      resRef.current = res;
      winRef.current = { key, win };
      const known = annotateStore.getState().dataExtent;
      if (!known || known[0] !== res.xExtent[0] || known[1] !== res.xExtent[1]) annotateStore.setState({ dataExtent: res.xExtent });
      await draw();
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
  }, [fileId, signalsReady, viewRange, xMode, panelsKey, width, segmentEnds, draw, moveTo, plotRef, resRef, winRef]);
}
