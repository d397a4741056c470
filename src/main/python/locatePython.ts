/**
 * Which Python runs the bridge: one the back end was told to use (`--python`, or the choice stored from the
 * Settings page's dialog or candidate list), else `UDW_PYTHON`, else the project's `.venv`, else `python3` on
 * PATH. The reason is reported so `udw doctor` can say why. The renderer never names this path: see
 * services/pythonSelection.ts for who may set `chosen`.
 */
import fs from 'node:fs';
import path from 'node:path';

export type PythonSource = '--python' | 'settings' | 'UDW_PYTHON' | 'project .venv' | 'PATH';

export interface PythonChoice {
  command: string;
  source: PythonSource;
}

export function venvPython(projectRoot: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? path.join(projectRoot, '.venv', 'Scripts', 'python.exe') : path.join(projectRoot, '.venv', 'bin', 'python');
}

export function locatePython(opts: { chosen?: PythonChoice | null; projectRoot: string; env?: NodeJS.ProcessEnv }): PythonChoice {
  const env = opts.env ?? process.env;
  if (opts.chosen) return opts.chosen;
  if (env.UDW_PYTHON) return { command: env.UDW_PYTHON, source: 'UDW_PYTHON' };
  const venv = venvPython(opts.projectRoot);
  if (fs.existsSync(venv)) return { command: venv, source: 'project .venv' };
  return { command: process.platform === 'win32' ? 'python' : 'python3', source: 'PATH' };
}
