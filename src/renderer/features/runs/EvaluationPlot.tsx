/** One statistic of the evaluation per keypoint, a bar per compared run (plotly core + its bar trace). */
import bar from 'plotly.js/lib/bar';
import Plotly from 'plotly.js/lib/core';
import { useEffect, useMemo, useRef } from 'react';
import { EVAL_COLUMNS, EVAL_TITLES, evaluationTraces, type ComparedRun, type EvalColumn } from './runsModel';

Plotly.register([bar]);

const CONFIG = { displaylogo: false, responsive: true, showTips: false, modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines'] };
type Column = Exclude<EvalColumn, 'n'>;

export function EvaluationPlot({ runs, column, onColumn }: { runs: ComparedRun[]; column: Column; onColumn: (c: Column) => void }): React.JSX.Element {
  const plotRef = useRef<HTMLDivElement | null>(null);
  const traces = useMemo(() => evaluationTraces(runs, column), [runs, column]);
  const empty = traces.length === 0;
  const share = column.startsWith('within');

  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    if (empty) {
      Plotly.purge(el);
      return;
    }
    const data = traces.map((t) => ({ type: 'bar', name: t.name, x: t.x, y: share ? t.y.map((v) => (v === null ? null : v * 100)) : t.y, hovertemplate: `${t.name} %{x}: %{y:.4g}<extra></extra>` }));
    const layout = {
      barmode: 'group',
      height: 280,
      margin: { l: 60, r: 10, t: 20, b: 40 },
      paper_bgcolor: 'rgba(0, 0, 0, 0)',
      plot_bgcolor: 'rgba(0, 0, 0, 0)',
      font: { color: getComputedStyle(el).color || undefined },
      yaxis: { title: { text: share ? `${EVAL_TITLES[column]} (%)` : EVAL_TITLES[column] }, gridcolor: 'rgba(128, 128, 128, 0.25)', rangemode: 'tozero', automargin: true },
      xaxis: { automargin: true },
      showlegend: true,
      legend: { orientation: 'h', y: -0.2 },
    };
    void Plotly.react(el, data, layout, CONFIG);
  }, [traces, empty, share, column]);

  useEffect(() => {
    const el = plotRef.current;
    return () => {
      if (el) Plotly.purge(el);
    };
  }, []);

  return (
    <figure className="curve-plot" data-testid="evaluation-plot" data-traces={traces.length} aria-label={`Evaluation ${EVAL_TITLES[column]} per keypoint: ${traces.length} runs`}>
      <label className="check">
        Plot
        <select value={column} onChange={(e) => onColumn(e.target.value as Column)} aria-label="Evaluation statistic to plot">
          {EVAL_COLUMNS.filter((c): c is Column => c !== 'n').map((c) => (
            <option key={c} value={c}>
              {EVAL_TITLES[c]}
            </option>
          ))}
        </select>
      </label>
      <div ref={plotRef} style={{ display: empty ? 'none' : 'block' }} />
    </figure>
  );
}
