/**
 * Histogram of offsets (label − proposal, mm) per class, one bar trace per class overlaid. The bins come
 * binned from the back end, so this only draws them: plotly's core plus its bar trace, nothing heavier.
 */
import bar from 'plotly.js/lib/bar';
import Plotly from 'plotly.js/lib/core';
import { useEffect, useMemo, useRef } from 'react';
import type { AgreementReport } from '../../../shared/api/agreement.contract';
import type { LabelClass } from '../../../shared/api/labels.contract';

Plotly.register([bar]);

const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines'] };
const FALLBACK_COLOUR = '#7f7f7f';

export function histogramTraces(report: AgreementReport, classes: readonly LabelClass[]): Record<string, unknown>[] {
  const colour = new Map(classes.map((c) => [c.id, c.colour]));
  return report.classes
    .filter((c) => c.histogram.bins.some((b) => b.count > 0))
    .map((c) => ({
      type: 'bar',
      name: c.name ?? c.classId,
      x: c.histogram.bins.map((b) => b.centerMm),
      y: c.histogram.bins.map((b) => b.count),
      width: c.histogram.binMm,
      marker: { color: colour.get(c.classId) ?? FALLBACK_COLOUR },
      opacity: 0.65,
      hovertemplate: `${c.name ?? c.classId}: %{y} at %{x:.2f} mm<extra></extra>`,
    }));
}

export function AgreementHistogram({ report, classes }: { report: AgreementReport; classes: readonly LabelClass[] }): React.JSX.Element {
  const plotRef = useRef<HTMLDivElement | null>(null);
  const traces = useMemo(() => histogramTraces(report, classes), [report, classes]);
  const empty = traces.length === 0;

  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    if (empty) {
      Plotly.purge(el);
      return;
    }
    const layout = {
      barmode: 'overlay',
      height: 300,
      margin: { l: 50, r: 10, t: 30, b: 45 },
      xaxis: { title: { text: `offset (mm, label − proposal; bins of ${report.binMm} mm)` }, zeroline: true },
      yaxis: { title: { text: 'labels' }, rangemode: 'tozero' },
      // Shown for a single class too: the colour alone does not say which class it is.
      showlegend: true,
      legend: { orientation: 'h', y: 1.12 },
    };
    void Plotly.react(el, traces, layout, CONFIG);
  }, [traces, empty, report.binMm]);

  useEffect(() => {
    const el = plotRef.current;
    return () => {
      if (el) Plotly.purge(el);
    };
  }, []);

  return (
    <div data-testid="agreement-histogram" data-traces={traces.length}>
      {empty && <p className="muted">No accepted or moved proposals yet: nothing to plot.</p>}
      <div ref={plotRef} style={{ display: empty ? 'none' : 'block' }} />
    </div>
  );
}
