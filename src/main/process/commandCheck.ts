/**
 * Why a command cannot start, found before starting it. node-pty forks first and reports a missing program
 * or folder only as the child's exit 1 with a line of text; checking here gives the same clear
 * `spawnFailed` as a pipe launch.
 */
import fs from 'node:fs';
import path from 'node:path';

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Null when `command` can be started in `cwd` with `env`'s PATH; else what is wrong, naming it. */
export function whyCannotStart(command: string, cwd: string | undefined, env: Readonly<Record<string, string>>): string | null {
  if (cwd !== undefined) {
    let isDir = false;
    try {
      isDir = fs.statSync(cwd).isDirectory();
    } catch {
      // missing: said below
    }
    if (!isDir) return `working directory ${cwd} does not exist (or is not a folder)`;
  }
  // Windows resolves through PATHEXT and App Paths as well: leave that to the launch itself.
  if (process.platform === 'win32') return null;
  if (command.includes('/')) {
    const file = path.resolve(cwd ?? process.cwd(), command);
    return isExecutable(file) ? null : `spawn ${command} ENOENT: no executable file at ${file}`;
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  if (dirs.some((dir) => isExecutable(path.join(path.resolve(cwd ?? process.cwd(), dir), command)))) return null;
  return `spawn ${command} ENOENT: not found on the child's PATH (${dirs.join(path.delimiter) || 'empty'})`;
}
