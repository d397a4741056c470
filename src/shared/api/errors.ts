/** Errors that cross the API boundary keep a stable code and a message a person can act on. */
export type ApiErrorCode = 'unknown_channel' | 'invalid_payload' | 'forbidden' | 'not_found' | 'conflict' | 'failed' | 'internal';

export class ApiError extends Error {
  public readonly code: ApiErrorCode;
  public readonly details: unknown;

  public constructor(code: ApiErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
}

/** The serialisable shape of an error on the wire (HTTP body, IPC rejection, CLI JSON). */
export interface WireError {
  error: { code: ApiErrorCode; message: string; details?: unknown };
}

export function toWireError(err: unknown): WireError {
  if (err instanceof ApiError) return { error: { code: err.code, message: err.message, details: err.details } };
  const message = err instanceof Error ? err.message : String(err);
  return { error: { code: 'internal', message } };
}

export function fromWireError(body: WireError): ApiError {
  return new ApiError(body.error.code, body.error.message, body.error.details);
}
