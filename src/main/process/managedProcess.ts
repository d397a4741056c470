/**
 * One child process, managed the way long-running work (training, inference, the Python bridge) needs:
 * a typed launch config, an allowlisted environment, bounded output, an optional structured-event channel
 * validated by a zod schema, exit and crash events, cancel (SIGTERM, then SIGKILL after a grace period, to
 * the whole process group) and registration with a supervisor for shutdown. Modelled on VS Code's
 * utility-process wrapper; plain Node, no electron.
 *
 * Two ways to start it: on pipes (pipeChild.ts: stdout/stderr lines, events on fd 3, the control pipe on
 * fd 4), or on a terminal with `terminal` (ptyChild.ts: raw terminal `data`, events on a local socket whose
 * end is the child's parent-death signal). Either way no child outlives this process unnoticed.
 */
import type { Writable } from 'node:stream';
import type { z } from 'zod';
import { buildChildEnv } from './childEnv';
import type { ChildControl, ChildSink, LaunchSpec } from './childLaunch';
import { parseEventLine, type EventChannelError } from './eventChannel';
import type { DecodedLine } from './lineDecoder';
import { LineTail } from './lineTail';
import { startPipeChild } from './pipeChild';
import { processSupervisor, type ProcessSupervisor, type Supervised } from './processSupervisor';
import { startPtyChild, type TerminalSize } from './ptyChild';
import { TerminalLines } from './terminalLines';
import { TypedListeners } from './typedListeners';

export type { TerminalSize } from './ptyChild';

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
  /** Turns on the event channel (fd 3, or the socket in terminal mode): each line must be JSON matching this schema. */
  events?: z.ZodType<E>;
  /**
   * Run the child on a pseudo-terminal of this size: output comes as `data` (terminal text, stdout and stderr
   * together) instead of `line`s, and the event channel is a local socket named by UDW_EVENTS_SOCKET.
   */
  terminal?: TerminalSize;
  /** 'pipe' exposes `stdin` (pipe launch only); the default gives the child /dev/null. */
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
  /** Give the child a way to notice this process's death: the control pipe (fd 4), or the event socket on a terminal. Default true. */
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
  /** Terminal mode: a chunk of what the child drew, as it came (ANSI sequences, carriage returns and all). */
  data: string;
  event: E;
  eventError: EventChannelError;
  /** Always, once, after all output has been delivered. */
  exit: ExitResult;
  /** Also, before `done` resolves, when the reason is 'failed' or 'crashed'. */
  crash: ExitResult;
}

export type ProcessMessage<E> =
  | { kind: 'line'; line: OutputLine }
  | { kind: 'data'; data: string }
  | { kind: 'event'; event: E }
  | { kind: 'eventError'; error: EventChannelError }
  | { kind: 'exit'; result: ExitResult };

const DEFAULTS = { maxLineBytes: 64 * 1024, maxEventBytes: 1024 * 1024, tailLines: 200, killTimeoutMs: 5000 };

export class ManagedProcess<E = never> implements Supervised {
  public readonly name: string;
  public readonly done: Promise<ExitResult>;
  private readonly child: ChildControl | null;
  private readonly listeners = new TypedListeners<ProcessEventMap<E>>();
  private readonly tails: Record<OutputStream, LineTail>;
  private readonly terminalLines: TerminalLines | null;
  private readonly signalsSent: NodeJS.Signals[] = [];
  private readonly killTimeoutMs: number;
  private resolveDone!: (result: ExitResult) => void;
  private spawnError: string | null = null;
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
    const spec: LaunchSpec = {
      name: config.name,
      command: config.command,
      args: config.args ?? [],
      cwd: config.cwd,
      env: buildChildEnv({ inherit: config.inheritEnv, set: config.env }),
      events: Boolean(config.events),
      watchParent: config.watchParent ?? true,
      stdin: config.stdin ?? 'ignore',
      groupKill: (config.processGroup ?? true) && process.platform !== 'win32',
      maxLineBytes: config.maxLineBytes ?? DEFAULTS.maxLineBytes,
      maxEventBytes: config.maxEventBytes ?? DEFAULTS.maxEventBytes,
    };
    this.terminalLines = config.terminal ? new TerminalLines(spec.maxLineBytes) : null;
    this.child = config.terminal ? startPtyChild(spec, config.terminal, this.sink()) : startPipeChild(spec, this.sink());
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

  /** The child's stdin when launched on pipes with `stdin: 'pipe'`. */
  public get stdin(): Writable | null {
    return this.child?.stdin ?? null;
  }

  /** The most bytes any one line buffer held: bounded by the line limits, however long the child's lines. */
  public get maxBufferedBytes(): number {
    return Math.max(0, this.terminalLines?.maxBufferedBytes ?? 0, ...(this.child?.decoders ?? []).map((d) => d.maxBufferedBytes));
  }

  /** The last lines of a stream (at most `tailLines`), oldest first. In terminal mode everything is 'stdout', as a person would see it. */
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
      this.on('data', (data) => push({ kind: 'data', data })),
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

  private sink(): ChildSink {
    return {
      line: (stream, line) => {
        this.tails[stream].add(line.truncated ? `${line.text}… [line cut: ${line.bytes} bytes]` : line.text);
        this.listeners.emit('line', { ...line, stream });
      },
      data: (text) => {
        for (const line of this.terminalLines?.push(text) ?? []) this.tails.stdout.add(line);
        this.listeners.emit('data', text);
      },
      eventLine: (line) => {
        if (!this.config.events || (!line.truncated && line.text.trim() === '')) return;
        const parsed = parseEventLine(this.name, line, this.config.events);
        if (parsed.ok) this.listeners.emit('event', parsed.event);
        else this.listeners.emit('eventError', parsed.error);
      },
      eventProblem: (message) => this.listeners.emit('eventError', { message, line: '' }),
      spawnFailed: (message) => {
        this.spawnError ??= message;
      },
      exited: () => {},
      closed: (code, signal) => this.finish(code, signal),
    };
  }

  private send(signal: NodeJS.Signals): void {
    if (this.result || !this.child) return;
    if (this.child.signal(signal)) this.signalsSent.push(signal);
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.result) return;
    if (this.killTimer) clearTimeout(this.killTimer);
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    for (const line of this.terminalLines?.end() ?? []) this.tails.stdout.add(line);
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
