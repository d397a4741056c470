/** Settings (validated by the back end) and the doctor's findings of what is installed. */
import { useEffect, useState } from 'react';
import type { Settings } from '../../../shared/api/app.contract';
import { useApi } from '../../api/ApiContext';
import { DoctorPanel } from './DoctorPanel';
import { KeymapEditor } from './KeymapEditor';
import { PythonPicker } from './PythonPicker';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function SettingsPage(): React.JSX.Element {
  const api = useApi();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState({ annotator: '', mlflowUrl: '', dvcRemote: '', datasetFolders: '' });
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    void api.invoke('settings.get', {}).then((s) => {
      setSettings(s);
      setDraft({ annotator: s.annotator, mlflowUrl: s.mlflowUrl ?? '', dvcRemote: s.dvcRemote ?? '', datasetFolders: s.datasetFolders.join('\n') });
    });
  }, [api]);

  async function save(): Promise<void> {
    try {
      const next = await api.invoke('settings.update', {
        annotator: draft.annotator.trim(),
        mlflowUrl: draft.mlflowUrl.trim() || null,
        dvcRemote: draft.dvcRemote.trim() || null,
        datasetFolders: draft.datasetFolders.split('\n').map((l) => l.trim()).filter(Boolean),
      });
      setSettings(next);
      setMessage('Saved.');
    } catch (err) {
      setMessage(errorText(err));
    }
  }

  const field = (key: keyof typeof draft, label: string, type = 'text'): React.JSX.Element => (
    <label className="field">
      <span>{label}</span>
      <input type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </label>
  );

  return (
    <section>
      <h1>Settings</h1>
      {settings ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {field('annotator', 'Annotator name')}
          {field('mlflowUrl', 'MLflow server URL', 'url')}
          {field('dvcRemote', 'DVC remote')}
          <label className="field">
            <span>Dataset folders</span>
            <textarea rows={3} value={draft.datasetFolders} onChange={(e) => setDraft({ ...draft, datasetFolders: e.target.value })} />
          </label>
          <button type="submit">Save settings</button> {message && <span role="status">{message}</span>}
        </form>
      ) : (
        <p className="muted">Loading settings…</p>
      )}
      <h2>Python</h2>
      <PythonPicker />
      <h2>Doctor</h2>
      <DoctorPanel />
      <KeymapEditor />
    </section>
  );
}
