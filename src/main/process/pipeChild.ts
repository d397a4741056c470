/**
 * A managed child on plain pipes: stdout and stderr as bounded lines, fd 3 for JSON Lines events and fd 4
 * as the control pipe (childFds.ts). This process never writes to fd 4; when it dies, even by SIGKILL, the
 * kernel closes it and a child using parentWatch.ts (Node) or udw_bridge.parent_watch (Python) exits.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { ChildControl, ChildSink, LaunchSpec } from './childLaunch';
import { CONTROL_FD, EVENTS_FD, EVENTS_FD_ENV, PARENT_WATCH_FD_ENV } from './childFds';
import { LineDecoder, type DecodedLine } from './lineDecoder';
import { pipeLines } from './pipeLines';
import { signalChild } from './signalChild';

export function startPipeChild(spec: LaunchSpec, sink: ChildSink): ChildControl | null {
  const stdio: StdioOptions = [spec.stdin, 'pipe', 'pipe', spec.events ? 'pipe' : 'ignore', spec.watchParent ? 'pipe' : 'ignore'];
  const env = { ...spec.env };
  if (spec.events) env[EVENTS_FD_ENV] = String(EVENTS_FD);
  if (spec.watchParent) env[PARENT_WATCH_FD_ENV] = String(CONTROL_FD);
  let child: ChildProcess;
  try {
    child = spawn(spec.command, [...spec.args], { cwd: spec.cwd, env, stdio, detached: spec.groupKill, windowsHide: true });
  } catch (err) {
    // Bad arguments throw synchronously (a missing executable does not: it arrives as 'error').
    const message = (err as Error).message;
    queueMicrotask(() => {
      sink.spawnFailed(message);
      sink.closed(null, null);
    });
    return null;
  }
  let exited = false;
  child.on('error', (err) => {
    if (child.pid !== undefined) return;
    // A missing cwd also reads "spawn <command> ENOENT", which points at the wrong thing.
    sink.spawnFailed(spec.cwd && !fs.existsSync(spec.cwd) ? `working directory ${spec.cwd} does not exist (${err.message})` : err.message);
  });
  child.on('exit', () => {
    exited = true;
    sink.exited();
  });
  child.on('close', (code, signal) => sink.closed(code, signal));
  const decoders: LineDecoder[] = [];
  const lines = (stream: Readable, maxBytes: number, onLine: (line: DecodedLine) => void) => {
    const decoder = new LineDecoder(maxBytes);
    decoders.push(decoder);
    pipeLines(stream, decoder, onLine);
  };
  lines(child.stdout!, spec.maxLineBytes, (line) => sink.line('stdout', line));
  lines(child.stderr!, spec.maxLineBytes, (line) => sink.line('stderr', line));
  if (spec.events) lines(child.stdio[EVENTS_FD] as Readable, spec.maxEventBytes, (line) => sink.eventLine(line));
  if (spec.watchParent) {
    // Never written to; read only so its end is noticed and the child's 'close' can come.
    const control = child.stdio[CONTROL_FD] as Readable;
    control.on('error', () => {});
    control.resume();
  }
  child.stdin?.on('error', () => {}); // EPIPE from a child that exited first is not ours to crash on
  return {
    get pid() {
      return child.pid;
    },
    stdin: child.stdin,
    decoders,
    signal: (signal) => signalChild({ pid: child.pid, group: spec.groupKill, exited, fallback: (s) => child.kill(s) }, signal),
  };
}
