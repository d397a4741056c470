/**
 * The managed-process class against real child processes: Node children (plain `node -e` scripts and
 * TypeScript ones through tsx) and a real Python. Waits are handshakes (a child prints "ready" once it is
 * set up) and the few polls have generous bounds; nothing asserts how long anything took.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagedProcess, type OutputLine, type ProcessMessage } from '../../src/main/process/managedProcess';
import { ProcessSupervisor } from '../../src/main/process/processSupervisor';
import { runBridge } from '../../src/main/python/runBridge';
import { isRunning, waitUntilGone } from './helpers/processLiveness';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const bridgeDir = path.join(repoRoot, 'python-bridge');
const venvPython = path.join(repoRoot, '.venv', 'bin', 'python');
const python = fs.existsSync(venvPython) ? venvPython : 'python3';
/** A bound on "soon" for polls: far above any real figure, so only a real failure reaches it. */
const GONE_WITHIN_MS = 30_000;

/** Pids a failed test might leave running; killed after each test. */
const leftovers = new Set<number>();
const parents = new Set<ChildProcess>();
afterEach(() => {
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
  leftovers.clear();
  for (const p of parents) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  parents.clear();
});

function node(script: string, extra: Partial<Parameters<typeof ManagedProcess.launch>[0]> = {}) {
  return ManagedProcess.launch({ name: 'test child', command: process.execPath, args: ['-e', script], supervisor: null, ...extra });
}

function collectLines(proc: ManagedProcess<unknown>): OutputLine[] {
  const lines: OutputLine[] = [];
  proc.on('line', (line) => lines.push(line));
  return lines;
}

/** Resolves with the first line of `stream` that satisfies `match`. */
function lineMatching(proc: ManagedProcess<unknown>, match: (line: OutputLine) => boolean): Promise<OutputLine> {
  return new Promise((resolve, reject) => {
    const off = proc.on('line', (line) => {
      if (!match(line)) return;
      off();
      resolve(line);
    });
    void proc.done.then((result) => reject(new Error(`${proc.name} ended before the expected line: ${JSON.stringify(result)}; stderr: ${proc.tail('stderr').join('\n')}`)));
  });
}

describe('output lines', () => {
  it('decodes a UTF-8 character and a line split across writes, and \\r\\n endings', async () => {
    // The euro sign is three bytes; the first goes out alone, the other two after a pause.
    const proc = node(`
      const euro = Buffer.from('€');
      process.stdout.write(Buffer.concat([Buffer.from('price: '), euro.subarray(0, 1)]));
      setTimeout(() => {
        process.stdout.write(Buffer.concat([euro.subarray(1), Buffer.from(' 5\\r\\nhalf a li')]));
        setTimeout(() => process.stdout.write('ne\\nno newline at the end'), 50);
      }, 50);
    `);
    const lines = collectLines(proc);
    const result = await proc.done;
    expect(result).toMatchObject({ reason: 'exited', code: 0, signal: null });
    expect(lines.map((l) => [l.stream, l.text, l.truncated])).toEqual([
      ['stdout', 'price: € 5', false],
      ['stdout', 'half a line', false],
      ['stdout', 'no newline at the end', false],
    ]);
    expect(lines[0]!.bytes).toBe(Buffer.byteLength('price: € 5'));
  });

  it('cuts a 10 MB line to the limit, marks it, and never buffers more than the limit', async () => {
    const limit = 64 * 1024;
    const proc = node(`
      process.stdout.write(Buffer.alloc(10 * 1024 * 1024, 'x'));
      process.stdout.write('\\nafter\\n');
    `, { maxLineBytes: limit });
    const lines = collectLines(proc);
    await proc.done;
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ truncated: true, bytes: 10 * 1024 * 1024 });
    expect(lines[0]!.text).toBe('x'.repeat(limit));
    expect(lines[1]).toMatchObject({ text: 'after', truncated: false });
    expect(proc.maxBufferedBytes).toBeLessThanOrEqual(limit + 1);
    expect(proc.tail('stdout')[0]).toMatch(/… \[line cut: 10485760 bytes\]$/);
  });

  it('keeps only the last tailLines lines of each stream', async () => {
    const proc = node(`for (let i = 0; i < 1000; i++) console.error('line ' + i);`, { tailLines: 5 });
    await proc.done;
    expect(proc.tail('stderr')).toEqual(['line 995', 'line 996', 'line 997', 'line 998', 'line 999']);
    expect(proc.tail('stdout')).toEqual([]);
  });
});

