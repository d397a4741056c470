/** The run list: status, snapshot, progress, device, when, how long, the headline metrics; a checkbox per run to compare it. */
import type { RunSummary } from '../../../shared/api/training.contract';
import { formatDuration, formatNumber, formatWhen, shortId } from '../training/format';
import { headlineMetrics } from './runsModel';

export function RunsTable({ runs, selected, onToggle }: { runs: RunSummary[]; selected: string[]; onToggle: (runId: string) => void }): React.JSX.Element {
  return (
    <table className="runs-table" aria-label="Runs" data-testid="runs-table">
      <thead>
        <tr>
          <th scope="col">Compare</th>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Snapshot</th>
          <th scope="col">Epoch</th>
          <th scope="col">Device</th>
          <th scope="col">Created</th>
          <th scope="col">Took</th>
          <th scope="col">Metrics</th>
          <th scope="col">Model</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => {
          const on = selected.includes(r.runId);
          const all = Object.entries(r.metrics)
            .map(([k, v]) => `${k} ${formatNumber(v)}`)
            .join('\n');
          return (
            <tr key={r.runId} className={on ? 'selected' : undefined} data-run-id={r.runId} data-status={r.status} aria-selected={on}>
              <td>
                <input type="checkbox" checked={on} onChange={() => onToggle(r.runId)} aria-label={`Compare ${r.runId}`} />
              </td>
              <td>
                <code>{r.runId}</code>
                {r.resumedFrom && <div className="small muted">resumed from {r.resumedFrom}</div>}
              </td>
              <td>
                <span className={`run-status ${r.status}`}>{r.status}</span>
                {r.error && <div className="error small run-error-cell">{r.error}</div>}
              </td>
              <td title={r.snapshotId ?? undefined}>{shortId(r.snapshotId)}</td>
              <td>
                {r.epoch}
                {r.epochs ? ` / ${r.epochs}` : ''}
              </td>
              <td>{r.device ?? '—'}</td>
              <td>{formatWhen(r.createdAt)}</td>
              <td>{formatDuration(r.startedAt, r.endedAt)}</td>
              <td className="small" title={all || undefined} data-testid="run-metrics">
                {headlineMetrics(r.metrics).map(([k, v]) => (
                  <div key={k} className="metric-line">
                    {k} <strong>{formatNumber(v)}</strong>
                  </div>
                ))}
              </td>
              <td>{r.model ? <span title={r.model}>ONNX</span> : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
