/**
 * Real processes on one catalog for the multi-process tests: the `udw` CLI and helper children, run from
 * the sources with tsx (no build needed; parse workers come from the sources too).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Every child started here, so that a failing test can kill what it left running. */
const started = new Set<ChildProcess>();

export function killAll(): void {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  started.clear();
}

function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** `udw <args>` in its own process; resolves when it exits. */
export function udw(args: string[]): { child: ChildProcess; done: Promise<Finished> } {
  const child = track(spawn(process.execPath, ['--import', 'tsx', 'src/main/cli/udw.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Finished>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done };
}

/** A helper script (test/integration/helpers/*.ts) that prints one JSON line when ready. */
export async function startReadyChild<T>(script: string, args: string[]): Promise<{ child: ChildProcess; ready: T; exited: Promise<Finished> }> {
  const child = track(spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/integration/helpers', script), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<Finished>((resolve) => child.once('close', (status, signal) => resolve({ status, signal, stdout: '', stderr })));
  const lines = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before it was ready:\n${stderr}`)));
  });
  return { child, ready: JSON.parse(first) as T, exited };
}
