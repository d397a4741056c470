/**
 * A test service (moto_server, postgres, the stack's MLflow script) as a child in its own process group, so
 * that stop() ends it with everything it started, and a test process that ends without its afterAll (a
 * timeout, Ctrl-C) takes it along. Keeps the last output for a failing test's message.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export class ServiceProcess {
  private log = '';

  private constructor(
    public readonly name: string,
    private readonly child: ChildProcess,
  ) {}

  public static spawn(name: string, command: string, args: string[], opts: Pick<SpawnOptions, 'cwd' | 'env' | 'uid' | 'gid'>): ServiceProcess {
    const child = spawn(command, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const service = new ServiceProcess(name, child);
    const orphanGuard = (): void => service.signal('SIGKILL');
    process.once('exit', orphanGuard);
    child.once('exit', () => process.removeListener('exit', orphanGuard));
    // A missing binary is an 'error' event, not an exit; it shows in running() and output().
    child.once('error', (e) => service.keep(Buffer.from(`${command}: ${e.message}\n`)));
    child.stdout.on('data', (b: Buffer) => service.keep(b));
    child.stderr.on('data', (b: Buffer) => service.keep(b));
    return service;
  }

  private keep(b: Buffer): void {
    this.log = (this.log + b.toString()).slice(-20_000);
  }

  public get running(): boolean {
    return this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  public output(): string {
    return this.log;
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, signal);
    } catch {
      /* already gone */
    }
  }

  /**
   * Polls `ready` every 300 ms until it is true; throws with the output when the process exits first or
   * the deadline passes (a generous one: start-up on a loaded machine is slow, and no test measures it).
   */
  public async waitUntil(ready: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode ?? 'did not start'}) before ${what}:\n${this.log}`);
      if (await ready()) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    await this.stop();
    throw new Error(`${this.name} did not become ready (${what}) within ${timeoutMs / 1000} s:\n${this.log}`);
  }

  /**
   * `signal` to the group (PostgreSQL's immediate shutdown is SIGQUIT), SIGKILL after `graceMs`, then SIGKILL
   * to any straggler. A throw-away service needs no long grace: nothing it would still write is kept.
   */
  public async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.signal(signal);
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    this.signal('SIGKILL');
  }
}
