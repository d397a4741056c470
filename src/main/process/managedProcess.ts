/**
 * One child process, managed the way long-running work (training, inference, the Python bridge) needs:
 * a typed launch config, an allowlisted environment, stdout/stderr as bounded lines, an optional
 * structured-event pipe validated by a zod schema, exit and crash events, cancel (SIGTERM, then SIGKILL
 * after a grace period, to the whole process group) and registration with a supervisor for shutdown.
 * Modelled on VS Code's utility-process wrapper; plain Node, no electron.
 *
 * The child gets two extra pipes (childFds.ts): fd 3 for JSON Lines events when `events` is given, and
 * fd 4, a control pipe this process never writes to: when this process dies, even by SIGKILL, the kernel
 * closes it and a child using parentWatch.ts (Node) or udw_bridge.parent_watch (Python) exits.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import type { z } from 'zod';
import { buildChildEnv } from './childEnv';
import { CONTROL_FD, EVENTS_FD, EVENTS_FD_ENV, PARENT_WATCH_FD_ENV } from './childFds';
import { parseEventLine, type EventChannelError } from './eventChannel';
import { LineDecoder, type DecodedLine } from './lineDecoder';
import { LineTail } from './lineTail';
import { processSupervisor, type ProcessSupervisor, type Supervised } from './processSupervisor';
import { TypedListeners } from './typedListeners';

export interface ManagedProcessConfig<E = never> {
  /** Names the process in every error and report ("python bridge doctor"). */
  name: string;
  command: string;
  args?: readonly string[];
  cwd?: string;
  /** Variables set for the child; the only way, besides `inheritEnv`, to give it anything beyond the base allowlist. */
  env?: Readonly<Record<string, string>>;
  /** More of this process's variables to pass through by name (`PREFIX_*` for a prefix); see childEnv.ts. */
  inheritEnv?: readonly string[];
  /** Turns on the event pipe (fd 3): each line must be JSON matching this schema. */
  events?: z.ZodType<E>;
  /** 'pipe' exposes `stdin`; the default gives the child /dev/null. */
  stdin?: 'ignore' | 'pipe';
  /** A longer stdout/stderr line is cut to this and marked `truncated`. Default 64 KiB. */
  maxLineBytes?: number;
  /** A longer event line is reported as an event error. Default 1 MiB. */
  maxEventBytes?: number;
  /** How many recent lines of each stream `tail()` keeps. Default 200. */
  tailLines?: number;
  /** Grace between SIGTERM and SIGKILL on cancel. Default 5 s. */
  killTimeoutMs?: number;
  /** Cancel after this long; the result's reason is then 'timedOut'. Default: no limit. */
  timeoutMs?: number | null;
  /** Start the child in its own process group and signal the whole group, so cancel reaches grandchildren. Default true (POSIX only). */
  processGroup?: boolean;
  /** Give the child the control pipe (fd 4) to watch. Default true. */
  watchParent?: boolean;
  /** Where the child is registered for shutdown; default the process-wide one; null for none. */
  supervisor?: ProcessSupervisor | null;
}

export type OutputStream = 'stdout' | 'stderr';

export interface OutputLine extends DecodedLine {
  stream: OutputStream;
}

/**
 * exited: code 0 on its own; failed: non-zero code on its own; crashed: ended by a signal nobody here sent;
 * cancelled: cancel() was called (whatever the child then did); timedOut: timeoutMs passed; spawnFailed:
 * the command could not be started (see `error`).
 */
export type ExitReason = 'exited' | 'failed' | 'crashed' | 'cancelled' | 'timedOut' | 'spawnFailed';

export interface ExitResult {
  name: string;
  pid: number | null;
  reason: ExitReason;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The signals this side sent, in order (cancel: SIGTERM, then SIGKILL if the grace ran out). */
  signalsSent: NodeJS.Signals[];
  /** Why the command could not be started; null otherwise. */
  error: string | null;
}

export interface ProcessEventMap<E> {
  line: OutputLine;
  event: E;
  eventError: EventChannelError;
  /** Always, once, after all output has been delivered. */
  exit: ExitResult;
  /** Also, before `done` resolves, when the reason is 'failed' or 'crashed'. */
  crash: ExitResult;
}

export type ProcessMessage<E> =
  | { kind: 'line'; line: OutputLine }
  | { kind: 'event'; event: E }
  | { kind: 'eventError'; error: EventChannelError }
  | { kind: 'exit'; result: ExitResult };

const DEFAULTS = { maxLineBytes: 64 * 1024, maxEventBytes: 1024 * 1024, tailLines: 200, killTimeoutMs: 5000 };

