/**
 * The Runs view: every training run of this workstation, and a comparison of the ones ticked — their
 * curves overlaid (one per-epoch value at a time), their parameters side by side with the differences
 * highlighted, and their evaluation per keypoint as a table and a plot.
 */
import { useEffect, useMemo } from 'react';
import { useApi } from '../../api/ApiContext';
import { curveNames } from '../training/curves';
import { CurvePlot } from '../training/CurvePlot';
import '../training/training.css';
import { EvaluationPlot } from './EvaluationPlot';
import { EvaluationTable } from './EvaluationTable';
import { ParamDiffTable } from './ParamDiffTable';
import { RunsTable } from './RunsTable';
import { compareCurves, type ComparedRun } from './runsModel';
import { followRuns, loadRuns, runsStore, toggleRun, useRuns } from './runsStore';

function Comparison({ runs }: { runs: ComparedRun[] }): React.JSX.Element {
  const metric = useRuns((s) => s.metric);
  const evalColumn = useRuns((s) => s.evalColumn);
  const onlyDifferences = useRuns((s) => s.onlyDifferences);
  const names = useMemo(() => curveNames(runs.map((r) => r.epochsLog)), [runs]);
  const shownMetric = metric && names.includes(metric) ? metric : (names[0] ?? null);
  const curves = useMemo(() => (shownMetric ? compareCurves(runs, shownMetric) : []), [runs, shownMetric]);
  return (
    <section className="training-card" aria-labelledby="compare-heading" data-testid="runs-compare" data-runs={runs.length}>
      <h2 id="compare-heading">
        Comparing {runs.length} {runs.length === 1 ? 'run' : 'runs'}
      </h2>
      <div className="runs-block">
        <div className="run-head">
          <h3>Curves</h3>
          <select aria-label="Value to compare" value={shownMetric ?? ''} onChange={(e) => runsStore.setState({ metric: e.target.value || null })} disabled={names.length === 0}>
            {names.length === 0 && <option value="">no per-epoch values yet</option>}
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <CurvePlot curves={curves} title={shownMetric ?? 'Curves'} yTitle={shownMetric ?? ''} testId="runs-curves-plot" emptyText="No epochs logged yet." />
      </div>
      <ParamDiffTable runs={runs} onlyDifferences={onlyDifferences} onOnlyDifferences={(v) => runsStore.setState({ onlyDifferences: v })} />
      <div className="runs-block">
        <h3>Evaluation</h3>
        <EvaluationTable runs={runs} />
        <EvaluationPlot runs={runs} column={evalColumn} onColumn={(c) => runsStore.setState({ evalColumn: c })} />
      </div>
    </section>
  );
}

export function RunsPage(): React.JSX.Element {
  const api = useApi();
  const runs = useRuns((s) => s.runs);
  const loaded = useRuns((s) => s.loaded);
  const loading = useRuns((s) => s.loading);
  const selected = useRuns((s) => s.selected);
  const details = useRuns((s) => s.details);
  const error = useRuns((s) => s.error);
  const compared = useMemo(() => selected.map((id) => details[id]).filter((d): d is NonNullable<typeof d> => d !== undefined), [selected, details]);

  useEffect(() => {
    const off = followRuns(runsStore, api);
    void loadRuns(runsStore, api);
    return off;
  }, [api]);

  return (
    <section className="training runs" data-testid="runs-page" aria-busy={loading}>
      <div className="training-title">
        <h1>Runs</h1>
        <button type="button" onClick={() => void loadRuns(runsStore, api)} disabled={loading} data-testid="runs-refresh">
          Refresh
        </button>
        {loading && <span className="muted small">Loading…</span>}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {loaded && runs.length === 0 ? (
        <p className="muted">No training runs yet: start one under Training.</p>
      ) : (
        <div className="runs-list">
          <RunsTable runs={runs} selected={selected} onToggle={(id) => toggleRun(runsStore, api, id)} />
        </div>
      )}
      {compared.length > 0 && <Comparison runs={compared} />}
    </section>
  );
}
