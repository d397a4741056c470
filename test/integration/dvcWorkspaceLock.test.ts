/**
 * The data workspace's lock against other processes (sync/dvc/workspaceLock.ts), with a real second Node
 * process holding it: a job here waits until that process lets go; a lock left by a dead process is taken
 * over; a waiter that gives up names the holder.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, withWorkspaceLock } from '../../src/main/sync/dvc/workspaceLock';

let gitDir: string;
let child: ChildProcessWithoutNullStreams | null = null;

/** A process that takes the lock, says so, and holds it until its stdin closes. */
function holder(): Promise<ChildProcessWithoutNullStreams> {
  const code = `
    import { withWorkspaceLock } from ${JSON.stringify(path.resolve('src/main/sync/dvc/workspaceLock.ts'))};
    await withWorkspaceLock(process.argv[1], () => new Promise((resolve) => {
      process.stdout.write('taken\\n');
      process.stdin.on('end', resolve);
      process.stdin.resume();
    }));
  `;
  const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, gitDir], { stdio: 'pipe' });
  child = c;
  return new Promise((resolve, reject) => {
    c.stdout.on('data', (d: Buffer) => (d.toString().includes('taken') ? resolve(c) : undefined));
    c.on('exit', (code) => reject(new Error(`lock holder exited (${code}) before taking the lock`)));
  });
}

beforeEach(() => {
  gitDir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-ws-lock-'));
});
afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
  fs.rmSync(gitDir, { recursive: true, force: true });
});

describe('withWorkspaceLock', () => {
  it('waits while another process holds the workspace, then runs holding it itself', async () => {
    const c = await holder();
    const held = JSON.parse(fs.readFileSync(path.join(gitDir, LOCK_FILE), 'utf8')) as { pid: number };
    expect(held.pid).toBe(c.pid);
    let released = false;
    const job = withWorkspaceLock(gitDir, () => {
      const mine = JSON.parse(fs.readFileSync(path.join(gitDir, LOCK_FILE), 'utf8')) as { pid: number };
      return Promise.resolve({ released, pid: mine.pid });
    });
    // Some polls go by while the holder holds it.
    await new Promise((r) => setTimeout(r, 600));
    released = true;
    c.stdin.end();
    expect(await job).toEqual({ released: true, pid: process.pid });
    expect(fs.existsSync(path.join(gitDir, LOCK_FILE))).toBe(false);
  }, 60_000);

  it('takes over a lock whose process is gone', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(path.join(gitDir, LOCK_FILE), JSON.stringify({ pid: Number(dead.stdout), host: os.hostname(), at: '2026-01-01T00:00:00Z' }));
    expect(await withWorkspaceLock(gitDir, () => Promise.resolve('ran'))).toBe('ran');
    expect(fs.existsSync(path.join(gitDir, LOCK_FILE))).toBe(false);
  });

  it('gives up after its wait, naming the lock file and the process that holds it', async () => {
    const c = await holder();
    await expect(withWorkspaceLock(gitDir, () => Promise.resolve('never'), 300)).rejects.toThrow(
      new RegExp(`${path.join(gitDir, LOCK_FILE).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the data workspace is busy \\(pid ${c.pid} on `),
    );
    c.stdin.end();
  }, 60_000);
});
