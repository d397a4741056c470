/** HTTP status for each error the web host answers with; the body is always the wire error JSON. */
import { ApiError, type ApiErrorCode } from '../../shared/api/errors';

const STATUS: Record<ApiErrorCode, number> = {
  unknown_channel: 404,
  invalid_payload: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  failed: 422,
  internal: 500,
};

/** An ApiError whose HTTP status is not the code's usual one (413 for an over-limit body, 400 for a bad target). */
export class HttpStatusError extends ApiError {
  public readonly status: number;

  public constructor(status: number, code: ApiErrorCode, message: string) {
    super(code, message);
    this.status = status;
  }
}

export function statusOf(err: unknown): number {
  if (err instanceof HttpStatusError) return err.status;
  return err instanceof ApiError ? STATUS[err.code] : 500;
}
