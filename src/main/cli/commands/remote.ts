/**
 * `udw remote set --mlflow URI [--dvc-remote URL] [--experiment NAME]`: where `udw sync` sends runs (the
 * settings' mlflowUrl and dvcRemote, the outbox's experiment), and `udw remote show`. Credentials go to the
 * 0600 credentials.json beside the catalog, read from stdin so they never sit in the shell history.
 */
import fs from 'node:fs';
import path from 'node:path';
import { credentialsPath, storeMlflowAuth } from '../../sync/mlflow/credentials';
import { readRemote, setRemote } from '../../sync/remoteConfig';
import { UsageError, emit, type Command } from '../command';
import { openCliCatalog } from '../catalogCli';

function readStdinLine(): string {
  return fs.readFileSync(0, 'utf8').split(/\r?\n/)[0]!;
}

export const remoteCommand: Command = {
  name: 'remote',
  summary: 'Set or show the shared server (MLflow tracking URI, DVC remote, experiment)',
  usage: [
    'udw remote set [--mlflow URI] [--dvc-remote URL] [--experiment NAME] [--username NAME --password-stdin | --token-stdin | --forget-credentials]',
    'udw remote show',
    '',
    'The experiment defaults to "udw". Credentials: UDW_MLFLOW_USERNAME/UDW_MLFLOW_PASSWORD or UDW_MLFLOW_TOKEN,',
    'else the 0600 credentials.json beside the catalog (written by --password-stdin / --token-stdin). TLS:',
    'UDW_MLFLOW_CA_FILE (a PEM CA file), UDW_MLFLOW_INSECURE_TLS=true (no certificate checks, with a warning).',
  ].join('\n'),
  options: {
    mlflow: { type: 'string' },
    'dvc-remote': { type: 'string' },
    experiment: { type: 'string' },
    username: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'token-stdin': { type: 'boolean' },
    'forget-credentials': { type: 'boolean' },
  },
  async run(ctx) {
    const [sub, ...rest] = ctx.positionals;
    if ((sub !== 'set' && sub !== 'show') || rest.length) throw new UsageError('expected `udw remote set …` or `udw remote show`');
    const { db, file } = openCliCatalog(ctx, { create: sub === 'set' });
    const dir = path.dirname(file);
    try {
      let credentials: 'stored' | 'forgotten' | null = null;
      if (sub === 'set') {
        const v = ctx.values;
        if (v.mlflow !== undefined && !/^https?:\/\/[^/]/.test(String(v.mlflow))) throw new UsageError(`--mlflow: expected an http:// or https:// tracking URI, got '${String(v.mlflow)}'`);
        if (v['password-stdin'] && !v.username) throw new UsageError('--password-stdin needs --username NAME');
        if (v.username && !v['password-stdin']) throw new UsageError('--username needs --password-stdin (the password is read from stdin)');
        setRemote(db, dir, { mlflowUrl: v.mlflow as string | undefined, dvcRemote: v['dvc-remote'] as string | undefined, experiment: v.experiment as string | undefined });
        if (v.username) {
          storeMlflowAuth(dir, { kind: 'basic', username: String(v.username), password: readStdinLine() });
          credentials = 'stored';
        } else if (v['token-stdin']) {
          storeMlflowAuth(dir, { kind: 'bearer', token: readStdinLine().trim() });
          credentials = 'stored';
        } else if (v['forget-credentials']) {
          storeMlflowAuth(dir, null);
          credentials = 'forgotten';
        }
      }
      const remote = readRemote(db, dir);
      const out = { ...remote, credentialsFile: fs.existsSync(credentialsPath(dir)) ? credentialsPath(dir) : null, ...(credentials ? { credentials } : {}) };
      emit(ctx, out, () => [`mlflow: ${remote.mlflowUrl ?? '(not set)'}`, `experiment: ${remote.experiment}`, `dvc remote: ${remote.dvcRemote ?? '(not set)'}`, ...(credentials ? [`credentials ${credentials} (${credentialsPath(dir)})`] : [])].join('\n'));
      return 0;
    } finally {
      db.close();
    }
  },
};
