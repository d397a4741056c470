/**
 * A real `mlflow server` for the sync tests: the .venv's MLflow on a random loopback port, SQLite backend,
 * proxied artifacts in a temp folder, one worker. Start-up is slow on a busy machine (a minute is not rare),
 * so the wait is long; one server is shared per test file. `restart()` keeps its store, folder and port (the
 * fault test restarts the server under a sync). `basicAuth` starts it as `--app-name basic-auth` with an
 * admin whose credentials are `admin`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const MLFLOW_BIN = path.resolve('.venv', 'bin', 'mlflow');
export const haveMlflow = fs.existsSync(MLFLOW_BIN);
/** `--app-name basic-auth` also needs mlflow[auth] (Flask-WTF). */
export const haveMlflowAuth = haveMlflow && spawnSync(path.resolve('.venv', 'bin', 'python'), ['-c', 'import flask_wtf']).status === 0;

export interface MlflowServerOptions {
  basicAuth?: boolean;
  /** Default 300 s. */
  startTimeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export class MlflowServer {
  public readonly admin = { username: 'admin', password: 'udw-admin-password-1' };
  private child: ChildProcess | null = null;
  private log = '';

  private constructor(
    public readonly dir: string,
    public readonly port: number,
    private readonly opts: MlflowServerOptions,
  ) {}

  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  public get artifactsDir(): string {
    return path.join(this.dir, 'artifacts');
  }

  public static async start(opts: MlflowServerOptions = {}): Promise<MlflowServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-mlflow-'));
    const server = new MlflowServer(dir, await freePort(), opts);
    await server.launch();
    return server;
  }

  private async launch(): Promise<void> {
    const args = ['server', '--backend-store-uri', `sqlite:///${path.join(this.dir, 'mlflow.db')}`, '--artifacts-destination', this.artifactsDir, '--serve-artifacts', '--host', '127.0.0.1', '--port', String(this.port), '--workers', '1'];
    // Job execution off: MLflow 3's job runner and its seven huey consumers (GenAI jobs no test uses) cost ~6 s and
    // ~8 s of CPU per start, and 14 test files start a server.
    const env: NodeJS.ProcessEnv = { ...process.env, MLFLOW_HOME: this.dir, PYTHONUNBUFFERED: '1', NO_COLOR: '1', MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' };
    if (this.opts.basicAuth) {
      const ini = path.join(this.dir, 'basic_auth.ini');
      fs.writeFileSync(
        ini,
        ['[mlflow]', 'default_permission = READ', `database_uri = sqlite:///${path.join(this.dir, 'basic_auth.db')}`, `admin_username = ${this.admin.username}`, `admin_password = ${this.admin.password}`, 'authorization_function = mlflow.server.auth:authenticate_request_basic_auth', ''].join('\n'),
      );
      args.push('--app-name', 'basic-auth');
      Object.assign(env, { MLFLOW_AUTH_CONFIG_PATH: ini, MLFLOW_FLASK_SERVER_SECRET_KEY: 'udw-test-secret' });
    }
    // Its own process group: `mlflow server` starts uvicorn and workers, and stop() ends them all.
    const child = spawn(MLFLOW_BIN, args, { cwd: this.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    // A test process that ends without its afterAll (a timeout, Ctrl-C) takes the server with it.
    const orphanGuard = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    process.once('exit', orphanGuard);
    child.once('exit', () => process.removeListener('exit', orphanGuard));
    const keep = (b: Buffer): void => void (this.log = (this.log + b.toString()).slice(-20_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const deadline = Date.now() + (this.opts.startTimeoutMs ?? 300_000);
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`mlflow server exited (${child.exitCode ?? child.signalCode}) before it answered /health:\n${this.log}`);
      if (await this.healthy()) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    await this.stop();
    throw new Error(`mlflow server on port ${this.port} did not answer /health within ${(this.opts.startTimeoutMs ?? 300_000) / 1000} s:\n${this.log}`);
  }

  private async healthy(): Promise<boolean> {
    try {
      const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(3_000) });
      return res.ok;
    } catch {
      return false;
    }
  }

  /** The server's recent output, for a failing test's message. */
  public output(): string {
    return this.log;
  }

  public async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const group = (signal: NodeJS.Signals): void => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    };
    group('SIGTERM');
    const timer = setTimeout(() => group('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    group('SIGKILL'); // any worker the parent left behind
  }

  /** Stops and starts again on the same store, folder and port. */
  public async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  /** Stops it and removes its folder. */
  public async dispose(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** A REST call as a test reads the server back (admin credentials on a basic-auth server). */
  public async api<T>(method: 'GET' | 'POST', apiPath: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.opts.basicAuth) headers.authorization = `Basic ${Buffer.from(`${this.admin.username}:${this.admin.password}`).toString('base64')}`;
    const res = await fetch(`${this.url}/${apiPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${apiPath}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }
}
