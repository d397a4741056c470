/**
 * Models from the shared server on the Models page: pull a registered version by NAME@ALIAS or NAME/VERSION
 * (models.pull, the server and credentials of the Sync view), and each pulled model's lineage on its card:
 * which server, name and version, the aliases on it, and where an alias has moved since.
 */
import { useState } from 'react';
import type { ModelRemote } from '../../../shared/api/models.contract';
import { useApi } from '../../api/ApiContext';
import { modelsStore, pullFromServer, useModels } from './modelsStore';

/** "@champion moved here from version 1" / "@champion moved away to version 3". */
export function aliasMoveText(remote: ModelRemote): string[] {
  return remote.aliasMoves.map((m) => (m.to === remote.version ? `@${m.alias} moved here from version ${m.from ?? '?'}` : `@${m.alias} moved away to version ${m.to}`));
}

export function RemoteLineageLine({ remote }: { remote: ModelRemote }): React.JSX.Element {
  const moves = aliasMoveText(remote);
  return (
    <p className="small muted" data-testid="model-remote">
      From {remote.server}: {remote.name} version {remote.version}
      {remote.aliases.length > 0 && ` ${remote.aliases.map((a) => `@${a}`).join(' ')}`} (MLflow run {remote.runId ?? '–'}), pulled{' '}
      {remote.pulledAt.replace('T', ' ').slice(0, 16)}
      {moves.length > 0 && (
        <>
          {'; '}
          <strong data-testid="model-alias-moved">{moves.join('; ')}</strong>
        </>
      )}
    </p>
  );
}

export function PullFromServer(): React.JSX.Element {
  const api = useApi();
  const pull = useModels((s) => s.pull);
  const [ref, setRef] = useState('');
  const running = pull?.running === true;
  return (
    <>
      <h2>From the server</h2>
      <form
        className="row"
        aria-label="Pull a model from the server"
        onSubmit={(e) => {
          e.preventDefault();
          if (ref.trim() && !running) void pullFromServer(modelsStore, api, ref.trim());
        }}
      >
        <label>
          Registered model{' '}
          <input
            type="text"
            value={ref}
            placeholder="udw-drill@champion or udw-drill/3"
            spellCheck={false}
            title="NAME@ALIAS (the version the alias points at now), NAME@latest, or NAME/VERSION, on the server set under Sync"
            onChange={(e) => setRef(e.target.value)}
          />
        </label>
        <button type="submit" disabled={running || ref.trim() === ''}>
          {running ? 'Pulling…' : 'Pull'}
        </button>
      </form>
      {pull?.result && (
        <p className="small" role="status" data-testid="model-pull-result">
          {pull.result.message}
          {pull.result.verified && ` (checked: ${pull.result.verified === 'sha256' ? 'SHA-256 of the registered file' : 'size'}, metadata and graph)`}
        </p>
      )}
    </>
  );
}
