/**
 * The run being followed: status, epoch and in-epoch progress, Cancel (the bridge checkpoints, then
 * stops) and Resume (a new run continuing from the last checkpoint), the end-of-run figures and model.
 */
import { useApi } from '../../api/ApiContext';
import { formatNumber } from './format';
import { cancelRun, resumeRun } from './trainingActions';
import { isActive, trainingStore, useTraining, type FollowedRun } from './trainingStore';

function Progress({ run }: { run: FollowedRun }): React.JSX.Element | null {
  const step = run.step;
  if (!step || !isActive(run)) return null;
  return (
    <div className="run-progress small" data-testid="run-step">
      <span>
        epoch {step.epoch} {step.phase} step {step.step}/{step.steps}
        {step.loss !== null ? ` · loss ${formatNumber(step.loss)}` : ''}
      </span>
      <progress max={step.steps} value={step.step} aria-label={`Epoch ${step.epoch} ${step.phase} progress`} />
    </div>
  );
}

function FinalMetrics({ metrics }: { metrics: Record<string, number> }): React.JSX.Element | null {
  const entries = Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <table className="simple small run-final" aria-label="Final metrics" data-testid="run-final-metrics">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{formatNumber(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RunPanel({ onShowRuns }: { onShowRuns: () => void }): React.JSX.Element | null {
  const api = useApi();
  const run = useTraining((s) => s.run);
  const starting = useTraining((s) => s.starting);
  if (!run) return null;
  const active = isActive(run);
  const canResume = !active && (run.status === 'cancelled' || run.status === 'failed');
  return (
    <section className="training-card" aria-labelledby="run-heading" data-testid="run-panel" data-status={run.status} data-run-id={run.runId}>
      <div className="run-head">
        <h2 id="run-heading">Run</h2>
        <code title={run.chain.length ? `resumed from ${run.chain.join(' → ')}` : undefined}>{run.runId}</code>
        <span className={`run-status ${run.status}`} role="status" aria-label="Run status" data-testid="run-status">
          {run.cancelling ? 'cancelling…' : active && run.done ? 'finishing…' : run.status}
        </span>
        <span className="small muted" data-testid="run-epoch">
          epoch {run.epoch}
          {run.epochs ? ` of ${run.epochs}` : ''}
          {run.device ? ` · ${run.device}` : ''}
          {run.lr !== null ? ` · lr ${formatNumber(run.lr)}` : ''}
        </span>
        <span className="spacer" />
        <button type="button" data-testid="training-cancel" onClick={() => void cancelRun(trainingStore, api)} disabled={!active || run.cancelling}>
          Cancel
        </button>
        <button type="button" data-testid="training-resume" onClick={() => void resumeRun(trainingStore, api)} disabled={!canResume || starting}>
          Resume
        </button>
        <button type="button" className="link" onClick={onShowRuns}>
          Compare in Runs
        </button>
      </div>
      {run.chain.length > 0 && <p className="small muted">Continues {run.chain.join(' → ')} from its last checkpoint.</p>}
      <Progress run={run} />
      {run.error && (
        <p className="error" role="alert" data-testid="run-error">
          {run.error}
        </p>
      )}
      {run.model && (
        <p className="small">
          Model: <code className="path">{run.model}</code>
        </p>
      )}
      {!active && <FinalMetrics metrics={run.finalMetrics} />}
    </section>
  );
}
