/**
 * The shared-server stack's MLflow, run natively: deploy/server/mlflow/entrypoint.sh (the image's entrypoint,
 * the stack's only MLflow command line) with the `mlflow` service's environment taken from
 * deploy/server/docker-compose.yml and interpolated as compose does, from a test .env. The stack's service
 * names become loopback addresses (postgres:5432 → the test's PostgreSQL, http://minio:9000 → its S3 server);
 * the only other differences from the container are where it listens, the auth config path and one worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { freePort } from './mlflowServer';
import type { PostgresServer } from './postgresServer';
import type { S3Server } from './s3Server';
import { ServiceProcess } from './serviceProcess';

export const STACK_DIR = path.resolve('deploy', 'server');
export const STACK_ENTRYPOINT = path.join(STACK_DIR, 'mlflow', 'entrypoint.sh');

/** `${VAR}`, `${VAR:-default}`, `${VAR:?message}` and `$$` as compose interpolates them. */
export function interpolateCompose(value: string, vars: Record<string, string>, where: string): string {
  return value.replace(/\$\$|\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g, (whole, name: string | undefined, op: string | undefined, arg: string | undefined) => {
    if (whole === '$$') return '$';
    const set = vars[name!];
    if (set !== undefined && set !== '') return set;
    if (op === ':-') return arg!;
    throw new Error(`${where}: \${${name}} is not set in the test's stack environment${op === ':?' ? ` (compose says: ${arg})` : ''}`);
  });
}

/** The `mlflow` service's environment from the compose file, interpolated with `vars`. */
export function stackMlflowEnvironment(vars: Record<string, string>): Record<string, string> {
  const file = path.join(STACK_DIR, 'docker-compose.yml');
  const compose = yaml.load(fs.readFileSync(file, 'utf8')) as { services: { mlflow?: { environment?: Record<string, string> } } };
  const environment = compose.services.mlflow?.environment;
  if (!environment || Array.isArray(environment)) throw new Error(`${file}: services.mlflow.environment: expected a mapping of variables`);
  return Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, interpolateCompose(String(v), vars, `${file}: services.mlflow.environment.${k}`)]));
}

/** The stack's MLflow admin (MLFLOW_ADMIN_USER / MLFLOW_ADMIN_PASSWORD in the test's .env). */
const ADMIN = { username: 'admin', password: 'udw-stack-admin-password-1' } as const;

export class StackMlflowServer {
  public readonly admin = ADMIN;

  private constructor(
    public readonly dir: string,
    public readonly port: number,
    /** What the server ran with (the interpolated compose environment and the overrides). */
    public readonly env: Record<string, string>,
    private readonly proc: ServiceProcess,
  ) {}

  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  public static async start(pg: PostgresServer, s3: S3Server, opts: { startTimeoutMs?: number } = {}): Promise<StackMlflowServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-stack-mlflow-'));
    const port = await freePort();
    // The test's .env: the same variables an operator sets from .env.example.
    const dotenv = {
      POSTGRES_USER: pg.user,
      POSTGRES_PASSWORD: pg.password,
      POSTGRES_DB: pg.database,
      MINIO_ROOT_USER: s3.accessKeyId,
      MINIO_ROOT_PASSWORD: s3.secretAccessKey,
      MLFLOW_BUCKET: s3.bucket,
      MLFLOW_ALLOWED_HOSTS: `127.0.0.1:${port},localhost:${port}`,
      MLFLOW_ADMIN_USER: ADMIN.username,
      MLFLOW_ADMIN_PASSWORD: ADMIN.password,
      MLFLOW_FLASK_SECRET_KEY: 'udw-stack-test-flask-secret',
    };
    const stack = stackMlflowEnvironment(dotenv);
    // Docker's DNS names of the stack's services, as the test's loopback servers.
    const native = Object.fromEntries(
      Object.entries(stack).map(([k, v]) => [k, v.replace('@postgres:5432/', `@127.0.0.1:${pg.port}/`).replace('http://minio:9000', s3.url)]),
    );
    const env: Record<string, string> = {
      ...native,
      MLFLOW_LISTEN_HOST: '127.0.0.1',
      MLFLOW_LISTEN_PORT: String(port),
      MLFLOW_WORKERS: '1',
      MLFLOW_AUTH_CONFIG_PATH: path.join(dir, 'basic_auth.ini'),
    };
    const childEnv: NodeJS.ProcessEnv = {
      PATH: `${path.resolve('.venv', 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: dir,
      LANG: process.env.LANG ?? 'C.UTF-8',
      PYTHONUNBUFFERED: '1',
      NO_COLOR: '1',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      ...env,
    };
    const proc = ServiceProcess.spawn('the stack MLflow (entrypoint.sh)', '/bin/sh', [STACK_ENTRYPOINT], { cwd: dir, env: childEnv });
    const server = new StackMlflowServer(dir, port, env, proc);
    try {
      await proc.waitUntil(() => server.healthy(), opts.startTimeoutMs ?? 300_000, `it answered ${server.url}/health`);
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    return server;
  }

  private async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(3_000) })).ok;
    } catch {
      return false;
    }
  }

  private get authorization(): string {
    return `Basic ${Buffer.from(`${this.admin.username}:${this.admin.password}`).toString('base64')}`;
  }

  /** A REST call as the admin, as a test reads the server back. */
  public async api<T>(method: 'GET' | 'POST', apiPath: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/${apiPath}`, { method, headers: { 'content-type': 'application/json', authorization: this.authorization }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${apiPath}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** A file as the admin downloads it (e.g. a proxied artifact). */
  public async download(apiPath: string): Promise<Buffer> {
    const res = await fetch(`${this.url}/${apiPath}`, { headers: { authorization: this.authorization } });
    if (!res.ok) throw new Error(`GET ${apiPath}: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  }

  public output(): string {
    return this.proc.output();
  }

  /** Its data lives in the test's PostgreSQL and S3 server, so a slow shutdown (the job runner) is cut short. */
  public async dispose(): Promise<void> {
    await this.proc.stop('SIGTERM', 3_000);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
