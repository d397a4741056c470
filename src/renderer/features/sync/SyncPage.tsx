/** Sync with the team's MLflow and DVC servers; shows what is configured. */
import { useEffect, useState } from 'react';
import type { Settings } from '../../../shared/api/app.contract';
import { useApi } from '../../api/ApiContext';

export function SyncPage(): React.JSX.Element {
  const api = useApi();
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => void api.invoke('settings.get', {}).then(setSettings), [api]);
  return (
    <section>
      <h1>Sync</h1>
      <table className="simple">
        <tbody>
          <tr>
            <th>MLflow server</th>
            <td>{settings?.mlflowUrl ?? <span className="muted">not configured (Settings)</span>}</td>
          </tr>
          <tr>
            <th>DVC remote</th>
            <td>{settings?.dvcRemote ?? <span className="muted">not configured (Settings)</span>}</td>
          </tr>
        </tbody>
      </table>
      <p className="muted">Nothing is queued for sync.</p>
    </section>
  );
}