describe('structured events', () => {
  const Progress = z.object({ type: z.literal('progress'), step: z.number().int(), loss: z.number() });

  it('delivers valid events and reports bad payloads without throwing (Node child)', async () => {
    const proc = ManagedProcess.launch({
      name: 'events child',
      command: process.execPath,
      args: ['--import', 'tsx', path.join(here, 'helpers/eventsChild.ts')],
      cwd: repoRoot,
      events: Progress,
      supervisor: null,
    });
    const messages: ProcessMessage<z.infer<typeof Progress>>[] = [];
    for await (const m of proc.messages()) messages.push(m);
    const events = messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
    const errors = messages.flatMap((m) => (m.kind === 'eventError' ? [m.error] : []));
    expect(events).toEqual([
      { type: 'progress', step: 1, loss: 0.5 },
      { type: 'progress', step: 3, loss: 0.25 },
    ]);
    expect(errors).toHaveLength(2);
    expect(errors[0]!.message).toMatch(/^events child: event channel: the event does not match the expected schema: step: .*number/);
    expect(errors[0]!.line).toBe('{"type":"progress","step":"two"}');
    expect(errors[1]!.message).toMatch(/^events child: event channel: expected one JSON object per line, got text that is not JSON/);
    expect(messages.at(-1)).toMatchObject({ kind: 'exit', result: { reason: 'exited', code: 0 } });
    expect(messages.some((m) => m.kind === 'line' && m.line.text === 'done')).toBe(true);
  });

  it('delivers events from a Python child through udw_bridge.events', async () => {
    const proc = ManagedProcess.launch({
      name: 'python events',
      command: python,
      args: ['-c', 'from udw_bridge import events\nevents.emit({"type": "progress", "step": 7, "loss": 1.5})\nevents.emit({"type": "oops"})'],
      cwd: bridgeDir,
      env: { PYTHONPATH: bridgeDir },
      events: Progress,
      supervisor: null,
    });
    const events: unknown[] = [];
    const errors: string[] = [];
    proc.on('event', (e) => events.push(e));
    proc.on('eventError', (e) => errors.push(e.message));
    const result = await proc.done;
    expect(result, proc.tail('stderr').join('\n')).toMatchObject({ reason: 'exited', code: 0 });
    expect(events).toEqual([{ type: 'progress', step: 7, loss: 1.5 }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/python events: event channel: the event does not match the expected schema: type: /);
  });
});

describe('exit, crash and cancel', () => {
  it('reports a non-zero exit and a crash by a foreign signal, with crash events', async () => {
    const failed = node('process.exit(3)');
    const crashes: string[] = [];
    failed.on('crash', (r) => crashes.push(r.reason));
    expect(await failed.done).toMatchObject({ reason: 'failed', code: 3, signal: null, signalsSent: [] });
    const killed = node("process.kill(process.pid, 'SIGKILL')");
    killed.on('crash', (r) => crashes.push(r.reason));
    expect(await killed.done).toMatchObject({ reason: 'crashed', code: null, signal: 'SIGKILL', signalsSent: [] });
    expect(crashes).toEqual(['failed', 'crashed']);
  });

  it('reports a command that cannot start as spawnFailed, naming it', async () => {
    const proc = ManagedProcess.launch({ name: 'missing', command: '/nonexistent/udw-no-such-command', supervisor: null });
    const result = await proc.done;
    expect(result).toMatchObject({ reason: 'spawnFailed', pid: null, code: null });
    expect(result.error).toContain('/nonexistent/udw-no-such-command');
    expect(await proc.cancel()).toBe(result);
  });

  it('cancel sends SIGTERM first and escalates to SIGKILL for a child that ignores it', async () => {
    const proc = node(
      `process.on('SIGTERM', () => console.log('SIGTERM ignored'));
       console.log('ready');
       setInterval(() => {}, 1 << 30);`,
      { killTimeoutMs: 3000 },
    );
    const lines = collectLines(proc);
    await lineMatching(proc, (l) => l.text === 'ready');
    const result = await proc.cancel();
    expect(result).toMatchObject({ reason: 'cancelled', code: null, signal: 'SIGKILL', signalsSent: ['SIGTERM', 'SIGKILL'] });
    expect(lines.map((l) => l.text)).toEqual(['ready', 'SIGTERM ignored']);
  });

  it('cancel stops a cooperative child with SIGTERM alone, and its grandchildren with it', async () => {
    // The child starts a grandchild (another node) and reports its pid; cancel signals the whole group.
    const proc = node(
      `const { spawn } = require('node:child_process');
       const g = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
       console.log('grandchild ' + g.pid);
       setInterval(() => {}, 1 << 30);`,
    );
    const line = await lineMatching(proc, (l) => l.text.startsWith('grandchild '));
    const grandchild = Number(line.text.split(' ')[1]);
    leftovers.add(grandchild);
    expect(isRunning(grandchild)).toBe(true);
    const result = await proc.cancel();
    expect(result).toMatchObject({ reason: 'cancelled', signal: 'SIGTERM', signalsSent: ['SIGTERM'] });
    expect(await waitUntilGone(grandchild, GONE_WITHIN_MS)).toBe(true);
  });

  it('timeoutMs cancels a child that runs too long', async () => {
    const proc = node(`console.log('ready'); setInterval(() => {}, 1 << 30);`, { timeoutMs: 200 });
    expect(await proc.done).toMatchObject({ reason: 'timedOut', signal: 'SIGTERM', signalsSent: ['SIGTERM'] });
  });

  it('a supervisor disposeAll cancels every live child and waits for them', async () => {
    const supervisor = new ProcessSupervisor();
    const script = `console.log('ready'); setInterval(() => {}, 1 << 30);`;
    const a = node(script, { supervisor });
    const b = node(script, { supervisor });
    await Promise.all([lineMatching(a, (l) => l.text === 'ready'), lineMatching(b, (l) => l.text === 'ready')]);
    expect(supervisor.size).toBe(2);
    await supervisor.disposeAll();
    expect(supervisor.size).toBe(0);
    expect(await a.done).toMatchObject({ reason: 'cancelled', signal: 'SIGTERM' });
    expect(await b.done).toMatchObject({ reason: 'cancelled', signal: 'SIGTERM' });
  });
});

describe('no orphans when the parent is killed with SIGKILL', () => {
  async function orphanCase(args: string[]) {
    const parent = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'helpers/orphanParent.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    parents.add(parent);
    let stderr = '';
    parent.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => parent.on('exit', resolve));
    const first = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: parent.stdout }).once('line', resolve);
      void exited.then(() => reject(new Error(`the parent exited before reporting its child: ${stderr}`)));
    });
    const report = JSON.parse(first) as { childPid?: number; watched?: boolean };
    expect(report, `the parent said: ${first}; stderr: ${stderr}`).toEqual({ childPid: expect.any(Number), watched: true });
    const childPid = report.childPid!;
    leftovers.add(childPid);
    expect(isRunning(childPid)).toBe(true);
    parent.kill('SIGKILL');
    await exited;
    expect(await waitUntilGone(childPid, GONE_WITHIN_MS)).toBe(true);
  }

  it('a Node child (parentWatch.ts) exits', async () => {
    await orphanCase(['node']);
  });

  it('a Python child (udw_bridge.parent_watch) exits', async () => {
    await orphanCase(['python', python, bridgeDir]);
  });
});

