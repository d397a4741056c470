/**
 * A throw-away PostgreSQL for the tests, from Debian's `postgresql` package (scripts/bootstrap installs it):
 * `initdb` into a temp folder, then the postmaster in the foreground on a random loopback port with its unix
 * socket in the same folder, so nothing of the machine's own clusters is touched. Password (SCRAM)
 * authentication over TCP, as the stack's MLflow connects (`postgresql://USER:PASSWORD@HOST:PORT/DB`).
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` user the package creates.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './mlflowServer';
import { ServiceProcess } from './serviceProcess';

/** The newest /usr/lib/postgresql/<major>/bin that has initdb, or null. */
function findBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const majors = fs.readdirSync(base).filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(base, v, 'bin', 'initdb')));
  majors.sort((a, b) => Number(b) - Number(a));
  return majors.length ? path.join(base, majors[0]!, 'bin') : null;
}

export const POSTGRES_BIN_DIR = findBinDir();

/** The uid/gid to run as: ourselves, or the package's `postgres` user when we are root. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  return Number.isInteger(uid) && uid > 0 && Number.isInteger(gid) ? { uid, gid } : null;
}

const owner = runAs();

/** Why PostgreSQL tests skip, or null when they can run. */
export const postgresMissing: string | null = !POSTGRES_BIN_DIR
  ? 'no PostgreSQL server binaries under /usr/lib/postgresql/*/bin: run scripts/bootstrap (it installs the Debian package postgresql)'
  : process.getuid?.() === 0 && !owner
    ? 'running as root without a `postgres` user to run initdb and postgres as (the Debian package postgresql creates it)'
    : null;

export interface PostgresServerOptions {
  user?: string;
  password?: string;
  database?: string;
  /** Default 120 s. */
  startTimeoutMs?: number;
}

export class PostgresServer {
  private constructor(
    public readonly dir: string,
    public readonly port: number,
    public readonly user: string,
    public readonly password: string,
    public readonly database: string,
    private readonly proc: ServiceProcess,
  ) {}

  /** The SQLAlchemy/libpq URI of the database over TCP with the password, as the stack gives MLflow. */
  public get uri(): string {
    return `postgresql://${encodeURIComponent(this.user)}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${encodeURIComponent(this.database)}`;
  }

  public static async start(opts: PostgresServerOptions = {}): Promise<PostgresServer> {
    if (postgresMissing) throw new Error(postgresMissing);
    const bin = POSTGRES_BIN_DIR!;
    const user = opts.user ?? 'mlflow';
    const password = opts.password ?? 'udw-pg-password-1';
    const database = opts.database ?? 'mlflow';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-pg-'));
    const data = path.join(dir, 'data');
    const pwfile = path.join(dir, 'pwfile');
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner) {
      fs.chownSync(dir, owner.uid, owner.gid);
      fs.chownSync(pwfile, owner.uid, owner.gid);
    }
    const as: SpawnSyncOptions = { cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, ...(owner ?? {}) };
    const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '--no-locale', '--encoding=UTF8', '--no-sync'], as);
    if (init.status !== 0) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`initdb ${data} failed (${init.status ?? init.signal}):\n${String(init.stdout)}${String(init.stderr)}`);
    }
    const port = await freePort();
    // fsync off: a test cluster that dies with the machine is thrown away anyway.
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'];
    const proc = ServiceProcess.spawn('postgres', path.join(bin, 'postgres'), args, { cwd: dir, env: as.env, ...(owner ?? {}) });
    const server = new PostgresServer(dir, port, user, password, database, proc);
    const ready = (): Promise<boolean> => Promise.resolve(spawnSync(path.join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]).status === 0);
    try {
      await proc.waitUntil(ready, opts.startTimeoutMs ?? 120_000, `it accepted connections on 127.0.0.1:${port}`);
      if (database !== 'postgres') server.psql(`CREATE DATABASE "${database}"`, 'postgres');
    } catch (e) {
      await server.dispose();
      throw e;
    }
    return server;
  }

  /** Runs SQL through psql over TCP with the password (what a client of the stack does); rows as tab-separated lines. */
  public psql(sql: string, database = this.database): string[] {
    const r = spawnSync(path.join(POSTGRES_BIN_DIR!, 'psql'), ['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(this.port), '-U', this.user, '-d', database, '-c', sql], {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: this.password, PGCONNECT_TIMEOUT: '10' },
    });
    if (r.status !== 0) throw new Error(`psql on 127.0.0.1:${this.port}/${database} (${sql}) failed (${r.status ?? r.signal}): ${r.stderr}`);
    return r.stdout.split('\n').filter((l) => l !== '');
  }

  public output(): string {
    return this.proc.output();
  }

  /** Immediate shutdown (SIGQUIT: no checkpoint, the cluster is thrown away), then the folder is removed. */
  public async dispose(): Promise<void> {
    await this.proc.stop('SIGQUIT');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
