/** The shape of one `udw` command. Each lives in its own file under commands/. */
import type { ParseArgsConfig } from 'node:util';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext {
  /** Positional arguments after the command name. */
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
  /** `--db` if given. */
  db: string | null;
  io: CliIo;
  /** Set by `--signal` handlers: resolves when the user presses Ctrl-C. */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Returns the exit code: 0 success, 1 failure, 2 usage error. */
  run(ctx: CommandContext): Promise<number>;
}

export class UsageError extends Error {}

/** Print a result: JSON for machines (`--json`), a short text otherwise. */
export function emit(ctx: CommandContext, data: unknown, text: () => string): void {
  ctx.io.out(ctx.json ? JSON.stringify(data, null, 2) : text());
}
