/**
 * The child's side of the control pipe, for Node children of a ManagedProcess: call `watchParent()` early,
 * and the child exits as soon as its parent is gone, however the parent died (SIGKILL, OOM, a crash), so it
 * is never left running as an orphan. Safe to call in a process not started by a ManagedProcess: it then
 * does nothing and returns false.
 *
 * Imports nothing of the app, so a child script can load it cheaply.
 */
import fs from 'node:fs';
import net from 'node:net';
import { PARENT_GONE_EXIT_CODE, PARENT_WATCH_FD_ENV } from './childFds';

let watching = false;

export function watchParent(opts: { onParentGone?: () => void } = {}): boolean {
  if (watching) return true;
  const raw = process.env[PARENT_WATCH_FD_ENV];
  // This child's own children must not take some unrelated fd of theirs for a control pipe.
  delete process.env[PARENT_WATCH_FD_ENV];
  const fd = raw ? Number(raw) : NaN; // empty is unset, never fd 0
  if (!Number.isInteger(fd) || fd < 0) return false;
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isSocket() && !stat.isFIFO()) return false;
  } catch {
    return false;
  }
  const control = new net.Socket({ fd, readable: true, writable: false });
  const gone = () => {
    opts.onParentGone?.();
    process.exit(PARENT_GONE_EXIT_CODE);
  };
  control.on('end', gone);
  control.on('close', gone);
  control.on('error', gone);
  control.resume(); // the parent never writes; anything that comes is dropped
  control.unref(); // watching must not keep an otherwise finished child alive
  watching = true;
  return true;
}
