/**
 * "Set up Python": the back end creates a venv from python-bridge/requirements.txt (or finds that the
 * configured interpreter already has torch, onnx and numpy) and streams its progress lines here. The page
 * never names an interpreter; which one is used is the back end's choice (Settings).
 */
import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { setupPython } from './trainingActions';
import { trainingStore, useTraining } from './trainingStore';

export function PythonSetup(): React.JSX.Element {
  const api = useApi();
  const python = useTraining((s) => s.python);
  const [open, setOpen] = useState(false);
  const shown = open || python.running || python.result !== null;
  return (
    <div className="python-setup" data-testid="python-setup">
      <button
        type="button"
        data-testid="python-setup-run"
        disabled={python.running}
        onClick={() => {
          setOpen(true);
          void setupPython(trainingStore, api);
        }}
      >
        {python.running ? 'Setting up Python…' : 'Set up Python'}
      </button>
      {shown && (
        <div className="python-setup-body">
          {python.result && (
            <p className={python.result.ok ? 'ok small' : 'error small'} role="status" data-testid="python-setup-result">
              {python.result.message}
            </p>
          )}
          {python.lines.length > 0 && (
            <pre className="python-setup-log" aria-label="Python set-up output" data-lines={python.lines.length}>
              {python.lines.slice(-200).join('\n')}
            </pre>
          )}
          {!python.running && (
            <button type="button" className="link small" onClick={() => (setOpen(false), trainingStore.setState({ python: { running: false, lines: [], result: null } }))}>
              Hide
            </button>
          )}
        </div>
      )}
    </div>
  );
}
