/**
 * What sync is configured with, and the forms that change it: the MLflow tracking URI, experiment and DVC
 * remote; the credentials, sent to the back end once and shown back only as who (never the secret: the
 * password field is emptied as soon as it is stored).
 */
import { useState } from 'react';
import type { RemoteInfo } from '../../../shared/api/sync.contract';
import { useApi } from '../../api/ApiContext';
import { saveCredentials, saveRemote, syncStore, useSync } from './syncStore';

function credentialsText(remote: RemoteInfo): string {
  const c = remote.credentials;
  if (!c) return 'none';
  const who = c.kind === 'basic' ? `user ${c.username}` : 'a token';
  return remote.credentialsSource === 'environment' ? `${who} (from the environment of the back end, which wins over stored ones)` : `${who} (stored)`;
}

function RemoteFields({ remote }: { remote: RemoteInfo }): React.JSX.Element {
  const api = useApi();
  const busy = useSync((s) => s.busy.remote);
  const [url, setUrl] = useState(remote.mlflowUrl ?? '');
  const [experiment, setExperiment] = useState(remote.experiment);
  const [dvc, setDvc] = useState(remote.dvcRemote ?? '');
  return (
    <form
      className="training-form"
      aria-label="Sync server"
      onSubmit={(e) => {
        e.preventDefault();
        void saveRemote(syncStore, api, { mlflowUrl: url.trim() ? url.trim() : null, experiment, dvcRemote: dvc.trim() ? dvc.trim() : null });
      }}
    >
      <div className="training-fields">
        <label>
          MLflow tracking URI
          <input type="url" size={36} value={url} placeholder="http://mlflow.lab:5000" onChange={(e) => setUrl(e.target.value)} />
        </label>
        <label>
          Experiment
          <input type="text" size={16} value={experiment} onChange={(e) => setExperiment(e.target.value)} required />
        </label>
        <label>
          DVC remote
          <input type="text" size={30} value={dvc} placeholder="/mnt/dvc-remote or s3://bucket/path" onChange={(e) => setDvc(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  );
}

function CredentialsFields({ remote }: { remote: RemoteInfo }): React.JSX.Element {
  const api = useApi();
  const busy = useSync((s) => s.busy.credentials);
  const [kind, setKind] = useState<'basic' | 'token'>(remote.credentials?.kind ?? 'basic');
  const [username, setUsername] = useState(remote.credentials?.kind === 'basic' ? remote.credentials.username : '');
  const [secret, setSecret] = useState('');
  const [plain, setPlain] = useState(false);
  const needsConsent = !remote.storage.canEncrypt;
  const store = async (): Promise<void> => {
    const given = kind === 'basic' ? { kind, username: username.trim(), password: secret } : { kind, token: secret };
    if (await saveCredentials(syncStore, api, given, plain)) setSecret('');
  };
  return (
    <form
      className="training-form"
      aria-label="MLflow credentials"
      onSubmit={(e) => {
        e.preventDefault();
        void store();
      }}
    >
      <fieldset>
        <legend>Credentials</legend>
        <label>
          <input type="radio" name="sync-cred-kind" checked={kind === 'basic'} onChange={() => setKind('basic')} /> Username and password
        </label>
        <label>
          <input type="radio" name="sync-cred-kind" checked={kind === 'token'} onChange={() => setKind('token')} /> Token
        </label>
      </fieldset>
      <div className="training-fields">
        {kind === 'basic' && (
          <label>
            Username
            <input type="text" size={16} value={username} autoComplete="off" onChange={(e) => setUsername(e.target.value)} required />
          </label>
        )}
        <label>
          {kind === 'basic' ? 'Password' : 'Token'}
          <input type="password" size={24} value={secret} autoComplete="new-password" onChange={(e) => setSecret(e.target.value)} required={kind === 'token'} />
        </label>
        {needsConsent && (
          <label className="sync-consent">
            <span>
              <input type="checkbox" checked={plain} onChange={(e) => setPlain(e.target.checked)} /> Store unencrypted (this desktop has no secret store)
            </span>
          </label>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Storing…' : 'Store credentials'}
        </button>
        <button type="button" disabled={busy} onClick={() => void saveCredentials(syncStore, api, null, false)}>
          Forget stored credentials
        </button>
      </div>
      <p className="small muted">{remote.storage.note}</p>
    </form>
  );
}

export function RemoteForm({ remote }: { remote: RemoteInfo }): React.JSX.Element {
  return (
    <section className="training-card" aria-labelledby="sync-remote-heading" data-testid="sync-remote">
      <h2 id="sync-remote-heading">Server</h2>
      <table className="simple small" aria-label="Configured">
        <tbody>
          <tr>
            <th scope="row">MLflow server</th>
            <td data-testid="sync-configured-mlflow">{remote.mlflowUrl ?? <span className="muted">not set</span>}</td>
          </tr>
          <tr>
            <th scope="row">Experiment</th>
            <td>{remote.experiment}</td>
          </tr>
          <tr>
            <th scope="row">DVC remote</th>
            <td>{remote.dvcRemote ?? <span className="muted">not set</span>}</td>
          </tr>
          <tr>
            <th scope="row">Credentials</th>
            <td data-testid="sync-configured-credentials">
              {credentialsText(remote)}
              {remote.credentialsProblem && <div className="error">{remote.credentialsProblem}</div>}
            </td>
          </tr>
        </tbody>
      </table>
      {/* Keyed by what is stored: after a save the fields show what the back end kept (the URI without its trailing slash). */}
      <RemoteFields key={`${remote.mlflowUrl}\u0000${remote.experiment}\u0000${remote.dvcRemote}`} remote={remote} />
      <CredentialsFields remote={remote} />
    </section>
  );
}
