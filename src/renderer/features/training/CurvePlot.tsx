/**
 * A per-epoch line plot (plotly core's scatter). Live curves grow by a point per epoch: those points go in
 * with Plotly.extendTraces, so an epoch does not redraw the whole figure; a new curve or a changed point
 * redraws with Plotly.react. Updates are chained so an extend never races the draw before it.
 *
 * The wrapper carries the counts (data-points, data-epochs, data-traces) and an accessible name saying
 * them, which is also how the end-to-end test reads what is drawn.
 */
import Plotly from 'plotly.js/lib/core';
import { useEffect, useRef } from 'react';
import { drawnOf, epochCount, epochDtick, planUpdate, pointCount, type Curve, type Drawn } from './curves';

type ExtendTraces = (el: HTMLElement, update: { x: number[][]; y: number[][] }, indices: number[]) => Promise<unknown>;
/** extendTraces is part of plotly's core but not of the slice declared in features/plot/plotly.d.ts. */
const extendTraces = (Plotly as unknown as { extendTraces: ExtendTraces }).extendTraces;

const CONFIG = { displaylogo: false, responsive: true, showTips: false, modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines'] };

export interface CurvePlotProps {
  curves: readonly Curve[];
  title: string;
  yTitle: string;
  testId: string;
  logY?: boolean;
  /** Shown instead of an empty plot. */
  emptyText: string;
  height?: number;
}

function layoutFor(el: HTMLElement, { title, yTitle, logY, height }: Pick<CurvePlotProps, 'title' | 'yTitle' | 'logY' | 'height'>, dtick: number | null): Record<string, unknown> {
  // Transparent paper and the page's own text colour: the plot follows the light or dark theme of the page.
  const colour = getComputedStyle(el).color || undefined;
  const grid = 'rgba(128, 128, 128, 0.25)';
  return {
    title: { text: title, font: { size: 13 }, x: 0, xanchor: 'left' },
    height: height ?? 290,
    margin: { l: 60, r: 10, t: 34, b: 84 },
    paper_bgcolor: 'rgba(0, 0, 0, 0)',
    plot_bgcolor: 'rgba(0, 0, 0, 0)',
    font: { color: colour },
    xaxis: { title: { text: 'epoch', standoff: 4 }, gridcolor: grid, zeroline: false, automargin: true, dtick: dtick ?? undefined, tickmode: dtick ? 'linear' : 'auto', tick0: 0 },
    yaxis: { title: { text: yTitle, standoff: 6 }, gridcolor: grid, type: logY ? 'log' : 'linear', automargin: true },
    showlegend: true,
    // Below the axis title, never over it: anchored at its top, under the bottom margin's first half.
    legend: { orientation: 'h', x: 0, xanchor: 'left', y: -0.32, yanchor: 'top' },
    uirevision: 'keep',
  };
}

const traceOf = (c: Curve): Record<string, unknown> => ({
  type: 'scatter',
  mode: 'lines+markers',
  name: c.name,
  x: c.x.slice(),
  y: c.y.slice(),
  marker: { size: 5 },
  hovertemplate: `${c.name}: %{y:.4g} (epoch %{x})<extra></extra>`,
});

export function CurvePlot({ curves, title, yTitle, testId, logY = false, emptyText, height }: CurvePlotProps): React.JSX.Element {
  const plotRef = useRef<HTMLDivElement | null>(null);
  const drawn = useRef<Drawn | null>(null);
  const layoutKey = useRef('');
  const dtickShown = useRef<number | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const empty = curves.length === 0;

  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    if (empty) {
      drawn.current = null;
      queue.current = queue.current.then(() => Plotly.purge(el));
      return;
    }
    const key = JSON.stringify([title, yTitle, logY, height]);
    const plan = key !== layoutKey.current ? ({ kind: 'redraw' } as const) : planUpdate(drawn.current, curves);
    layoutKey.current = key;
    drawn.current = drawnOf(curves);
    if (plan.kind === 'none') return;
    const data = plan.kind === 'redraw' ? curves.map(traceOf) : null;
    const dtick = epochDtick(curves);
    const relayout = plan.kind === 'extend' && dtick !== dtickShown.current;
    dtickShown.current = dtick;
    queue.current = queue.current
      .then(() => (plan.kind === 'extend' ? extendTraces(el, { x: plan.x, y: plan.y }, plan.indices) : Plotly.react(el, data!, layoutFor(el, { title, yTitle, logY, height }, dtick), CONFIG)))
      .then(() => (relayout ? Plotly.relayout(el, { 'xaxis.dtick': dtick ?? undefined, 'xaxis.tickmode': dtick ? 'linear' : 'auto' }) : undefined))
      .catch(() => {
        // A failed extend leaves the plot unsure: the next update redraws everything.
        drawn.current = null;
      });
  }, [curves, empty, title, yTitle, logY, height]);

  useEffect(() => {
    const el = plotRef.current;
    return () => {
      if (el) Plotly.purge(el);
    };
  }, []);

  const points = pointCount(curves);
  const epochs = epochCount(curves);
  return (
    <figure
      className="curve-plot"
      data-testid={testId}
      data-points={points}
      data-epochs={epochs}
      data-traces={curves.length}
      aria-label={`${title}: ${curves.length} ${curves.length === 1 ? 'curve' : 'curves'}, ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}, ${points} points`}
    >
      {empty && <p className="muted curve-empty">{emptyText}</p>}
      <div ref={plotRef} className="curve-plot-area" style={{ display: empty ? 'none' : 'block' }} />
    </figure>
  );
}
