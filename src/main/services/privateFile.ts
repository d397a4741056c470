/**
 * Files only their user may read, written so that neither a crash nor a planted link can do harm: a
 * random-named temp file created exclusively ('wx': never opens or follows anything already there) with mode
 * 0600 in the target's folder, synced, then renamed over the target (rename replaces a link, never writes
 * through it).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Creates the folder (and missing parents) readable by its user only; leaves a folder that exists as it is. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

export function randomTempName(base: string): string {
  return `.${base}.${randomBytes(12).toString('hex')}.tmp`;
}

function syncFolder(dir: string): void {
  // Makes the rename itself durable. Windows cannot open a folder for syncing; NTFS journals the rename.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

const ATTEMPTS = 8;

/** `tempName` is for tests, which plant links at the names it returns. */
export function writePrivateFileAtomic(target: string, text: string, tempName: (base: string) => string = randomTempName): void {
  const dir = path.dirname(target);
  ensurePrivateDir(dir);
  for (let attempt = 1; ; attempt++) {
    const tmp = path.join(dir, tempName(path.basename(target)));
    let fd: number;
    try {
      fd = fs.openSync(tmp, 'wx', PRIVATE_FILE_MODE);
    } catch (err) {
      // EEXIST: something sits at that name (a planted link, say); it was not opened. Another random name.
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && attempt < ATTEMPTS) continue;
      throw new Error(`${target}: cannot create a temporary file beside it (${(err as Error).message})`, { cause: err });
    }
    try {
      try {
        // The umask may have taken bits away from the mode given to open; this is the exact mode wanted.
        fs.fchmodSync(fd, PRIVATE_FILE_MODE);
        fs.writeFileSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, target);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw new Error(`${target}: could not be written (${(err as Error).message})`, { cause: err });
    }
    syncFolder(dir);
    return;
  }
}
