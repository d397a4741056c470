/**
 * What the two ways of starting a managed child (pipes: pipeChild.ts; a terminal: ptyChild.ts) share with
 * the ManagedProcess that owns them: the resolved launch, the callbacks they report through, and the handle
 * they give back.
 */
import type { Writable } from 'node:stream';
import type { DecodedLine, LineDecoder } from './lineDecoder';

export interface LaunchSpec {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string | undefined;
  /** The child's whole environment, already allowlisted (childEnv.ts). */
  env: Record<string, string>;
  /** Open an event channel (fd 3 or the local socket). */
  events: boolean;
  /** Give the child a way to notice this process dying (the control pipe, or the event socket's end). */
  watchParent: boolean;
  stdin: 'ignore' | 'pipe';
  /** Start the child as its own process-group leader and signal the whole group (POSIX). */
  groupKill: boolean;
  maxLineBytes: number;
  maxEventBytes: number;
}

export interface ChildSink {
  /** A stdout/stderr line (pipe launch). */
  line(stream: 'stdout' | 'stderr', line: DecodedLine): void;
  /** Raw terminal output (terminal launch). */
  data(text: string): void;
  /** One line of the event channel, still to be validated. */
  eventLine(line: DecodedLine): void;
  /** Something of the event channel failed that is not a line (a socket that could not listen). */
  eventProblem(message: string): void;
  /** The child could not be started; `closed` follows. */
  spawnFailed(message: string): void;
  /** The process itself has ended; its output may still be draining. */
  exited(): void;
  /** The end: every line, chunk and event has been delivered. Called once. */
  closed(code: number | null, signal: NodeJS.Signals | null): void;
}

export interface ChildControl {
  readonly pid: number | undefined;
  readonly stdin: Writable | null;
  readonly decoders: readonly LineDecoder[];
  /** Sends `signal` to the child (its group when launched so); true when it counts as sent. */
  signal(signal: NodeJS.Signals): boolean;
}
