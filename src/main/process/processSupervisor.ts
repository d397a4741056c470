/**
 * Every live managed child of this process, so shutdown can end them all: `disposeAll()` cancels each
 * (SIGTERM, then SIGKILL) and waits, and if this process exits without that, an exit hook SIGKILLs what
 * is left. The control pipe (see childFds.ts) covers the case no hook can: this process killed with SIGKILL.
 */

/** What the supervisor needs of a child; ManagedProcess implements it. */
export interface Supervised {
  readonly done: Promise<unknown>;
  cancel(): Promise<unknown>;
  /** SIGKILL now, synchronously: the only thing still possible inside process.on('exit'). */
  killNow(): void;
}

export class ProcessSupervisor {
  private readonly live = new Set<Supervised>();
  private readonly onExit = () => {
    for (const child of this.live) child.killNow();
  };

  public get size(): number {
    return this.live.size;
  }

  public track(child: Supervised): void {
    if (this.live.size === 0) process.on('exit', this.onExit);
    this.live.add(child);
    void child.done.finally(() => {
      this.live.delete(child);
      if (this.live.size === 0) process.off('exit', this.onExit);
    });
  }

  /** Cancel every live child and resolve once all have ended. Children launched meanwhile are not waited for. */
  public async disposeAll(): Promise<void> {
    await Promise.all([...this.live].map((child) => child.cancel()));
  }
}

/** The process-wide supervisor: ManagedProcess registers here unless told otherwise; the back end disposes it. */
export const processSupervisor = new ProcessSupervisor();
