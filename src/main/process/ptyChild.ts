/**
 * A managed child on a pseudo-terminal (node-pty), so programs that draw for a terminal (tqdm's progress
 * bars, colours) do so; what they print arrives as raw terminal data, stdout and stderr together. The event
 * channel is then a local socket (eventSocket.ts) named by UDW_EVENTS_SOCKET.
 *
 * node-pty makes the child a session leader with the terminal as its controlling tty: signalling `-pid`
 * reaches its whole group, and when this process dies the terminal's master side closes and the kernel
 * sends the session SIGHUP. A child that catches SIGHUP still sees the event socket end (its other
 * parent-death signal).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import type * as NodePtyModule from 'node-pty';
import type { IPty } from 'node-pty';
import { EVENTS_SOCKET_ENV } from '../../shared/training/protocol';
import type { ChildControl, ChildSink, LaunchSpec } from './childLaunch';
import { whyCannotStart } from './commandCheck';
import { EventSocket } from './eventSocket';
import { signalChild } from './signalChild';

export interface TerminalSize {
  cols: number;
  rows: number;
}

type NodePty = typeof NodePtyModule;
const require = createRequire(import.meta.url);
// Loaded on first use: a native module only terminal launches need.
let nodePty: NodePty | null = null;
function loadPty(): NodePty {
  nodePty ??= require('node-pty') as NodePty;
  return nodePty;
}

/** How long, after the child exited, its event connections may take to deliver their last lines. */
const EVENTS_DRAIN_MS = 2000;

const SIGNAL_NAMES = new Map<number, NodeJS.Signals>(Object.entries(os.constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

export function startPtyChild(spec: LaunchSpec, size: TerminalSize, sink: ChildSink): ChildControl | null {
  const fail = (message: string): null => {
    queueMicrotask(() => {
      sink.spawnFailed(message);
      sink.closed(null, null);
    });
    return null;
  };
  const problem = whyCannotStart(spec.command, spec.cwd, spec.env);
  if (problem) return fail(problem);
  let socket: EventSocket | null = null;
  const env: Record<string, string> = { ...spec.env, TERM: spec.env.TERM ?? 'xterm-256color' };
  try {
    if (spec.events || spec.watchParent) {
      socket = new EventSocket({
        name: spec.name,
        maxLineBytes: spec.maxEventBytes,
        // Without an events schema the socket only serves as the parent-death signal: what comes is dropped.
        onLine: (line) => (spec.events ? sink.eventLine(line) : undefined),
        onProblem: (message) => sink.eventProblem(message),
      });
      env[EVENTS_SOCKET_ENV] = socket.address;
    }
  } catch (err) {
    return fail(`${spec.name}: cannot open the event socket: ${(err as Error).message}`);
  }
  let term: IPty;
  try {
    term = loadPty().spawn(spec.command, [...spec.args], { name: env.TERM, cols: size.cols, rows: size.rows, cwd: spec.cwd, env });
  } catch (err) {
    void socket?.close(0);
    return fail((err as Error).message);
  }
  let exited = false;
  term.onData((text) => sink.data(text));
  term.onExit(({ exitCode, signal }) => {
    exited = true;
    sink.exited();
    const name = signal ? (SIGNAL_NAMES.get(signal) ?? null) : null;
    const finish = () => sink.closed(name ? null : exitCode, name);
    if (socket) void socket.close(EVENTS_DRAIN_MS).then(finish, finish);
    else finish();
  });
  const windows = process.platform === 'win32';
  return {
    pid: term.pid,
    stdin: null,
    decoders: socket?.decoders ?? [],
    // Windows has no signals: node-pty's kill() ends the console's process tree.
    signal: (signal) => signalChild({ pid: term.pid, group: spec.groupKill && !windows, exited, fallback: (s) => (windows ? term.kill() : term.kill(s)) }, signal),
  };
}
