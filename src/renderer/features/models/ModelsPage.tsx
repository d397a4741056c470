/**
 * The Models page (issue 13): the local registry (metadata, evaluation, lineage; activate, remove), register
 * a training run's model, batch pre-annotation over the catalog, a folder or the selection, and the
 * uncertainty-first view of the catalog.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ModelInfo, ModelRemote } from '../../../shared/api/models.contract';
import { useApi } from '../../api/ApiContext';
import { activateModel, importPickedModel, loadModels, modelsStore, registerRun, registrableRuns, removeModel, useModels } from './modelsStore';
import { PullFromServer, RemoteLineageLine } from './PullFromServer';
import { BatchPanel } from './BatchPanel';
import { UncertaintyPanel } from './UncertaintyPanel';

function mm(v: number | null | undefined): string {
  return v === null || v === undefined ? '–' : `${v.toFixed(3)} mm`;
}

function Evaluation({ model }: { model: ModelInfo }): React.JSX.Element {
  const kp = model.evaluation?.keypoints ?? {};
  const names = Object.keys(kp);
  if (names.length === 0) return <span className="muted">no evaluation (an imported file)</span>;
  return (
    <table className="simple small" aria-label={`Evaluation of ${model.name}`}>
      <thead>
        <tr>
          <th>keypoint</th>
          <th>n</th>
          <th>MAE</th>
          <th>p95</th>
          <th>±0.5 mm</th>
        </tr>
      </thead>
      <tbody>
        {names.map((k) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{kp[k]!.n}</td>
            <td>{mm(kp[k]!.mae)}</td>
            <td>{mm(kp[k]!.p95)}</td>
            <td>{kp[k]!.within05 === null ? '–' : `${(kp[k]!.within05 * 100).toFixed(0)} %`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ModelCard({ model, remote }: { model: ModelInfo; remote: ModelRemote | undefined }): React.JSX.Element {
  const api = useApi();
  return (
    <li className={`model-card${model.active ? ' active' : ''}`} data-testid="model-card" data-model-id={model.id}>
      <h3>
        {model.name} <code className="small">{model.id}</code> {model.active && <span className="status-pill labelled">active</span>}
      </h3>
      <p className="small">
        {model.channels.join(', ')} @ {model.stepMm} mm → {model.classes.join(', ')}
      </p>
      <p className="small muted">
        Lineage: run {model.runId ?? '–'}, snapshot {model.snapshotId ? model.snapshotId.slice(0, 16) : '–'}, bridge {model.bridgeVersion ?? '–'}; imported{' '}
        {model.importedAt.replace('T', ' ').slice(0, 16)}; {(model.bytes / 1024).toFixed(0)} KiB, sha256 {model.sha256.slice(0, 12)}…
      </p>
      {remote && <RemoteLineageLine remote={remote} />}
      <Evaluation model={model} />
      <div className="row">
        <button type="button" disabled={model.active} onClick={() => void activateModel(modelsStore, api, model.id)}>
          {model.active ? 'Active' : 'Activate'}
        </button>
        <button type="button" onClick={() => void removeModel(modelsStore, api, model.id)} title="The model's copy is deleted; the proposals it made stay">
          Remove
        </button>
      </div>
    </li>
  );
}

/** Importing an .onnx file: the desktop app's file dialog; in a browser the page cannot hand the back end a file. */
function ImportFile(): React.JSX.Element {
  const api = useApi();
  const [host, setHost] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void api
      .invoke('app.info', {})
      .then((info) => live && setHost(info.host))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  if (host !== 'electron') return <p className="small muted">To import an .onnx file here: `udw models import FILE.onnx` (the desktop app has a file dialog).</p>;
  return (
    <div className="row">
      <button type="button" onClick={() => void importPickedModel(modelsStore, api)}>
        Import an .onnx file…
      </button>
    </div>
  );
}

function RegisterRun(): React.JSX.Element | null {
  const api = useApi();
  const allRuns = useModels((s) => s.runs);
  const models = useModels((s) => s.models);
  // Selected apart and combined here: a selector returning a fresh array would re-render without end.
  const runs = useMemo(() => registrableRuns(allRuns, models), [allRuns, models]);
  const [picked, setPicked] = useState('');
  if (runs.length === 0) return <p className="small muted">No finished training run without a registered model (train one on the Training page).</p>;
  const runId = runs.some((r) => r.runId === picked) ? picked : runs[0]!.runId;
  return (
    <form
      className="row"
      aria-label="Register a training run's model"
      onSubmit={(e) => {
        e.preventDefault();
        void registerRun(modelsStore, api, runId);
      }}
    >
      <label>
        Training run{' '}
        <select value={runId} onChange={(e) => setPicked(e.target.value)}>
          {runs.map((r) => (
            <option key={r.runId} value={r.runId}>
              {r.runId} ({r.endedAt?.slice(0, 16).replace('T', ' ') ?? r.createdAt.slice(0, 16)})
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Register its model</button>
    </form>
  );
}

export function ModelsPage(): React.JSX.Element {
  const api = useApi();
  const models = useModels((s) => s.models);
  const lineage = useModels((s) => s.lineage);
  const loaded = useModels((s) => s.loaded);
  const error = useModels((s) => s.error);

  useEffect(() => {
    modelsStore.setState({ error: null });
    void loadModels(modelsStore, api);
  }, [api]);

  return (
    <section className="models-page">
      <h1>Models</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h2>Registry</h2>
      {!loaded ? (
        <p className="muted">Loading…</p>
      ) : models.length === 0 ? (
        <p className="muted">No models in this catalog yet: register a training run&apos;s model below, or `udw models import FILE.onnx`.</p>
      ) : (
        <ul className="model-list" aria-label="Registered models">
          {models.map((m) => (
            <ModelCard key={m.id} model={m} remote={lineage[m.id]} />
          ))}
        </ul>
      )}
      <ImportFile />
      <RegisterRun />
      <PullFromServer />
      <BatchPanel />
      <UncertaintyPanel />
    </section>
  );
}
