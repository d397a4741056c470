/**
 * The Sync view (issue 14): where runs go (MLflow server, experiment, DVC remote, credentials) with a form
 * to change it, the durable outbox (pending, running, done, failed with the reason, next retry, per-run
 * progress, the MLflow UI link), Sync now, Stop and Retry, and registering a run's model as a new model version. It follows sync.progress, so a drain shows as it goes.
 */
import { useEffect } from 'react';
import { useApi } from '../../api/ApiContext';
import '../training/training.css';
import './sync.css';
import { RegisterModelForm } from './RegisterModelForm';
import { RemoteForm } from './RemoteForm';
import { drainText } from './syncFormat';
import { SyncQueueTable } from './SyncQueueTable';
import { followSync, loadSync, stopSync, syncNow, syncStore, useSync } from './syncStore';

export function SyncPage(): React.JSX.Element {
  const api = useApi();
  const remote = useSync((s) => s.remote);
  const status = useSync((s) => s.status);
  const loaded = useSync((s) => s.loaded);
  const error = useSync((s) => s.error);
  const message = useSync((s) => s.message);
  const starting = useSync((s) => s.busy.now);
  const stopping = useSync((s) => s.busy.stop);

  useEffect(() => {
    const off = followSync(syncStore, api);
    void loadSync(syncStore, api);
    return off;
  }, [api]);

  const draining = status?.drain.by != null;
  return (
    <section className="training sync-page" data-testid="sync-page" aria-busy={!loaded || draining}>
      <div className="training-title">
        <h1>Sync</h1>
        <button type="button" onClick={() => void loadSync(syncStore, api)} data-testid="sync-refresh">
          Refresh
        </button>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="sync-error">
          {error}
        </p>
      )}
      {remote && <RemoteForm remote={remote} />}
      <section className="training-card" aria-labelledby="sync-queue-heading">
        <div className="run-head">
          <h2 id="sync-queue-heading">Queue</h2>
          {status && (
            <span className="small" data-testid="sync-counts">
              {status.pending} pending, {status.running} running, {status.done} done, {status.failed} failed
            </span>
          )}
        </div>
        <div className="sync-actions">
          <button type="button" className="primary" onClick={() => void syncNow(syncStore, api)} disabled={starting || draining || !remote?.mlflowUrl} data-testid="sync-now">
            {draining ? 'Syncing…' : 'Sync now'}
          </button>
          {status?.drain.by === 'app' && (
            <button type="button" onClick={() => void stopSync(syncStore, api)} disabled={stopping} data-testid="sync-stop" title="Stop after the step that is being sent; the rest waits in the queue">
              {stopping ? 'Stopping…' : 'Stop'}
            </button>
          )}
          <span className="small" role="status" data-testid="sync-drain">
            {status ? drainText(status) : ''} {message}
          </span>
        </div>
        {status?.lastDrain?.message && status.lastDrain.outcome !== 'done' && (
          <p className={status.lastDrain.outcome === 'unreachable' ? 'warn small' : 'error small'} data-testid="sync-last-drain">
            {status.lastDrain.message}
          </p>
        )}
        {!remote?.mlflowUrl && loaded && <p className="muted small">Set the MLflow tracking URI above to sync runs.</p>}
        {status && status.unqueued.length > 0 && (
          <p className="small muted" data-testid="sync-unqueued">
            Not queued yet ({status.unqueued.length}): {status.unqueued.map((r) => r.runId).join(', ')} — Sync now queues them.
          </p>
        )}
        {status && status.runs.length === 0 ? <p className="muted">Nothing is queued for sync.</p> : status && <SyncQueueTable runs={status.runs} />}
        {remote?.mlflowUrl && <RegisterModelForm />}
      </section>
    </section>
  );
}
