/**
 * Signalling a child or its whole process group, shared by the pipe and the terminal launch. A child started
 * detached (pipe) or on a terminal (node-pty makes it a session leader) leads its own group, so `-pid`
 * reaches its grandchildren too (a shell's, a DataLoader's workers, torchrun's ranks), even after the leader exited.
 */

export interface SignalTarget {
  pid: number | undefined;
  /** Signal the group `-pid` rather than the pid alone. */
  group: boolean;
  /** The leader has exited (its pid may already belong to somebody else). */
  exited: boolean;
  /** The launcher's own way to signal the leader (ChildProcess.kill, IPty.kill). */
  fallback(signal: NodeJS.Signals): void;
}

/** Sends `signal`; true when it counts as sent (so it is reported in `signalsSent`). */
export function signalChild(target: SignalTarget, signal: NodeJS.Signals): boolean {
  const { pid } = target;
  if (pid === undefined) return false;
  if (target.group) {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      // No such group: the leader is gone and so is everyone it started.
      if (target.exited) return true;
    }
  } else if (target.exited) {
    return false;
  }
  try {
    target.fallback(signal);
  } catch {
    // Already gone: the exit will report it.
  }
  return true;
}