export class ManagedProcess<E = never> implements Supervised {
  public readonly name: string;
  public readonly done: Promise<ExitResult>;
  private readonly child: ChildProcess | null;
  private readonly listeners = new TypedListeners<ProcessEventMap<E>>();
  private readonly decoders: LineDecoder[] = [];
  private readonly tails: Record<OutputStream, LineTail>;
  private readonly signalsSent: NodeJS.Signals[] = [];
  private readonly groupKill: boolean;
  private readonly killTimeoutMs: number;
  private resolveDone!: (result: ExitResult) => void;
  private spawnError: string | null = null;
  private exited = false;
  private result: ExitResult | null = null;
  private cancelRequested = false;
  private timedOut = false;
  private killTimer: NodeJS.Timeout | null = null;
  private timeoutTimer: NodeJS.Timeout | null = null;

  public static launch<E = never>(config: ManagedProcessConfig<E>): ManagedProcess<E> {
    return new ManagedProcess(config);
  }

  private constructor(private readonly config: ManagedProcessConfig<E>) {
    this.name = config.name;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    const tailLines = config.tailLines ?? DEFAULTS.tailLines;
    this.tails = { stdout: new LineTail(tailLines), stderr: new LineTail(tailLines) };
    this.killTimeoutMs = config.killTimeoutMs ?? DEFAULTS.killTimeoutMs;
    this.groupKill = (config.processGroup ?? true) && process.platform !== 'win32';
    this.child = this.start();
    if (!this.child) return;
    if (config.timeoutMs != null) {
      this.timeoutTimer = setTimeout(() => {
        this.timedOut = true;
        void this.cancel();
      }, config.timeoutMs);
    }
    if (this.child.pid !== undefined) (config.supervisor === undefined ? processSupervisor : config.supervisor)?.track(this);
  }

  public get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** The child's stdin when launched with `stdin: 'pipe'`. */
  public get stdin(): Writable | null {
    return this.child?.stdin ?? null;
  }

  /** The most bytes any one line buffer held: bounded by the line limits, however long the child's lines. */
  public get maxBufferedBytes(): number {
    return Math.max(0, ...this.decoders.map((d) => d.maxBufferedBytes));
  }

  /** The last lines of a stream (at most `tailLines`), oldest first. */
  public tail(stream: OutputStream): string[] {
    return this.tails[stream].get();
  }

  public on<K extends keyof ProcessEventMap<E>>(name: K, fn: (value: ProcessEventMap<E>[K]) => void): () => void {
    return this.listeners.on(name, fn);
  }

