/**
 * The managed-process class in terminal mode (node-pty) against real children: a real Python drawing a
 * tqdm bar, events over the local socket named by UDW_EVENTS_SOCKET, cancel to the process group, and no
 * orphans when the parent is SIGKILLed (the terminal's SIGHUP, or the socket's end for a child that
 * ignores SIGHUP). Waits are handshakes; nothing asserts how long anything took.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { ManagedProcess, type ManagedProcessConfig, type ProcessMessage } from '../../src/main/process/managedProcess';
import { isRunning, waitUntilGone } from './helpers/processLiveness';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const helperDir = path.join(repoRoot, 'test/helpers/fakeBridge');
const venvPython = path.join(repoRoot, '.venv', 'bin', 'python');
const python = fs.existsSync(venvPython) ? venvPython : 'python3';
const GONE_WITHIN_MS = 30_000;
const posix = process.platform !== 'win32';

const leftovers = new Set<number>();
const parents = new Set<ChildProcess>();
afterEach(() => {
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  leftovers.clear();
  for (const p of parents) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  parents.clear();
});

const Progress = z.object({ type: z.literal('progress'), step: z.number().int(), loss: z.number() });
type Progress = z.infer<typeof Progress>;

function py<E = never>(script: string, extra: Partial<ManagedProcessConfig<E>> = {}): ManagedProcess<E> {
  return ManagedProcess.launch<E>({
    name: 'pty child',
    command: python,
    args: ['-c', `import sys\nsys.path.insert(0, ${JSON.stringify(helperDir)})\n${script}`],
    terminal: { cols: 100, rows: 30 },
    supervisor: null,
    ...extra,
  });
}

/** Resolves with the terminal text once it contains `marker`; rejects if the child ends first. */
function output<E>(proc: ManagedProcess<E>, marker: string): Promise<string> {
  let text = '';
  return new Promise((resolve, reject) => {
    const off = proc.on('data', (chunk) => {
      text += chunk;
      if (!text.includes(marker)) return;
      off();
      resolve(text);
    });
    void proc.done.then((r) => reject(new Error(`${proc.name} ended before printing ${marker}: ${JSON.stringify(r)}; output: ${JSON.stringify(text)}`)));
  });
}

describe('terminal output', () => {
  it('runs the child on a terminal of the given size: tqdm draws its bar with carriage returns, the tail keeps the last drawing', async () => {
    const proc = py(`
import os, shutil
from tqdm import tqdm
print("tty", sys.stdout.isatty(), sys.stderr.isatty(), shutil.get_terminal_size().columns, flush=True)
for _ in tqdm(range(5), desc="epoch 1", mininterval=0):
    pass
print("after the bar", flush=True)
`);
    let text = '';
    proc.on('data', (chunk) => (text += chunk));
    const lines: unknown[] = [];
    proc.on('line', (l) => lines.push(l));
    const result = await proc.done;
    expect(result, text).toMatchObject({ reason: 'exited', code: 0, signal: null });
    expect(text).toContain('tty True True 100');
    // Redrawn in place: several drawings of the bar on one line, the last at 100 %.
    expect(text).toMatch(/epoch 1:\s+0%.*\repoch 1: 100%\|[^\r\n]*\| 5\/5/s);
    expect(lines).toEqual([]);
    const tail = proc.tail('stdout');
    expect(tail[0]).toBe('tty True True 100');
    expect(tail[1]).toMatch(/^epoch 1: 100%\|.*\| 5\/5 /);
    expect(tail[1]).not.toContain('\r');
    expect(tail.at(-1)).toBe('after the bar');
  });

  it('passes only the allowlisted environment, names the socket, and no control-pipe fd', async () => {
    process.env.UDW_TEST_PTY_SECRET = 'hunter2';
    try {
      const proc = py(`import json, os\nprint("ENV" + json.dumps(dict(os.environ)), flush=True)`, { events: Progress });
      const text = await output(proc, '}');
      await proc.done;
      const env = JSON.parse(/ENV(\{.*\})/s.exec(text.replace(/\r\n/g, ''))![1]!) as Record<string, string>;
      expect(env.UDW_TEST_PTY_SECRET).toBeUndefined();
      expect(env.PATH).toBe(process.env.PATH);
      expect(env.TERM).toBe('xterm-256color');
      expect(env.UDW_PARENT_WATCH_FD).toBeUndefined();
      expect(env.UDW_EVENTS_FD).toBeUndefined();
      expect(env.UDW_EVENTS_SOCKET).toEqual(expect.any(String));
    } finally {
      delete process.env.UDW_TEST_PTY_SECRET;
    }
  });
});

