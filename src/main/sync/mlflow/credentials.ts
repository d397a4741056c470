/**
 * Where the CLI and the browser host find MLflow credentials: the environment (UDW_MLFLOW_USERNAME and
 * UDW_MLFLOW_PASSWORD, or UDW_MLFLOW_TOKEN), else `credentials.json` beside the catalog, which must be
 * readable by its user only (0600) and is refused otherwise. They stay in the back end: nothing here is
 * sent to a renderer or written to a log, and messages name the file, never its contents.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writePrivateFileAtomic } from '../../services/privateFile';
import type { MlflowAuth, MlflowTls } from './mlflowHttp';

export const CREDENTIALS_FILE = 'credentials.json';

const StoredCredentials = z.object({
  mlflow: z.union([z.object({ username: z.string().min(1), password: z.string() }).strict(), z.object({ token: z.string().min(1) }).strict()]).optional(),
});
type StoredCredentials = z.infer<typeof StoredCredentials>;

export function credentialsPath(catalogDir: string): string {
  return path.join(catalogDir, CREDENTIALS_FILE);
}

function readStored(file: string): StoredCredentials {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return {};
  }
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new Error(`${file}: readable by others (mode ${(stat.mode & 0o777).toString(8)}); expected 0600 (\`chmod 600 ${file}\`)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message}); expected {"mlflow": {"username","password"} | {"token"}}`, { cause: err });
  }
  const parsed = StoredCredentials.safeParse(raw);
  if (!parsed.success) throw new Error(`${file}: expected {"mlflow": {"username","password"} | {"token"}}`);
  return parsed.data;
}

/** The environment first (a CI job, a one-off), then the file. */
export function resolveMlflowAuth(catalogDir: string, env: NodeJS.ProcessEnv = process.env): MlflowAuth | null {
  if (env.UDW_MLFLOW_USERNAME) return { kind: 'basic', username: env.UDW_MLFLOW_USERNAME, password: env.UDW_MLFLOW_PASSWORD ?? '' };
  if (env.UDW_MLFLOW_TOKEN) return { kind: 'bearer', token: env.UDW_MLFLOW_TOKEN };
  const stored = readStored(credentialsPath(catalogDir)).mlflow;
  if (!stored) return null;
  return 'token' in stored ? { kind: 'bearer', token: stored.token } : { kind: 'basic', username: stored.username, password: stored.password };
}

export function storeMlflowAuth(catalogDir: string, auth: MlflowAuth | null): void {
  const file = credentialsPath(catalogDir);
  const current = readStored(file);
  const mlflow = !auth ? undefined : auth.kind === 'basic' ? { username: auth.username, password: auth.password } : { token: auth.token };
  writePrivateFileAtomic(file, JSON.stringify({ ...current, mlflow }, null, 2));
}

/** TLS options mirroring the Python client's MLFLOW_TRACKING_SERVER_CERT_PATH / MLFLOW_TRACKING_INSECURE_TLS. */
export function resolveMlflowTls(env: NodeJS.ProcessEnv = process.env): MlflowTls {
  return { caFile: env.UDW_MLFLOW_CA_FILE || null, insecure: /^(1|true|yes)$/i.test(env.UDW_MLFLOW_INSECURE_TLS ?? '') };
}
