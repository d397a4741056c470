/**
 * The Python interpreter: one of those the back end found (by id), or, in the desktop app, one the user picks
 * in the native dialog that the back end opens. The page never sends a path, so it cannot make the back end
 * run a program of its choosing; in the browser host the choice is the command line's and is only shown.
 */
import { useCallback, useEffect, useState } from 'react';
import type { PythonCandidates } from '../../../shared/api/app.contract';
import { useApi } from '../../api/ApiContext';
import { loadFindings } from './doctorStore';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function PythonPicker(): React.JSX.Element {
  const api = useApi();
  const [info, setInfo] = useState<PythonCandidates | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(
    (): Promise<void> =>
      api.invoke('python.candidates', {}).then(setInfo, (err: unknown) => setMessage(errorText(err))),
    [api],
  );

  useEffect(() => {
    void api.invoke('python.candidates', {}).then(setInfo, (err: unknown) => setMessage(errorText(err)));
  }, [api]);

  async function act(run: () => Promise<string>): Promise<void> {
    setBusy(true);
    try {
      setMessage(await run());
      await refresh();
      // Another interpreter: the doctor (and the first-run banner) check it.
      void loadFindings(api);
    } catch (err) {
      setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const select = (id: string): Promise<void> =>
    act(async () => {
      await api.invoke('settings.update', { pythonChoice: id || null });
      return id ? 'Python interpreter saved.' : 'Python interpreter: automatic.';
    });

  const choose = (): Promise<void> =>
    act(async () => {
      const { chosen } = await api.invoke('python.choose', {});
      return chosen ? `Using ${chosen.path} (Python ${chosen.version ?? '?'}).` : 'No interpreter chosen.';
    });

  if (!info) return <p className="muted">{message ?? 'Looking for Python interpreters…'}</p>;
  const automatic = info.canSelect ? `Automatic (now ${info.active.path}, from ${info.active.source})` : `${info.active.path} (from ${info.active.source})`;
  return (
    <div>
      <label className="field">
        <span>Python interpreter</span>
        <select value={info.selected ?? ''} disabled={!info.canSelect || busy} onChange={(e) => void select(e.target.value)}>
          <option value="">{info.selected ? 'Automatic' : automatic}</option>
          {info.candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.path} ({c.version ? `Python ${c.version}` : 'does not answer --version'}, {c.source})
            </option>
          ))}
        </select>
      </label>
      {info.canBrowse && (
        <button type="button" disabled={busy} onClick={() => void choose()}>
          Choose…
        </button>
      )}{' '}
      {message && <span className="muted">{message}</span>}
      {info.note && (
        <p className="muted" role="note">
          {info.note}
        </p>
      )}
    </div>
  );
}
