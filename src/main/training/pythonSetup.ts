/**
 * `python.setup` and `udw python setup`: make a Python that can train. When the configured interpreter
 * already has torch, onnx and numpy, say so and change nothing; otherwise create `<data folder>/python-venv`
 * with it (`-m venv`; the system's python3 when it cannot run) and `pip install -r
 * python-bridge/requirements.txt` into that, every line of output handed to `onLine` as it comes, then adopt
 * the new interpreter where this host lets the back end choose it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ManagedProcess } from '../process/managedProcess';
import { PYTHON_ENV_INHERIT } from '../python/pythonEnv';
import { probeTrainingModules, type TrainingModules } from '../services/doctorService';

export const VENV_FOLDER = 'python-venv';
/** What pip needs to reach an index through a proxy or a private mirror, passed on by name. */
const PIP_ENV_INHERIT = ['PIP_*', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'REQUESTS_CA_BUNDLE'];
const REQUIRED = ['torch', 'onnx', 'numpy'] as const;

export interface PythonSetupOptions {
  /** The interpreter the back end runs now. */
  python: string;
  dataDir: string;
  projectRoot: string;
  onLine(line: string): void;
  /** Make the venv's interpreter the one used from now on; returns why it was not, or null when it was. */
  adopt(venvPython: string): string | null;
  /** Stops pip (Ctrl-C in the CLI). */
  signal?: AbortSignal;
}

export interface PythonSetupResult {
  python: string;
  venv: string;
  installed: string[];
  ok: boolean;
  message: string;
}

function venvInterpreter(venv: string): string {
  return process.platform === 'win32' ? path.join(venv, 'Scripts', 'python.exe') : path.join(venv, 'bin', 'python');
}

const versions = (m: TrainingModules, names: readonly (keyof TrainingModules)[]) => names.filter((n) => m[n] !== null).map((n) => `${n} ${m[n]}`);

/** Runs one set-up step, streaming its lines; resolves with its exit code (null: did not start or was stopped) and last lines. */
async function step(name: string, command: string, args: string[], opts: PythonSetupOptions): Promise<{ ok: boolean; tail: string[]; error: string | null }> {
  opts.onLine(`$ ${command} ${args.join(' ')}`);
  const proc = ManagedProcess.launch({ name, command, args, cwd: opts.projectRoot, env: { PYTHONUNBUFFERED: '1' }, inheritEnv: [...PYTHON_ENV_INHERIT, ...PIP_ENV_INHERIT], tailLines: 20 });
  proc.on('line', (line) => opts.onLine(line.text));
  const stop = () => void proc.cancel();
  opts.signal?.addEventListener('abort', stop);
  try {
    const result = await proc.done;
    const tail = [...proc.tail('stderr'), ...proc.tail('stdout')].slice(-8);
    return { ok: result.reason === 'exited', tail, error: result.reason === 'spawnFailed' ? result.error : result.reason === 'cancelled' ? 'stopped' : null };
  } finally {
    opts.signal?.removeEventListener('abort', stop);
  }
}

export async function pythonSetup(opts: PythonSetupOptions): Promise<PythonSetupResult> {
  opts.onLine(`checking ${opts.python} for ${REQUIRED.join(', ')}…`);
  const current = await probeTrainingModules(opts.python);
  if (current && REQUIRED.every((m) => current[m] !== null)) {
    const extra = (['onnxruntime', 'tqdm'] as const).filter((m) => current[m] === null);
    const note = extra.length ? ` (${extra.join(' and ')} missing: \`pip install ${extra.join(' ')}\` adds them)` : '';
    const message = `${opts.python} already has ${versions(current, REQUIRED).join(', ')}; nothing was installed${note}`;
    opts.onLine(message);
    return { python: opts.python, venv: '', installed: [], ok: true, message };
  }
  const venv = path.join(opts.dataDir, VENV_FOLDER);
  const venvPython = venvInterpreter(venv);
  const requirements = path.join(opts.projectRoot, 'python-bridge', 'requirements.txt');
  const failed = (what: string, detail: { tail: string[]; error: string | null }): PythonSetupResult => {
    const message = `${what} failed${detail.error ? ` (${detail.error})` : ''}${detail.tail.length ? `:\n${detail.tail.join('\n')}` : ''}`;
    opts.onLine(message);
    return { python: opts.python, venv, installed: [], ok: false, message };
  };
  if (!fs.existsSync(requirements)) return failed(`reading ${requirements}`, { tail: [], error: 'the file is missing' });
  if (!fs.existsSync(venvPython)) {
    // The configured interpreter makes the venv when it runs at all; otherwise the system's.
    const base = current ? opts.python : process.platform === 'win32' ? 'python' : 'python3';
    const made = await step('python venv', base, ['-m', 'venv', venv], opts);
    if (!made.ok) return failed(`${base} -m venv ${venv}`, made);
  } else {
    opts.onLine(`${venv} exists: installing into it`);
  }
  const pip = await step('pip install', venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '-r', requirements], opts);
  if (!pip.ok) return failed(`pip install -r ${requirements}`, pip);
  const now = await probeTrainingModules(venvPython);
  if (!now || !REQUIRED.every((m) => now[m] !== null)) return failed(`${venvPython} still cannot import ${REQUIRED.join(', ')}`, { tail: [], error: null });
  const installed = versions(now, ['torch', 'onnx', 'onnxruntime', 'numpy', 'tqdm']);
  const notAdopted = opts.adopt(venvPython);
  const message = `${venv} has ${installed.join(', ')}; ${notAdopted ? `not made the interpreter: ${notAdopted}` : 'it is the interpreter from now on'}`;
  opts.onLine(message);
  return { python: venvPython, venv, installed, ok: true, message };
}
