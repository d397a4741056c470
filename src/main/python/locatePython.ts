/**
 * Which Python runs the bridge: the one in settings, else `UDW_PYTHON`, else the project's `.venv`,
 * else `python3` on PATH. The first that exists wins; the reason is reported so `udw doctor` can say why.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface PythonChoice {
  command: string;
  source: 'settings' | 'UDW_PYTHON' | 'project .venv' | 'PATH';
}

export function locatePython(opts: { settingsPath: string | null; projectRoot: string; env?: NodeJS.ProcessEnv }): PythonChoice {
  const env = opts.env ?? process.env;
  if (opts.settingsPath) return { command: opts.settingsPath, source: 'settings' };
  if (env.UDW_PYTHON) return { command: env.UDW_PYTHON, source: 'UDW_PYTHON' };
  const venv = process.platform === 'win32' ? path.join(opts.projectRoot, '.venv', 'Scripts', 'python.exe') : path.join(opts.projectRoot, '.venv', 'bin', 'python');
  if (fs.existsSync(venv)) return { command: venv, source: 'project .venv' };
  return { command: process.platform === 'win32' ? 'python' : 'python3', source: 'PATH' };
}
