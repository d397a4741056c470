/**
 * Where the sync goes: the MLflow tracking URI and DVC remote are the app's settings (settings.json beside
 * the catalog: mlflowUrl, dvcRemote); the experiment name is the outbox's own setting (sync_remote). The
 * client is made here with the credentials and TLS options of credentials.ts, which never leave the back end.
 */
import type { CatalogDb } from '../db/openCatalog';
import { SettingsService } from '../services/settingsService';
import { resolveMlflowAuth, resolveMlflowTls } from './mlflow/credentials';
import { MlflowClient } from './mlflow/mlflowClient';
import { MlflowHttp } from './mlflow/mlflowHttp';
import { OutboxStore } from './outbox/outboxStore';

export const DEFAULT_EXPERIMENT = 'udw';

export interface RemoteConfig {
  mlflowUrl: string | null;
  dvcRemote: string | null;
  experiment: string;
}

export function readRemote(db: CatalogDb, catalogDir: string): RemoteConfig {
  const settings = new SettingsService(catalogDir).get();
  return { mlflowUrl: settings.mlflowUrl, dvcRemote: settings.dvcRemote, experiment: new OutboxStore(db).remoteSetting('experiment') ?? DEFAULT_EXPERIMENT };
}

export function setRemote(db: CatalogDb, catalogDir: string, patch: { mlflowUrl?: string; dvcRemote?: string; experiment?: string }): RemoteConfig {
  const settings = new SettingsService(catalogDir);
  const edit: { mlflowUrl?: string; dvcRemote?: string } = {};
  if (patch.mlflowUrl !== undefined) edit.mlflowUrl = patch.mlflowUrl.replace(/\/+$/, '');
  if (patch.dvcRemote !== undefined) edit.dvcRemote = patch.dvcRemote;
  if (Object.keys(edit).length) settings.update(edit);
  if (patch.experiment !== undefined) {
    const name = patch.experiment.trim();
    if (!name || name.length > 500) throw new Error(`experiment name '${patch.experiment}': expected 1 to 500 characters`);
    new OutboxStore(db).setRemoteSetting('experiment', name);
  }
  return readRemote(db, catalogDir);
}

export function mlflowClientFor(url: string, catalogDir: string, opts: { env?: NodeJS.ProcessEnv; warn?: (m: string) => void; timeoutMs?: number } = {}): MlflowClient {
  const env = opts.env ?? process.env;
  return new MlflowClient(new MlflowHttp({ url, auth: resolveMlflowAuth(catalogDir, env), tls: resolveMlflowTls(env), warn: opts.warn, timeoutMs: opts.timeoutMs }));
}
