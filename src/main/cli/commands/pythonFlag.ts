/**
 * The interpreter named by whoever runs `udw`: `--python PATH`, else `UDW_PYTHON`: strings from the command
 * line or the environment, never from a page. Kept as written, so a bare `python3` is looked up on PATH.
 */
import type { CommandContext } from '../command';

export const PYTHON_OPTION = { python: { type: 'string' } } as const;

export function pythonFromCommandLine(ctx: CommandContext, env: NodeJS.ProcessEnv = process.env): { command: string; source: '--python' | 'UDW_PYTHON' } | null {
  const flag = ctx.values.python;
  if (typeof flag === 'string' && flag) return { command: flag, source: '--python' };
  if (env.UDW_PYTHON) return { command: env.UDW_PYTHON, source: 'UDW_PYTHON' };
  return null;
}
