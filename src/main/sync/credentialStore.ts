/**
 * One interface for where the back end keeps the MLflow credentials, so the sync handlers do not care which:
 * the CLI and the browser host use the 0600 credentials.json beside the catalog (mlflow/credentials.ts); the
 * desktop app lends an Electron safeStorage store (electron/safeCredentialStore.ts). The environment
 * (UDW_MLFLOW_USERNAME/PASSWORD, UDW_MLFLOW_TOKEN) wins over either, as it does for `udw sync`.
 * What leaves this module for a renderer is `describeCredentials`: who, never the secret.
 */
import type { CredentialStorage, CredentialsInfo } from '../../shared/api/sync.contract';
import { credentialsPath, resolveMlflowAuth, storeMlflowAuth } from './mlflow/credentials';
import type { MlflowAuth } from './mlflow/mlflowHttp';

export interface CredentialStore {
  /** Where they are kept and whether storing them now would encrypt them. */
  storage(): CredentialStorage;
  read(): MlflowAuth | null;
  /** null forgets them. `allowPlainText`: the user agreed to an unencrypted store where no secret store exists. */
  write(auth: MlflowAuth | null, opts: { allowPlainText: boolean }): void;
}

export class CredentialStoreRefused extends Error {}

/** The CLI's and browser host's store: credentials.json, readable by its user only (refused otherwise). */
export function fileCredentialStore(catalogDir: string): CredentialStore {
  const file = credentialsPath(catalogDir);
  return {
    storage: () => ({ kind: 'file', encrypted: false, canEncrypt: true, note: `kept in ${file}, readable by your user only (mode 0600), not encrypted` }),
    // An empty environment: only the file. The environment is looked at once, in resolveAuth.
    read: () => resolveMlflowAuth(catalogDir, {}),
    write: (auth) => storeMlflowAuth(catalogDir, auth),
  };
}

/** Credentials given in the back end's environment, which win over any store. */
export function environmentAuth(env: NodeJS.ProcessEnv): MlflowAuth | null {
  if (!env.UDW_MLFLOW_USERNAME && !env.UDW_MLFLOW_TOKEN) return null;
  return resolveMlflowAuth('', { UDW_MLFLOW_USERNAME: env.UDW_MLFLOW_USERNAME, UDW_MLFLOW_PASSWORD: env.UDW_MLFLOW_PASSWORD, UDW_MLFLOW_TOKEN: env.UDW_MLFLOW_TOKEN });
}

export function resolveAuth(store: CredentialStore, env: NodeJS.ProcessEnv): { auth: MlflowAuth | null; source: 'environment' | 'stored' | null } {
  const fromEnv = environmentAuth(env);
  if (fromEnv) return { auth: fromEnv, source: 'environment' };
  const stored = store.read();
  return { auth: stored, source: stored ? 'stored' : null };
}

/** The renderer's view of credentials: the kind and the username, nothing that opens the door. */
export function describeCredentials(auth: MlflowAuth | null): CredentialsInfo {
  if (!auth) return null;
  return auth.kind === 'basic' ? { kind: 'basic', username: auth.username } : { kind: 'token' };
}
