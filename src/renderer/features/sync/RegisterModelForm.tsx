/**
 * Register a run's model on the server from the Sync view (`udw sync register` in a terminal): pick an ended
 * run that has a verified ONNX model, name the registered model and, optionally, an alias to point at the
 * new version. It is queued in the outbox behind the run's own steps; Sync now sends it. The alias is
 * checked here as the back end checks it (shared/sync/modelAlias.ts), so the button says what is wrong.
 */
import { useEffect, useState } from 'react';
import type { RunSummary } from '../../../shared/api/training.contract';
import { aliasProblem } from '../../../shared/sync/modelAlias';
import { useApi } from '../../api/ApiContext';
import { registerRunModel, syncStore, useSync } from './syncStore';

const ENDED = new Set(['finished', 'failed', 'cancelled']);

export function RegisterModelForm(): React.JSX.Element | null {
  const api = useApi();
  const busy = useSync((s) => s.busy.register);
  // Refetched when a run joins the outbox or the not-yet-queued list (a run ended), not on every step a
  // drain reports: the status reloads on each of those.
  const known = useSync((s) => (s.status ? `${s.status.runs.length}|${s.status.unqueued.length}` : ''));
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [picked, setPicked] = useState('');
  const [model, setModel] = useState('udw-drill');
  const [alias, setAlias] = useState('');
  useEffect(() => {
    let live = true;
    void api
      .invoke('runs.list', {})
      .then((all) => live && setRuns(all.filter((r) => ENDED.has(r.status) && r.model !== null)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, known]);
  if (runs.length === 0) return null;
  const localId = runs.some((r) => r.runId === picked) ? picked : runs[0]!.runId;
  const problem = alias.trim() ? aliasProblem(alias.trim()) : null;
  return (
    <form
      className="training-form"
      aria-label="Register a run's model"
      onSubmit={(e) => {
        e.preventDefault();
        if (problem || !model.trim()) return;
        void registerRunModel(syncStore, api, { localId, model: model.trim(), alias: alias.trim() || null });
      }}
    >
      <div className="training-fields">
        <label>
          Run with a model
          <select value={localId} onChange={(e) => setPicked(e.target.value)}>
            {runs.map((r) => (
              <option key={r.runId} value={r.runId}>
                {r.runId}
              </option>
            ))}
          </select>
        </label>
        <label>
          Registered model
          <input type="text" size={18} value={model} onChange={(e) => setModel(e.target.value)} required spellCheck={false} />
        </label>
        <label>
          Alias
          <input
            type="text"
            size={12}
            value={alias}
            placeholder="champion"
            onChange={(e) => setAlias(e.target.value)}
            aria-invalid={problem !== null}
            aria-describedby={problem ? 'sync-alias-problem' : undefined}
            spellCheck={false}
          />
        </label>
        <button type="submit" disabled={busy || problem !== null || !model.trim()}>
          {busy ? 'Queueing…' : 'Queue registration'}
        </button>
      </div>
      {problem && (
        <p className="error small" id="sync-alias-problem">
          Alias: {problem}
        </p>
      )}
    </form>
  );
}
