/**
 * The slice of AbortSignal the channel uses. Structural, so the DOM's and Node's AbortSignal both fit, and
 * shared code needs neither's type definitions. CancelSignal is the worker side's own: one per call, aborted
 * by a cancel frame.
 */

export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class CancelSignal implements AbortSignalLike {
  #aborted = false;
  #reason: unknown = undefined;
  // Allocated only when somebody listens: most calls finish without anyone asking.
  #listeners: Array<() => void> | null = null;

  public get aborted(): boolean {
    return this.#aborted;
  }

  public get reason(): unknown {
    return this.#reason;
  }

  public addEventListener(_type: 'abort', listener: () => void): void {
    if (this.#aborted) return;
    (this.#listeners ??= []).push(listener);
  }

  public removeEventListener(_type: 'abort', listener: () => void): void {
    if (!this.#listeners) return;
    const i = this.#listeners.indexOf(listener);
    if (i >= 0) this.#listeners.splice(i, 1);
  }

  public abort(reason?: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners ?? [];
    this.#listeners = null;
    for (const l of listeners) l();
  }
}