describe('events over the local socket', () => {
  it('validates each line like fd 3, reports bad ones and an over-long one, and delivers the last event before the exit', async () => {
    const proc = py<Progress>(
      `
import os, stat
from events_socket import Channel
address = os.environ["UDW_EVENTS_SOCKET"]
mode = stat.S_IMODE(os.stat(os.path.dirname(address)).st_mode)
print("folder mode %o" % mode, flush=True)
ch = Channel()
ch.raw('{"type": "progress", "step": 1, "loss": 0.5}\\n')
ch.raw('{"type": "progress", "step": "two"}\\n')
ch.raw('this is not json\\n\\n')
ch.raw('{"type": "progress", "step": 4, "loss": ' + '1' * 3000 + '}\\n')
ch.raw('{"type": "progress", "step": 3, "loss": 0.25}\\n')
os._exit(0)
`,
      { events: Progress, maxEventBytes: 1024 },
    );
    const messages: ProcessMessage<Progress>[] = [];
    const folderMode = output(proc, 'folder mode');
    for await (const m of proc.messages()) messages.push(m);
    expect(await folderMode).toMatch(posix ? /folder mode 700/ : /folder mode/);
    const events = messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
    const errors = messages.flatMap((m) => (m.kind === 'eventError' ? [m.error] : []));
    expect(events).toEqual([
      { type: 'progress', step: 1, loss: 0.5 },
      { type: 'progress', step: 3, loss: 0.25 },
    ]);
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^pty child: event channel: the event does not match the expected schema: step: /),
      expect.stringMatching(/^pty child: event channel: expected one JSON object per line, got text that is not JSON/),
      expect.stringMatching(/^pty child: event channel: expected one JSON object per line within the event line limit, got a line of 3\d{3} bytes \(cut\)/),
    ]);
    expect(messages.at(-1)).toMatchObject({ kind: 'exit', result: { reason: 'exited', code: 0 } });
    expect(proc.maxBufferedBytes).toBeLessThanOrEqual(1025);
  });

  it('removes the socket and its folder once the child has ended', async () => {
    const proc = py(`import os\nprint("AT" + os.environ["UDW_EVENTS_SOCKET"] + "END", flush=True)`, { events: Progress });
    const text = await output(proc, 'END');
    const address = /AT(.*)END/s.exec(text.replace(/\r\n/g, ''))![1]!;
    await proc.done;
    if (posix) expect(fs.existsSync(path.dirname(address))).toBe(false);
  });
});

