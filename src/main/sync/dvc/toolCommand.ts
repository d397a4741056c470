/**
 * One git or DVC command as a managed child process (process/managedProcess.ts): allowlisted environment
 * with analytics off, bounded output, a time limit, and an error that names the command line, the folder
 * and what the tool said. Callers run these only through the workspace's queue (serialQueue.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ManagedProcess } from '../../process/managedProcess';
import { projectRoot } from '../../services/paths';
import { remoteHint } from './remoteHint';

export interface ToolResult {
  stdout: string;
  stderr: string;
}

export class ToolCommandError extends Error {
  public constructor(
    message: string,
    public readonly commandLine: string,
    public readonly code: number | null,
    public readonly stderr: string,
  ) {
    super(message);
  }
}

/** Variables a DVC or git child always gets: no usage reports, no pager, no prompt waiting for a terminal. */
const FIXED_ENV: Readonly<Record<string, string>> = {
  DVC_NO_ANALYTICS: '1',
  DVCLIVE_OPEN: 'false',
  GIT_TERMINAL_PROMPT: '0',
  GIT_PAGER: 'cat',
  PAGER: 'cat',
};
/** Credentials a remote may need (S3, SSH agents, proxies) pass through by name, never into logs. */
const INHERIT = ['AWS_*', 'SSH_AUTH_SOCK', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'GIT_CONFIG_*'];
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** The `dvc` to run: $UDW_DVC, else the project's .venv (scripts/bootstrap installs it), else `dvc` on PATH. */
export function locateDvc(env: NodeJS.ProcessEnv = process.env): string {
  if (env.UDW_DVC) return env.UDW_DVC;
  const venv = path.join(projectRoot(), '.venv', process.platform === 'win32' ? 'Scripts' : 'bin', process.platform === 'win32' ? 'dvc.exe' : 'dvc');
  return fs.existsSync(venv) ? venv : 'dvc';
}

export interface ToolOptions {
  cwd: string;
  /** The program (a path or a name on PATH); its folder goes first on the child's PATH. */
  command: string;
  args: readonly string[];
  env?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

function childPath(command: string): string {
  const base = process.env.PATH ?? '';
  return command.includes(path.sep) ? [path.dirname(path.resolve(command)), base].filter(Boolean).join(path.delimiter) : base;
}

/** The first meaningful line of what the tool said (DVC prefixes its errors with "ERROR: "). */
function toolMessage(stderr: string, stdout: string): string {
  const lines = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const error = lines.find((l) => /^(ERROR|error|fatal):/.test(l));
  return (error ?? lines.at(-1) ?? 'no output').replace(/^(ERROR|error|fatal):\s*/, '');
}

export async function runTool(opts: ToolOptions): Promise<ToolResult> {
  const name = `${path.basename(opts.command)} ${opts.args.join(' ')}`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const proc = ManagedProcess.launch({
    name,
    command: opts.command,
    args: opts.args,
    cwd: opts.cwd,
    env: { ...FIXED_ENV, PATH: childPath(opts.command), ...opts.env },
    inheritEnv: INHERIT,
    timeoutMs,
    tailLines: 400,
    watchParent: false,
  });
  const out: string[] = [];
  proc.on('line', (line) => {
    if (line.stream === 'stdout') out.push(line.text);
  });
  const result = await proc.done;
  const stdout = out.join('\n');
  const stderr = proc.tail('stderr').join('\n');
  const where = `in ${opts.cwd}`;
  if (result.reason === 'spawnFailed') {
    throw new ToolCommandError(`${name}: cannot start ${opts.command} (${result.error ?? 'it did not start'}); install it (scripts/bootstrap puts dvc in .venv) or set UDW_DVC`, name, null, '');
  }
  if (result.reason === 'timedOut') throw new ToolCommandError(`${name} ${where}: no result within ${Math.round(timeoutMs / 1000)} s; stopped`, name, null, stderr);
  if (result.code !== 0) {
    const how = result.code === null ? `ended by ${result.signal ?? 'a signal'}` : `exit ${result.code}`;
    const said = toolMessage(stderr, stdout);
    const hint = path.basename(opts.command).startsWith('dvc') ? remoteHint(said) : null;
    throw new ToolCommandError(`${name} ${where} failed (${how}): ${said}${hint ? `; ${hint}` : ''}`, name, result.code, stderr);
  }
  return { stdout, stderr };
}

/** A command's JSON output, or an error naming the command and what it printed instead. */
export function parseToolJson(name: string, stdout: string): unknown {
  const text = stdout.trim();
  try {
    const value: unknown = JSON.parse(text === '' ? '{}' : text);
    if (value && typeof value === 'object' && 'error' in value) throw new ToolCommandError(`${name}: ${JSON.stringify(value.error)}`, name, 0, '');
    return value;
  } catch (err) {
    if (err instanceof ToolCommandError) throw err;
    throw new ToolCommandError(`${name}: expected JSON output, got '${text.slice(0, 200)}'`, name, 0, '');
  }
}
