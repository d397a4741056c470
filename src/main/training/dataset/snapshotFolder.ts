/**
 * The snapshot folder on disk, written so that a crash never leaves half a snapshot: everything goes into a
 * temp folder beside the target (same file system, so the final rename is atomic), manifest.json last, then
 * the temp folder is renamed to the target. A target that already holds the same snapshot id is kept as it
 * is (reused); one holding another snapshot is replaced; anything else there is refused, never deleted.
 */
import fs from 'node:fs';
import path from 'node:path';

export const MANIFEST_FILE = 'manifest.json';

/** The snapshot id in DIR/manifest.json, or null when there is none (or it cannot be read). */
export function existingSnapshotId(dir: string): string | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8')) as { snapshotId?: unknown };
    return typeof parsed.snapshotId === 'string' ? parsed.snapshotId : null;
  } catch {
    return null;
  }
}

/** Refuses a target that exists and is neither an empty folder nor a snapshot folder (before any work). */
export function checkTarget(dir: string): void {
  if (!fs.existsSync(dir)) return;
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) throw new Error(`${dir}: exists and is not a folder; expected a new or empty folder, or a dataset snapshot to replace`);
  if (fs.readdirSync(dir).length === 0) return;
  if (!fs.existsSync(path.join(dir, MANIFEST_FILE))) throw new Error(`${dir}: is not empty and holds no ${MANIFEST_FILE}; expected a new or empty folder, or a dataset snapshot to replace`);
}

/** A fresh temp folder beside `target` (creating the parent), with its signals/ sub-folder. */
export function makeTempBeside(target: string): string {
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.tmp-`));
  fs.mkdirSync(path.join(tmp, 'signals'));
  return tmp;
}

export function removeQuietly(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Moves the finished temp folder to `target`. Returns true when the target already held this snapshot id:
 * the temp folder is dropped and nothing there is touched.
 */
export function commitFolder(tmp: string, target: string, snapshotId: string): boolean {
  if (existingSnapshotId(target) === snapshotId) {
    removeQuietly(tmp);
    return true;
  }
  checkTarget(target);
  if (fs.existsSync(target)) {
    // Out of the way first (a rename onto a non-empty folder fails), then dropped once the new one is in place.
    const old = `${tmp}.old`;
    fs.renameSync(target, old);
    fs.renameSync(tmp, target);
    removeQuietly(old);
  } else {
    fs.renameSync(tmp, target);
  }
  return false;
}