describe('environment', () => {
  const SECRET = 'UDW_TEST_SECRET_TOKEN';
  afterEach(() => {
    delete process.env[SECRET];
  });

  async function childEnv(extra: Partial<Parameters<typeof ManagedProcess.launch>[0]> = {}): Promise<Record<string, string>> {
    const proc = node('console.log(JSON.stringify(process.env))', extra);
    const line = lineMatching(proc, (l) => l.stream === 'stdout');
    await proc.done;
    return JSON.parse((await line).text) as Record<string, string>;
  }

  it('a secret in the parent environment is not inherited unless passed', async () => {
    process.env[SECRET] = 'hunter2';
    const plain = await childEnv();
    expect(plain[SECRET]).toBeUndefined();
    expect(plain.PATH).toBe(process.env.PATH);
    expect(plain.UDW_PARENT_WATCH_FD).toBe('4');
    expect(await childEnv({ env: { [SECRET]: 'given' } })).toMatchObject({ [SECRET]: 'given' });
    expect(await childEnv({ inheritEnv: ['UDW_TEST_SECRET_*'] })).toMatchObject({ [SECRET]: 'hunter2' });
  });
});

describe('runBridge on the managed process', () => {
  it('reads the last JSON line and the exit code of a real bridge command', async () => {
    const res = await runBridge(python, bridgeDir, ['--version']);
    expect(res.code).toBe(0);
    expect(res.json).toMatchObject({ type: 'version', bridge: expect.any(String) });
  });

  it('returns a usage error as a code with its stderr, not a rejection', async () => {
    const res = await runBridge(python, bridgeDir, ['no-such-command']);
    expect(res.code).toBe(2);
    expect(res.json).toBeNull();
    expect(res.stderr).toMatch(/usage: udw_bridge/);
  });

  it('rejects, naming the interpreter, when it does not exist', async () => {
    await expect(runBridge('/nonexistent/python3', bridgeDir, ['doctor'])).rejects.toThrow(/^cannot run \/nonexistent\/python3: /);
  });
});
