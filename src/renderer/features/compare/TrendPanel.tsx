/**
 * The head's trend, over the annotation view: exit depth and the break-through step's mean net torque of
 * every hole of the open file's head against its global counter (catalog.headTrend), the open hole
 * highlighted, the holes that break the series ringed and listed. Clicking a point (or a listed hole) opens
 * it; the trend stays open and follows. Escape or × closes it. Re-read when labels change.
 */
import Plotly from 'plotly.js/lib/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { HeadTrend } from '../../../shared/api/compare.contract';
import { useApi } from '../../api/ApiContext';
import { useAnnotate } from '../../state/annotateStore';
import { catalogStore } from '../../state/catalogStore';
import { useNav } from '../../state/navStore';
import { usePlotTheme, type PlotTheme } from '../plot/plotTheme';
import { compareStore, useCompare } from './compareStore';
import { buildTrendFigure, trendFlags, type TrendColours } from './trendFigure';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function trendColours(theme: PlotTheme): TrendColours {
  return {
    line: theme.traces.i_torque ?? '#1f4e9c',
    outlier: theme.stop.anomaly,
    current: theme.name === 'dark' ? '#fbbf24' : '#d97706',
    font: theme.font,
    grid: theme.grid,
    paper: theme.paper,
  };
}

const close = (): void => compareStore.setState({ trendOpen: false });

function TrendPlot({ trend, currentId, onOpen }: { trend: HeadTrend; currentId: number | null; onOpen: (id: number) => void }): React.JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const theme = usePlotTheme();
  const flags = useMemo(() => trendFlags(trend.points), [trend]);
  const onOpenRef = useRef(onOpen);
  useEffect(() => {
    onOpenRef.current = onOpen;
  }, [onOpen]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fig = buildTrendFigure(trend, currentId, flags, trendColours(theme));
    void Plotly.react(el, fig.data, fig.layout, { displaylogo: false, responsive: false, modeBarButtonsToRemove: ['select2d', 'lasso2d', 'autoScale2d', 'toggleSpikelines'] }).then((gd) => {
      const withClick = gd as typeof gd & { udwClick?: boolean };
      if (withClick.udwClick) return;
      withClick.udwClick = true;
      gd.on('plotly_click', (ev) => {
        const id = (ev as { points?: Array<{ customdata?: unknown }> }).points?.[0]?.customdata;
        if (typeof id === 'number') onOpenRef.current(id);
      });
    });
  }, [trend, currentId, flags, theme]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) Plotly.purge(el);
    };
  }, []);
  return <div ref={ref} className="trend-plot" data-testid="trend-plot" />;
}

function TrendDialog({ head }: { head: string }): React.JSX.Element {
  const api = useApi();
  const currentId = useAnnotate((s) => s.fileId);
  const openNav = useNav((s) => s.openFile);
  const [trend, setTrend] = useState<HeadTrend | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    let gone = false;
    api
      .invoke('catalog.headTrend', { head })
      .then((t) => {
        if (!gone) {
          setTrend(t);
          setError(null);
        }
      })
      .catch((err: unknown) => {
        if (!gone) setError(errorText(err));
      });
    return () => {
      gone = true;
    };
  }, [api, head, revision]);
  // An edited exit label moves its point.
  useEffect(() => api.on('labels.changed', () => setRevision((r) => r + 1)), [api]);
  const flags = useMemo(() => (trend ? trendFlags(trend.points) : []), [trend]);
  const open = (id: number): void => {
    catalogStore.setState({ cursorId: id });
    openNav(id);
  };
  const proposed = trend?.points.filter((p) => p.exitSource === 'proposed').length ?? 0;
  // Focus inside, so that Escape reaches the dialog; the view's keys (n, p, j, k…) still work from here.
  const cardRef = useRef<HTMLDivElement>(null);
  useEffect(() => cardRef.current?.focus(), []);
  return (
    <div className="overlay" onClick={close}>
      <div
        ref={cardRef}
        tabIndex={-1}
        className="overlay-card trend-card"
        role="dialog"
        aria-modal="true"
        aria-label={`Trend of head ${head}`}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            close();
          }
        }}
      >
        <header>
          <h2>Trend of head {head}</h2>
          <button type="button" onClick={close} aria-label="Close the trend">
            ×
          </button>
        </header>
        {error && (
          <p className="error" role="alert">
            The trend could not be read: {error}
          </p>
        )}
        {!trend && !error && <p className="muted">Reading the head's holes…</p>}
        {trend && (
          <>
            <p className="small muted" data-testid="trend-summary">
              {trend.points.length} holes by global counter; exit from the confirmed label, else the proposal ({proposed} open points); torque averaged over{' '}
              {trend.stepRule === 'torque_min' ? 'the step that ended on TORQUE_MIN (break-through)' : 'the chosen step'}. Click a point to open its hole.
            </p>
            <TrendPlot trend={trend} currentId={currentId} onOpen={open} />
            <h3>Holes that break the series</h3>
            {flags.length === 0 ? (
              <p className="small muted">None: every hole is within a robust z-score of 3.5 of what its neighbours predict.</p>
            ) : (
              <ul className="trend-flags small" aria-label="Holes that break the series">
                {flags.map((f) => (
                  <li key={`${f.series}${f.fileId}`}>
                    <button type="button" className="link" onClick={() => open(f.fileId)}>
                      #{f.globalCounter} {f.name}
                    </button>{' '}
                    {f.series === 'exit' ? `exit ${f.value.toFixed(3)} mm` : `mean torque ${f.value.toFixed(3)} A`} (z {f.z.toFixed(1)})
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  );
}

export function TrendPanel(): React.JSX.Element | null {
  const open = useCompare((s) => s.trendOpen);
  // The open file's head; while the next hole loads (no detail yet), the head last seen.
  const head = useCompare((s) => s.headName);
  if (!open || !head) return null;
  return <TrendDialog head={head} />;
}
