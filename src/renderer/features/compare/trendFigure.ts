/**
 * The per-head trend as a plotly figure: exit depth (top) and the break-through step's mean net torque
 * (bottom) against the Head Global Counter. A confirmed exit is a filled point, a proposal an open one; the
 * holes that break the series (trendOutliers.ts) are ringed in red and captioned with their counter, the
 * open hole is a star. Every point carries its file id (customdata) so a click opens it. Pure.
 */
import type { HeadTrend, TrendPoint } from '../../../shared/api/compare.contract';
import { seriesOutliers } from './trendOutliers';

export type TrendSeries = 'exit' | 'torque';

export interface TrendFlag {
  fileId: number;
  globalCounter: number;
  name: string;
  series: TrendSeries;
  value: number;
  z: number;
}

const valueOf = (p: TrendPoint, s: TrendSeries): number | null => (s === 'exit' ? p.exitDepth : p.stepMeanTorque);

/** The holes that break either series, by counter. */
export function trendFlags(points: readonly TrendPoint[]): TrendFlag[] {
  const xs = points.map((p) => p.globalCounter);
  const out: TrendFlag[] = [];
  for (const series of ['exit', 'torque'] as const) {
    for (const o of seriesOutliers(xs, points.map((p) => valueOf(p, series)))) {
      const p = points[o.index]!;
      out.push({ fileId: p.fileId, globalCounter: p.globalCounter, name: p.name, series, value: valueOf(p, series)!, z: o.z });
    }
  }
  return out.sort((a, b) => a.globalCounter - b.globalCounter || (a.series < b.series ? -1 : 1));
}

export interface TrendColours {
  line: string;
  outlier: string;
  current: string;
  font: string;
  grid: string;
  paper: string;
}

export const LIGHT_TREND: TrendColours = { line: '#1f4e9c', outlier: '#b42318', current: '#d97706', font: '#444444', grid: '#eeeeee', paper: '#ffffff' };

const SERIES: Record<TrendSeries, { axis: 'y' | 'y2'; title: string; unit: string; domain: [number, number] }> = {
  exit: { axis: 'y', title: 'Exit depth (mm)', unit: 'mm', domain: [0.56, 1] },
  torque: { axis: 'y2', title: 'Mean net torque, step (A)', unit: 'A', domain: [0, 0.44] },
};

export function buildTrendFigure(trend: HeadTrend, currentId: number | null, flags: readonly TrendFlag[], colours: TrendColours = LIGHT_TREND): { data: Record<string, unknown>[]; layout: Record<string, unknown> } {
  const data: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  for (const series of ['exit', 'torque'] as const) {
    const def = SERIES[series];
    const pts = trend.points.filter((p) => valueOf(p, series) !== null);
    const hover = (p: TrendPoint): string =>
      `#${p.globalCounter} ${p.name}<br>${series === 'exit' ? `exit ${p.exitDepth!.toFixed(3)} mm (${p.exitSource})` : `step ${p.step}: ${p.stepMeanTorque!.toFixed(3)} A over ${p.stepSamples} samples`}<br>${p.status.replace('_', ' ')}`;
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: def.title,
      x: pts.map((p) => p.globalCounter),
      y: pts.map((p) => valueOf(p, series)),
      customdata: pts.map((p) => p.fileId),
      text: pts.map(hover),
      hovertemplate: '%{text}<extra></extra>',
      yaxis: def.axis,
      line: { color: colours.line, width: 1 },
      marker: { size: 7, color: colours.line, symbol: pts.map((p) => (series === 'exit' && p.exitSource === 'proposed' ? 'circle-open' : 'circle')) },
      meta: { trend: series },
    });
    const flagged = flags.filter((f) => f.series === series);
    if (flagged.length) {
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: `${def.title}: breaks the series`,
        x: flagged.map((f) => f.globalCounter),
        y: flagged.map((f) => f.value),
        customdata: flagged.map((f) => f.fileId),
        text: flagged.map((f) => `#${f.globalCounter} ${f.name}<br>breaks the series (robust z ${f.z.toFixed(1)})`),
        hovertemplate: '%{text}<extra></extra>',
        yaxis: def.axis,
        marker: { size: 14, color: 'rgba(0,0,0,0)', line: { color: colours.outlier, width: 2 } },
        meta: { trend: `${series}-outliers` },
      });
      for (const f of flagged) {
        annotations.push({ x: f.globalCounter, y: f.value, xref: 'x', yref: def.axis, text: `#${f.globalCounter}`, showarrow: false, yshift: 14, font: { size: 10, color: colours.outlier } });
      }
    }
    const cur = pts.find((p) => p.fileId === currentId);
    if (cur) {
      data.push({
        type: 'scatter',
        mode: 'markers',
        name: 'This hole',
        x: [cur.globalCounter],
        y: [valueOf(cur, series)],
        customdata: [cur.fileId],
        text: [`this hole: ${hover(cur)}`],
        hovertemplate: '%{text}<extra></extra>',
        yaxis: def.axis,
        marker: { size: 15, symbol: 'star', color: colours.current, line: { color: colours.font, width: 1 } },
        meta: { trend: `${series}-current` },
      });
    }
  }
  // Counters are whole numbers: no 5,000.5 ticks on a short series.
  const counters = trend.points.map((p) => p.globalCounter);
  const span = counters.length ? Math.max(...counters) - Math.min(...counters) : 0;
  const axis = (title: string, domain: [number, number]) => ({ title: { text: title, font: { size: 11 } }, domain, zeroline: false, gridcolor: colours.grid, automargin: true });
  const layout: Record<string, unknown> = {
    height: 420,
    margin: { l: 64, r: 16, t: 12, b: 44 },
    showlegend: false,
    hovermode: 'closest',
    dragmode: 'zoom',
    paper_bgcolor: colours.paper,
    plot_bgcolor: colours.paper,
    font: { size: 11, color: colours.font },
    xaxis: { title: { text: 'Head global counter' }, anchor: 'y2', zeroline: false, gridcolor: colours.grid, tickformat: 'd', ...(span <= 12 ? { dtick: 1 } : {}) },
    yaxis: axis(SERIES.exit.title, SERIES.exit.domain),
    yaxis2: { ...axis(SERIES.torque.title, SERIES.torque.domain), anchor: 'x' },
    annotations,
  };
  return { data, layout };
}
