/** The outbox, one row per queued run: status, step progress, the MLflow run and its link, the last error and its reason, the next retry, Retry. */
import type { SyncRunView } from '../../../shared/api/sync.contract';
import { useApi } from '../../api/ApiContext';
import { formatWhen } from '../training/format';
import { progressText, reasonText, retryText } from './syncFormat';
import { openRun, retryRun, syncStore, useSync } from './syncStore';

function RunRow({ run }: { run: SyncRunView }): React.JSX.Element {
  const api = useApi();
  const bytes = useSync((s) => s.bytes[run.localId]);
  const retrying = useSync((s) => s.busy.retry === run.localId);
  const desktop = useSync((s) => s.host === 'electron');
  return (
    <tr data-local-id={run.localId} data-status={run.status}>
      <td>
        <code>{run.localId}</code>
        {run.name !== run.localId && <div className="small muted">{run.name}</div>}
        {run.offline && (
          <div className="small muted" title="Queued while the server was unreachable: the MLflow run is tagged udw.offline=true">
            offline
          </div>
        )}
      </td>
      <td>
        <span className={`run-status sync-${run.status}`}>{run.status}</span>
      </td>
      <td className="small">
        <progress max={Math.max(1, run.steps.total)} value={run.steps.done} aria-label={`Steps of ${run.localId}`} /> {progressText(run, bytes)}
        {run.currentStep && run.status !== 'done' && <div className="muted">next: {run.currentStep}</div>}
      </td>
      <td className="small">
        {run.mlflowRunId ? <code data-testid="sync-mlflow-run-id">{run.mlflowRunId}</code> : '—'}
        {run.link && (
          <div>
            <a
              href={run.link}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="sync-mlflow-link"
              onClick={(e) => {
                // The desktop window opens no new windows: the back end hands the link to the system browser.
                if (!desktop) return;
                e.preventDefault();
                void openRun(syncStore, api, run.localId);
              }}
            >
              Open in MLflow
            </a>
          </div>
        )}
      </td>
      <td className="small sync-error-cell">
        {run.lastError ? (
          <>
            <strong data-testid="sync-reason">{reasonText(run.lastError.reason)}</strong>
            <div className={run.status === 'failed' ? 'error' : 'muted'}>{run.lastError.message}</div>
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="small">{run.status === 'pending' ? retryText(run.nextRetryAt) : '—'}</td>
      <td className="small">{formatWhen(run.doneAt ?? run.enqueuedAt)}</td>
      <td>
        {run.status === 'failed' && (
          <button type="button" onClick={() => void retryRun(syncStore, api, run.localId)} disabled={retrying} aria-label={`Retry ${run.localId}`}>
            {retrying ? 'Retrying…' : 'Retry'}
          </button>
        )}
      </td>
    </tr>
  );
}

export function SyncQueueTable({ runs }: { runs: SyncRunView[] }): React.JSX.Element {
  return (
    <table className="runs-table sync-table" aria-label="Sync queue" data-testid="sync-queue">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Status</th>
          <th scope="col">Progress</th>
          <th scope="col">MLflow run</th>
          <th scope="col">Last error</th>
          <th scope="col">Next retry</th>
          <th scope="col">Queued / done</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <RunRow key={r.localId} run={r} />
        ))}
      </tbody>
    </table>
  );
}
