/**
 * Small real programs standing in for interpreters: a "Python" that answers --version and the bridge's
 * `doctor` with a version of its own (so a test can tell which one ran), and a script that only leaves a
 * marker file behind (so a test can tell that it never ran). POSIX shell scripts: tests using them skip on Windows.
 */
import fs from 'node:fs';
import path from 'node:path';

export const POSIX = process.platform !== 'win32';

/** Writes `<dir>/<name>`, executable, answering like Python `version`. */
export function writeFakePython(dir: string, version: string, name = 'python3'): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const doctor = JSON.stringify({
    python: { version, executable: '__SELF__' },
    torch: { installed: false, version: null, detail: `fake python ${version}`, cuda: false, cuda_devices: [], mps: false },
  }).replace('__SELF__', "'\"$0\"'");
  fs.writeFileSync(
    file,
    ['#!/bin/sh', `if [ "$1" = "--version" ]; then echo "Python ${version}"; exit 0; fi`, `echo '${doctor}'`, ''].join('\n'),
    { mode: 0o755 },
  );
  return file;
}

/** Writes `<dir>/<name>`, executable, that creates `marker` when run (and answers like a Python, to be tempting). */
export function writeMarkerScript(dir: string, marker: string, name = 'evil.sh'): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, ['#!/bin/sh', `echo ran > '${marker}'`, 'echo "Python 3.0.0"', ''].join('\n'), { mode: 0o755 });
  return file;
}
