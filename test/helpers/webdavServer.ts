/**
 * A real WebDAV server for the DVC remote tests: the .venv's WsgiDAV (pip `wsgidav`, on `cheroot`) serving a
 * temp folder on a random loopback port, anonymous read-write. `remoteUrl(sub)` is the `webdav://` URL DVC
 * takes for a folder under it; DVC does not create its remote's own folder on a WebDAV server, so that one
 * is made here first.
 *
 *   const dav = await WebdavServer.start();
 *   await workspace.init(dav.remoteUrl('dvc'));
 *   await dav.stop();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './mlflowServer';
import { ServiceProcess } from './serviceProcess';

export const WSGIDAV_BIN = path.resolve('.venv', 'bin', 'wsgidav');
/** Why WebDAV tests skip, or null when they can run. */
export const wsgidavMissing = fs.existsSync(WSGIDAV_BIN) ? null : `${WSGIDAV_BIN} missing: run scripts/bootstrap (python-bridge/requirements-dev.txt installs wsgidav and cheroot)`;

export class WebdavServer {
  private constructor(
    public readonly port: number,
    /** The folder served as `/`. */
    public readonly root: string,
    private readonly proc: ServiceProcess,
  ) {}

  public get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The DVC remote URL of folder `sub` (created now) under the served root. */
  public remoteUrl(sub: string): string {
    fs.mkdirSync(path.join(this.root, sub), { recursive: true });
    return `webdav://127.0.0.1:${this.port}/${sub}`;
  }

  public static async start(opts: { startTimeoutMs?: number } = {}): Promise<WebdavServer> {
    if (wsgidavMissing) throw new Error(wsgidavMissing);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-webdav-'));
    const port = await freePort();
    const args = ['--host', '127.0.0.1', '--port', String(port), '--root', root, '--auth', 'anonymous', '--server', 'cheroot', '--no-config', '-q'];
    const proc = ServiceProcess.spawn('wsgidav', WSGIDAV_BIN, args, { cwd: root, env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    const server = new WebdavServer(port, root, proc);
    await proc.waitUntil(() => server.answers(), opts.startTimeoutMs ?? 120_000, `it answered on ${server.url}`);
    return server;
  }

  private async answers(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/`, { signal: AbortSignal.timeout(3_000) })).ok;
    } catch {
      return false;
    }
  }

  public output(): string {
    return this.proc.output();
  }

  /** Ends the server and removes its folder. */
  public async stop(): Promise<void> {
    await this.proc.stop();
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
