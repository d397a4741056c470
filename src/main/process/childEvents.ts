/**
 * The child's side of the event pipe, for Node children of a ManagedProcess launched with `events`: one
 * JSON object per line on fd 3. Writes are synchronous, so an event is out before a following exit.
 */
import fs from 'node:fs';
import { EVENTS_FD_ENV } from './childFds';

/** Sends one event; false when this process has no event pipe (not started with `events`). */
export function emitEvent(event: unknown): boolean {
  // An unset or empty variable is "no pipe" (Number('') would be 0, standard input).
  const raw = process.env[EVENTS_FD_ENV];
  const fd = raw ? Number(raw) : NaN;
  if (!Number.isInteger(fd) || fd < 0) return false;
  fs.writeSync(fd, `${JSON.stringify(event)}\n`);
  return true;
}
