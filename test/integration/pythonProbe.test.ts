/**
 * Asking a candidate interpreter for its version runs it as a managed process: one that hangs on --version
 * is stopped (with what it started) and reported as not usable instead of holding up the candidate list;
 * it sees the allowlisted environment only; and a runaway answer is not taken for a version. Real child
 * processes (POSIX shell scripts standing in for interpreters); waits are handshakes, bounds are generous.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processSupervisor } from '../../src/main/process/processSupervisor';
import { probePythonVersion, probePythons } from '../../src/main/python/pythonCandidates';
import { POSIX, writeFakePython } from '../helpers/fakePython';
import { isRunning, waitUntilGone } from './helpers/processLiveness';

/** A bound on "soon" for polls: far above any real figure, so only a real failure reaches it. */
const SOON_MS = 30_000;

const dirs: string[] = [];
const leftovers = new Set<number>();
afterEach(() => {
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
  leftovers.clear();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-probe-'));
  dirs.push(dir);
  return dir;
}

function script(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, ['#!/bin/sh', ...lines, ''].join('\n'), { mode: 0o755 });
  return file;
}

/**
 * A "Python" that never answers --version: it starts a `sleep` (a grandchild, as a real interpreter's helper
 * would be), writes that pid where the test can read it, and waits on it. SIGTERM to the script alone would
 * leave the sleep behind; the probe must stop both.
 */
function hangingPython(dir: string): { file: string; pidFile: string } {
  const pidFile = path.join(dir, 'sleep.pid');
  const file = script(dir, 'python3', ['sleep 600 &', `echo $! > '${pidFile}.tmp' && mv '${pidFile}.tmp' '${pidFile}'`, 'wait']);
  return { file, pidFile };
}

/** Waits for the hanging fake to say it is running (the handshake), and returns its `sleep`'s pid. */
async function pidFrom(file: string): Promise<number> {
  const until = Date.now() + SOON_MS;
  while (!fs.existsSync(file)) {
    if (Date.now() > until) throw new Error(`${file} did not appear: the hanging fake never started`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return readPid(file)!;
}

/**
 * The `sleep`'s pid if the fake got as far as writing it. After a timed-out probe it may not have (a loaded
 * machine, a short timeout); then nothing of it is left either: the probe ends only once every holder of its
 * stdout, the `sleep` included, is gone.
 */
function readPid(file: string): number | null {
  if (!fs.existsSync(file)) return null;
  const pid = Number(fs.readFileSync(file, 'utf8').trim());
  leftovers.add(pid);
  return pid;
}

async function expectStopped(pidFile: string): Promise<void> {
  const sleeper = readPid(pidFile);
  if (sleeper !== null) expect(await waitUntilGone(sleeper, SOON_MS), `the hung candidate's child ${sleeper} is still running`).toBe(true);
}

describe.skipIf(!POSIX)('probing a Python candidate', () => {
  it('one that hangs on --version is reported as not usable once the timeout passes, and what it started is stopped', async () => {
    const dir = scratch();
    const hang = hangingPython(dir);
    const version = await probePythonVersion(hang.file, 500);
    expect(version).toBeNull();
    await expectStopped(hang.pidFile);
  });

  it('a hanging candidate does not hold up the others: each is probed on its own and the list comes back', async () => {
    const dir = scratch();
    fs.mkdirSync(path.join(dir, 'hang'));
    const hang = hangingPython(path.join(dir, 'hang'));
    const good = writeFakePython(path.join(dir, 'good'), '3.71.4');
    const probed = await probePythons(
      [
        { path: hang.file, source: 'PATH' },
        { path: good, source: 'PATH' },
      ],
      { timeoutMs: 1000 },
    );
    expect(probed.map((p) => [p.path, p.version])).toEqual([
      [hang.file, null],
      [good, '3.71.4'],
    ]);
    await expectStopped(hang.pidFile);
  });

  it('shutting the back end down (the process supervisor) stops a probe still waiting, which then counts as not usable', async () => {
    const dir = scratch();
    const hang = hangingPython(dir);
    const probe = probePythonVersion(hang.file, 600_000);
    const sleeper = await pidFrom(hang.pidFile);
    expect(isRunning(sleeper)).toBe(true);
    await processSupervisor.disposeAll();
    expect(await probe).toBeNull();
    expect(await waitUntilGone(sleeper, SOON_MS)).toBe(true);
  });

  it('the candidate sees the allowlisted environment: Python variables yes, our secrets no', async () => {
    const dir = scratch();
    // The version it reports carries what it saw, so the assertion reads it back through the real probe.
    const file = script(dir, 'python3', ['echo "Python 3.50.0+${PYTHONUTF8:-none}.${UDW_PROBE_SECRET:-none}"']);
    const saved = { secret: process.env.UDW_PROBE_SECRET, utf8: process.env.PYTHONUTF8 };
    process.env.UDW_PROBE_SECRET = 'leaked';
    process.env.PYTHONUTF8 = '1';
    try {
      expect(await probePythonVersion(file)).toBe('3.50.0+1.none');
    } finally {
      for (const [name, value] of [['UDW_PROBE_SECRET', saved.secret], ['PYTHONUTF8', saved.utf8]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('an answer that is not a version is not usable: other text, a failing exit, a runaway line, a missing file', async () => {
    const dir = scratch();
    const chatty = script(dir, 'chatty', ['echo hello']);
    const failing = script(dir, 'failing', ['echo "Python 3.60.0"', 'exit 3']);
    // "Python 3.…" followed by a megabyte on one line: cut at the line limit, and not taken for a version.
    const runaway = script(dir, 'runaway', [`printf 'Python 3.61.0'; head -c 1048576 /dev/zero | tr '\\0' x; echo`]);
    const onStderr = script(dir, 'python2', ['echo "Python 2.7.18" >&2']);
    expect(await probePythonVersion(chatty)).toBeNull();
    expect(await probePythonVersion(failing)).toBeNull();
    expect(await probePythonVersion(runaway)).toBeNull();
    expect(await probePythonVersion(path.join(dir, 'no-such-python'))).toBeNull();
    // Python 2 answers on stderr, and still counts as answering like a Python.
    expect(await probePythonVersion(onStderr)).toBe('2.7.18');
  });
});
