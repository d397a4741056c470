/**
 * The Python interpreters this machine offers, found by the back end alone (environment, the project's
 * .venv, PATH, the usual install places). The Settings page picks among these by id; it never sends a path.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ManagedProcess } from '../process/managedProcess';
import { venvPython } from './locatePython';
import { PYTHON_ENV_INHERIT } from './pythonEnv';

export interface FoundPython {
  path: string;
  /** Where it was found, shown to the user. */
  source: string;
}

export interface ProbedPython extends FoundPython {
  id: string;
  version: string | null;
}

/** Stable across requests and restarts: the same path always gets the same id. */
export function pythonCandidateId(file: string): string {
  return `py-${createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 12)}`;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function interpreterIn(prefix: string | undefined): string | null {
  if (!prefix) return null;
  return process.platform === 'win32' ? path.join(prefix, 'python.exe') : path.join(prefix, 'bin', 'python');
}

/**
 * Every interpreter found, first place first. Paths are compared as written (resolved, not followed): a venv's
 * `bin/python` is a link to the system Python yet behaves differently, so both stay.
 */
export function findPythons(opts: { projectRoot: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform }): FoundPython[] {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const places: Array<FoundPython | null> = [];
  const add = (file: string | null | undefined, source: string): void => {
    places.push(file ? { path: path.resolve(file), source } : null);
  };
  add(env.UDW_PYTHON, 'UDW_PYTHON');
  add(venvPython(opts.projectRoot, platform), 'project .venv');
  add(interpreterIn(env.VIRTUAL_ENV), 'VIRTUAL_ENV');
  add(interpreterIn(env.CONDA_PREFIX), 'CONDA_PREFIX');
  const names = platform === 'win32' ? ['python.exe', 'python3.exe'] : ['python3', 'python'];
  for (const dir of (env.PATH ?? env.Path ?? '').split(path.delimiter)) {
    // Only absolute PATH entries: a relative one would make the answer depend on the back end's working folder.
    if (dir && path.isAbsolute(dir)) for (const name of names) add(path.join(dir, name), 'PATH');
  }
  const system = platform === 'win32' ? [] : ['/usr/bin/python3', '/usr/local/bin/python3', '/opt/homebrew/bin/python3'];
  for (const file of system) add(file, 'system');
  const seen = new Set<string>();
  const found: FoundPython[] = [];
  for (const place of places) {
    if (!place || seen.has(place.path) || !isExecutableFile(place.path)) continue;
    seen.add(place.path);
    found.push(place);
  }
  return found;
}

/** A Python answers `--version` in one short line; anything longer is not one, and is not kept. */
const VERSION_LINE_BYTES = 4096;
/** A probe that needed SIGTERM gets little grace: it is blocking a candidate list, and it is only `--version`. */
const PROBE_KILL_GRACE_MS = 1000;

export interface ProbeOptions {
  /** A candidate that has not answered by then is stopped and reported as not usable (version null). */
  timeoutMs?: number;
}

/**
 * The version a Python reports (`3.12.3`), or null when the program does not answer like a Python: it
 * cannot start, exits non-zero, prints something else, or hangs past `timeoutMs`. Run as a managed process
 * (allowlisted environment, bounded output, stopped with its process group on timeout or back-end shutdown).
 */
export async function probePythonVersion(file: string, timeoutMs = 15_000): Promise<string | null> {
  const proc = ManagedProcess.launch({
    name: `python probe ${file} --version`,
    command: file,
    args: ['--version'],
    inheritEnv: PYTHON_ENV_INHERIT,
    timeoutMs,
    killTimeoutMs: PROBE_KILL_GRACE_MS,
    maxLineBytes: VERSION_LINE_BYTES,
    tailLines: 1,
  });
  let version: string | null = null;
  proc.on('line', (line) => {
    // Python 2 printed its version on stderr; 3 prints it on stdout.
    const match = line.truncated ? null : /^Python (\d+\.\d+\S*)/.exec(line.text);
    if (match) version ??= match[1]!;
  });
  const result = await proc.done;
  return result.reason === 'exited' ? version : null;
}

export async function probePythons(found: FoundPython[], opts: ProbeOptions = {}): Promise<ProbedPython[]> {
  return Promise.all(found.map(async (f) => ({ ...f, id: pythonCandidateId(f.path), version: await probePythonVersion(f.path, opts.timeoutMs) })));
}
