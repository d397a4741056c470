/**
 * Errors across a worker channel. Structured clone keeps only an Error's message in some runtimes and
 * nothing of its class, so errors travel as plain objects and are rebuilt on the other side with the
 * worker's name, message and stack (the stack is where the fault is; the caller's own is of little use).
 */

export interface WireError {
  name: string;
  message: string;
  stack?: string;
  /** Node's error codes (ENOENT, ERR_…), where the error has one. */
  code?: string;
}

export function toWireError(err: unknown): WireError {
  if (err instanceof Error) {
    const out: WireError = { name: err.name, message: err.message };
    if (typeof err.stack === 'string') out.stack = err.stack;
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') out.code = code;
    return out;
  }
  return { name: 'Error', message: typeof err === 'string' ? err : `non-Error thrown: ${String(err)}` };
}

export function fromWireError(wire: WireError): Error {
  const err = new Error(wire.message);
  err.name = wire.name;
  if (wire.stack !== undefined) err.stack = wire.stack;
  if (wire.code !== undefined) (err as Error & { code?: string }).code = wire.code;
  return err;
}

/** The rejection of a call whose caller gave up (AbortSignal or cancel); named like the DOM's AbortError. */
export class AbortError extends Error {
  public override readonly name = 'AbortError';
}

/** True for this channel's AbortError and for the platform's (DOMException 'AbortError', Node's). */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}
