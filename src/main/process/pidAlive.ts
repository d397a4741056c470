/**
 * Whether a process with this pid exists on this machine: signal 0 checks without sending anything.
 * EPERM means it exists but belongs to someone else. Lock and ownership records left by a process that died
 * (SIGKILL, a crash) are taken over when this says false.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
