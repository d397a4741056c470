/**
 * `udw`: the workstation's command line, over the same services as the app. Every command takes
 * `--json` for machine output and exits non-zero on failure.
 */
import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/api/errors';
import { UsageError, type CliIo, type Command } from './command';
import { COMMANDS } from './commands/index';

const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'udw: UOS Drilling Workstation command line',
    '',
    'Usage: udw <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  --json       machine-readable output',
    '  --db FILE    catalog file (default: $UDW_DB, else catalog.sqlite in the per-user data folder)',
    '  -h, --help   help for a command',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name ? 0 : 2;
  }
  const command: Command | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`udw: unknown command '${name}'\n\n${helpText()}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`udw ${name}: ${(err as Error).message}\nusage: ${command.usage}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(`${command.summary}\n\nusage: ${command.usage}`);
    return 0;
  }
  const json = parsed.values.json === true;
  try {
    return await command.run({
      positionals: parsed.positionals,
      values: parsed.values,
      json,
      db: (parsed.values.db) ?? null,
      io,
      signal,
    });
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`udw ${name}: ${err.message}\nusage: ${command.usage}`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    if (json) io.out(JSON.stringify({ error: { code: err instanceof ApiError ? err.code : 'failed', message } }));
    io.err(`udw ${name}: ${message}`);
    return 1;
  }
}
