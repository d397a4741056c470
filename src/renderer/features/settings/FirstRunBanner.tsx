/**
 * First run (or a broken installation): when the interpreter in use cannot train, or the doctor found an error,
 * a banner above every section says so and offers "Set up Python" (the back end makes a venv, its output
 * streams here) or "Use an interpreter…" (the desktop app's file dialog; elsewhere, Settings says how).
 * It goes away by itself once the doctor is satisfied.
 */
import { useEffect, useState } from 'react';
import type { PythonCandidates } from '../../../shared/api/app.contract';
import { useApi } from '../../api/ApiContext';
import { useNav } from '../../state/navStore';
import { setupPython } from '../training/trainingActions';
import { trainingStore, useTraining } from '../training/trainingStore';
import { doctorStore, loadFindings, needsAttention, useDoctor } from './doctorStore';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function FirstRunBanner(): React.JSX.Element | null {
  const api = useApi();
  const findings = useDoctor((s) => s.findings);
  const dismissed = useDoctor((s) => s.dismissed);
  const dismiss = (): void => doctorStore.getState().dismiss();
  const checking = useDoctor((s) => s.checking);
  const setup = useTraining((s) => s.python);
  const go = useNav((s) => s.go);
  const [python, setPython] = useState<PythonCandidates | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const shown = needsAttention(findings) && !dismissed;

  useEffect(() => {
    void loadFindings(api);
  }, [api]);

  useEffect(() => {
    // A set-up ended (here or in the Training section): check the interpreter in use again.
    if (!setup.running && setup.result) void loadFindings(api);
  }, [api, setup.running, setup.result]);

  useEffect(() => {
    // Only when shown: listing candidates starts every interpreter found once (`--version`).
    if (shown && !python) void api.invoke('python.candidates', {}).then(setPython, (err: unknown) => setMessage(errorText(err)));
  }, [api, shown, python]);

  if (!shown || !findings) return null;
  const errors = findings.findings.filter((f) => f.severity === 'error');
  // With no Python at all, torch and the training modules are missing because of it: one thing to fix, said once.
  const noPython = errors.some((f) => f.component === 'python');
  const problems = noPython ? errors.filter((f) => f.component !== 'torch' && f.component !== 'training') : errors;

  async function runSetup(): Promise<void> {
    await setupPython(trainingStore, api);
  }

  async function pickInterpreter(): Promise<void> {
    if (!python?.canBrowse) {
      go('settings');
      return;
    }
    try {
      const { chosen } = await api.invoke('python.choose', {});
      setMessage(chosen ? `Using ${chosen.path} (Python ${chosen.version ?? '?'}); checking it…` : 'No interpreter chosen.');
      if (chosen) {
        setPython(null);
        await loadFindings(api);
      }
    } catch (err) {
      setMessage(errorText(err));
    }
  }

  return (
    <section className="first-run" role="region" aria-label="First run" data-testid="first-run">
      <h2>{findings.pythonReady ? 'The installation needs attention' : 'Python is not ready for training yet'}</h2>
      <p className="small">
        Labelling works without it. Training and model export need a Python with torch, onnx, onnxruntime, numpy and tqdm; now
        <code> {findings.python.path}</code> (from {findings.python.source}).
      </p>
      <ul className="first-run-findings">
        {problems.map((f) => (
          <li key={f.component}>
            <strong>{f.component}</strong>: {f.detail}
            {f.fix && <div className="muted small">What to do: {f.fix}</div>}
          </li>
        ))}
      </ul>
      <div className="first-run-actions">
        <button type="button" disabled={setup.running} onClick={() => void runSetup()}>
          {setup.running ? 'Setting up Python…' : 'Set up Python'}
        </button>
        <button type="button" disabled={setup.running} onClick={() => void pickInterpreter()}>
          Use an interpreter…
        </button>
        <button type="button" className="link" onClick={() => go('settings')}>
          Doctor
        </button>
        <span className="spacer" />
        {checking && <span className="muted small">checking…</span>}
        <button type="button" className="link" onClick={dismiss}>
          Later
        </button>
      </div>
      {python?.note && !python.canSelect && (
        <p className="muted small" role="note">
          {python.note}
        </p>
      )}
      {message && <p className="small">{message}</p>}
      {setup.result && (
        <p className={setup.result.ok ? 'ok small' : 'error small'} role="status">
          {setup.result.message}
        </p>
      )}
      {setup.lines.length > 0 && (
        <pre className="python-setup-log" aria-label="Python set-up output">
          {setup.lines.slice(-200).join('\n')}
        </pre>
      )}
    </section>
  );
}