describe('exit, crash and cancel on a terminal', () => {
  it('reports a non-zero exit as failed and a crash by a signal as crashed', async () => {
    expect(await py('sys.exit(3)').done).toMatchObject({ reason: 'failed', code: 3, signal: null });
    expect(await py('import os, signal\nos.kill(os.getpid(), signal.SIGKILL)').done).toMatchObject({ reason: 'crashed', code: null, signal: 'SIGKILL' });
  });

  it('reports a missing command and a missing working folder as spawnFailed, naming them', async () => {
    const missing = await ManagedProcess.launch({ name: 'missing', command: '/nonexistent/udw-no-such-command', terminal: { cols: 80, rows: 24 }, supervisor: null }).done;
    expect(missing).toMatchObject({ reason: 'spawnFailed', pid: null, code: null });
    expect(missing.error).toContain('/nonexistent/udw-no-such-command');
    const noCwd = await ManagedProcess.launch({ name: 'no cwd', command: python, cwd: '/nonexistent/udw-folder', terminal: { cols: 80, rows: 24 }, supervisor: null }).done;
    expect(noCwd).toMatchObject({ reason: 'spawnFailed' });
    expect(noCwd.error).toMatch(/working directory \/nonexistent\/udw-folder does not exist/);
  });

  it('cancel: SIGTERM reaches a cooperative child, which checkpoints and exits with its own code; its grandchild goes too', async () => {
    const proc = py(`
import signal, subprocess, time
g = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
# The handler only sets a flag (printing inside it could re-enter a print the signal interrupted).
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
print("grandchild", g.pid, "ready", flush=True)
while not stop:
    time.sleep(0.05)
print("checkpoint written", flush=True)
sys.exit(6)
`);
    const text = await output(proc, 'ready');
    const grandchild = Number(/grandchild (\d+) ready/.exec(text)![1]);
    leftovers.add(grandchild);
    expect(isRunning(grandchild)).toBe(true);
    const result = await proc.cancel();
    expect(result).toMatchObject({ reason: 'cancelled', code: 6, signal: null, signalsSent: ['SIGTERM'] });
    expect(proc.tail('stdout')).toContain('checkpoint written');
    expect(await waitUntilGone(grandchild, GONE_WITHIN_MS)).toBe(true);
  });

  it('cancel escalates to SIGKILL for a child that ignores SIGTERM', async () => {
    const proc = py(`
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("ready", flush=True)
while True:
    time.sleep(1)
`, { killTimeoutMs: 1000 });
    await output(proc, 'ready');
    expect(await proc.cancel()).toMatchObject({ reason: 'cancelled', code: null, signal: 'SIGKILL', signalsSent: ['SIGTERM', 'SIGKILL'] });
  });
});

describe('no orphans when the parent is killed with SIGKILL', () => {
  /** A real parent process holding one terminal child; prints the child's pid once the child is ready. */
  const PARENT = `
const { ManagedProcess } = await import(${JSON.stringify(path.join(repoRoot, 'src/main/process/managedProcess.ts'))});
const [python, script] = process.argv.slice(1);
const child = ManagedProcess.launch({ name: 'orphan child', command: python, args: ['-c', script], terminal: { cols: 80, rows: 24 }, events: undefined });
let text = '';
child.on('data', (d) => {
  text += d;
  if (text.includes('ready')) { console.log(JSON.stringify({ childPid: child.pid })); text = ''; }
});
setInterval(() => {}, 1 << 30);
`;

  async function orphanCase(script: string): Promise<void> {
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PARENT, python, `import sys\nsys.path.insert(0, ${JSON.stringify(helperDir)})\n${script}`], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    parents.add(parent);
    let stderr = '';
    parent.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => parent.on('exit', resolve));
    const first = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: parent.stdout }).once('line', resolve);
      void exited.then(() => reject(new Error(`the parent exited before reporting its child: ${stderr}`)));
    });
    const childPid = (JSON.parse(first) as { childPid: number }).childPid;
    leftovers.add(childPid);
    expect(isRunning(childPid)).toBe(true);
    parent.kill('SIGKILL');
    await exited;
    expect(await waitUntilGone(childPid, GONE_WITHIN_MS)).toBe(true);
  }

  it.skipIf(!posix)('a child on the terminal gets SIGHUP and ends', async () => {
    await orphanCase('import time\nprint("ready", flush=True)\ntime.sleep(3600)');
  });

  it.skipIf(!posix)('a child that ignores SIGHUP still ends when the event socket reaches end-of-file', async () => {
    await orphanCase(`
import os, signal, threading, time
from events_socket import Channel
signal.signal(signal.SIGHUP, signal.SIG_IGN)
ch = Channel()
ch.watch_parent(lambda: os._exit(69))
print("ready", flush=True)
while True:
    time.sleep(0.2)
`);
  });
});