  /**
   * Everything the process reports from now on, in order, ending after the exit message. Messages wait in
   * memory until read, so read promptly (or use `on` for fire-and-forget handling).
   */
  public messages(): AsyncIterableIterator<ProcessMessage<E>> {
    const queue: ProcessMessage<E>[] = [];
    let wake: (() => void) | null = null;
    let ended = false;
    const push = (m: ProcessMessage<E>) => {
      queue.push(m);
      wake?.();
    };
    const offs = [
      this.on('line', (line) => push({ kind: 'line', line })),
      this.on('event', (event) => push({ kind: 'event', event })),
      this.on('eventError', (error) => push({ kind: 'eventError', error })),
      this.on('exit', (result) => push({ kind: 'exit', result })),
    ];
    const stop = () => {
      ended = true;
      for (const off of offs) off();
    };
    if (this.result) push({ kind: 'exit', result: this.result });
    const iterator: AsyncIterableIterator<ProcessMessage<E>> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (queue.length === 0) {
          if (ended) return { done: true, value: undefined };
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
        const value = queue.shift()!;
        if (value.kind === 'exit') stop();
        return { done: false, value };
      },
      return: async () => {
        stop();
        queue.length = 0;
        return { done: true, value: undefined };
      },
    };
    return iterator;
  }

  /**
   * SIGTERM now (to the process group), SIGKILL after `killTimeoutMs` if it is still there. Resolves with the
   * exit result; calling it again, or after the end, just returns the same promise.
   */
  public cancel(): Promise<ExitResult> {
    if (this.result || this.cancelRequested || !this.child || this.child.pid === undefined) return this.done;
    this.cancelRequested = true;
    this.send('SIGTERM');
    this.killTimer = setTimeout(() => this.send('SIGKILL'), this.killTimeoutMs);
    return this.done;
  }

  public killNow(): void {
    if (this.result) return;
    this.cancelRequested = true;
    this.send('SIGKILL');
  }

  private start(): ChildProcess | null {
    const { config } = this;
    const watch = config.watchParent ?? true;
    const stdio: StdioOptions = [config.stdin ?? 'ignore', 'pipe', 'pipe', config.events ? 'pipe' : 'ignore', watch ? 'pipe' : 'ignore'];
    const set: Record<string, string> = { ...config.env };
    if (config.events) set[EVENTS_FD_ENV] = String(EVENTS_FD);
    if (watch) set[PARENT_WATCH_FD_ENV] = String(CONTROL_FD);
    let child: ChildProcess;
    try {
      child = spawn(config.command, [...(config.args ?? [])], {
        cwd: config.cwd,
        env: buildChildEnv({ inherit: config.inheritEnv, set }),
        stdio,
        detached: this.groupKill,
        windowsHide: true,
      });
    } catch (err) {
      // Bad arguments throw synchronously (a missing executable does not: it arrives as 'error').
      this.spawnError = (err as Error).message;
      queueMicrotask(() => this.finish(null, null));
      return null;
    }
    child.on('error', (err) => {
      if (child.pid !== undefined) return;
      // A missing cwd also reads "spawn <command> ENOENT", which points at the wrong thing.
      this.spawnError ??= config.cwd && !fs.existsSync(config.cwd) ? `working directory ${config.cwd} does not exist (${err.message})` : err.message;
    });
    child.on('exit', () => {
      this.exited = true;
    });
    child.on('close', (code, signal) => this.finish(code, signal));
    this.readLines(child.stdout!, 'stdout');
    this.readLines(child.stderr!, 'stderr');
    if (config.events) this.readEvents(child.stdio[EVENTS_FD] as Readable, config.events);
    if (watch) {
      // Never written to; read only so its end is noticed and the child's 'close' can come.
      const control = child.stdio[CONTROL_FD] as Readable;
      control.on('error', () => {});
      control.resume();
    }
    child.stdin?.on('error', () => {}); // EPIPE from a child that exited first is not ours to crash on
    return child;
  }

  private readLines(stream: Readable, name: OutputStream): void {
    this.pipeLines(stream, this.config.maxLineBytes ?? DEFAULTS.maxLineBytes, (line) => {
      this.tails[name].add(line.truncated ? `${line.text}… [line cut: ${line.bytes} bytes]` : line.text);
      this.listeners.emit('line', { ...line, stream: name });
    });
  }

  private readEvents(stream: Readable, schema: z.ZodType<E>): void {
    this.pipeLines(stream, this.config.maxEventBytes ?? DEFAULTS.maxEventBytes, (line) => {
      if (!line.truncated && line.text.trim() === '') return;
      const parsed = parseEventLine(this.name, line, schema);
      if (parsed.ok) this.listeners.emit('event', parsed.event);
      else this.listeners.emit('eventError', parsed.error);
    });
  }

  /** Decode a pipe into bounded lines, handing each to `onLine`, the last one too when the pipe ends without a newline. */
  private pipeLines(stream: Readable, maxBytes: number, onLine: (line: DecodedLine) => void): void {
    const decoder = new LineDecoder(maxBytes);
    this.decoders.push(decoder);
    const deliver = (lines: DecodedLine[]) => {
      for (const line of lines) onLine(line);
    };
    stream.on('data', (chunk: Buffer) => deliver(decoder.push(chunk)));
    stream.on('end', () => deliver(decoder.end()));
    stream.on('error', () => {});
  }

  private send(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.result) return;
    if (this.groupKill) {
      this.signalsSent.push(signal);
      try {
        // The whole group: grandchildren (a shell's, a DataLoader's workers) go too, even after the leader exited.
        process.kill(-pid, signal);
        return;
      } catch {
        if (this.exited) return;
      }
    } else {
      if (this.exited) return;
      this.signalsSent.push(signal);
    }
    try {
      this.child!.kill(signal);
    } catch {
      // Already gone: 'close' will report it.
    }
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.result) return;
    if (this.killTimer) clearTimeout(this.killTimer);
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    const spawnFailed = this.spawnError !== null;
    const result: ExitResult = {
      name: this.name,
      pid: this.child?.pid ?? null,
      reason: spawnFailed ? 'spawnFailed' : this.timedOut ? 'timedOut' : this.cancelRequested ? 'cancelled' : signal ? 'crashed' : code === 0 ? 'exited' : 'failed',
      code: spawnFailed ? null : code,
      signal: spawnFailed ? null : signal,
      signalsSent: [...this.signalsSent],
      error: this.spawnError,
    };
    this.result = result;
    this.listeners.emit('exit', result);
    if (result.reason === 'failed' || result.reason === 'crashed') this.listeners.emit('crash', result);
    this.listeners.clear();
    this.resolveDone(result);
  }
}
