/**
 * Every failure of a call to an MLflow server, as one error type with a kind the outbox can act on and a
 * message a person can act on: it names the server and says what to change (on the client or in the
 * server's settings). Credentials never appear in a message: only the server's origin is named.
 */

export type MlflowErrorKind =
  /** Nothing was sent: refused, no route, DNS, connect timeout. Work waits; it does not use up the retry budget. */
  | 'unreachable'
  /** The request went out but no answer came (connection cut, timeout): it may or may not have happened. */
  | 'uncertain'
  /** 429 or 5xx: the server is there but busy or failing. */
  | 'busy'
  | 'unauthenticated'
  | 'permission'
  | 'host_refused'
  | 'limits'
  | 'not_found'
  | 'already_exists'
  | 'invalid'
  | 'artifacts_not_proxied'
  | 'tls';

const RETRYABLE: ReadonlySet<MlflowErrorKind> = new Set(['unreachable', 'uncertain', 'busy']);

export class MlflowError extends Error {
  public readonly retryable: boolean;

  public constructor(
    public readonly kind: MlflowErrorKind,
    message: string,
    public readonly status: number | null = null,
    public readonly errorCode: string | null = null,
  ) {
    super(message);
    this.name = 'MlflowError';
    this.retryable = RETRYABLE.has(kind);
  }
}

/** What an MLflow JSON error body says, when it is one. */
function parseErrorBody(body: string): { code: string | null; message: string } {
  try {
    const j = JSON.parse(body) as { error_code?: unknown; message?: unknown };
    return { code: typeof j.error_code === 'string' ? j.error_code : null, message: typeof j.message === 'string' ? j.message : body };
  } catch {
    return { code: null, message: body };
  }
}

/** The first line of a server message, without the SQL a store error drags along. */
function short(message: string): string {
  const first = message.split('\n')[0]!.trim();
  return first.length > 300 ? `${first.slice(0, 300)}…` : first;
}

/** An HTTP answer that is not 2xx, as an MlflowError naming the server, the call and what fixes it. */
export function errorFromResponse(server: string, call: string, status: number, body: string): MlflowError {
  const { code, message } = parseErrorBody(body);
  const at = `MLflow server ${server} (${call})`;
  if (status === 403 && /Invalid Host header|DNS rebinding/i.test(message)) {
    return new MlflowError(
      'host_refused',
      `${at} refused this client's Host header (MLflow ≥ 3.5 accepts only the hosts it was told about): start the server with --allowed-hosts naming the host in ${server} (e.g. --allowed-hosts "${hostOf(server)}")`,
      status,
      code,
    );
  }
  if (status === 401) {
    return new MlflowError('unauthenticated', `${at} wants credentials (401): set UDW_MLFLOW_USERNAME and UDW_MLFLOW_PASSWORD (or UDW_MLFLOW_TOKEN), or store them with \`udw remote set --username NAME --password-stdin\``, status, code);
  }
  if (status === 403 || code === 'PERMISSION_DENIED') {
    return new MlflowError('permission', `${at} refused (403 ${short(message)}): this user lacks the permission; ask the server's admin for EDIT on the experiment (or MANAGE on the registered model)`, status, code);
  }
  if (status === 413) {
    return new MlflowError('limits', `${at}: the request body is over a size limit (413), usually of a reverse proxy in front of MLflow: raise its body limit (nginx client_max_body_size)`, status, code);
  }
  if (status === 429 || status >= 500) {
    if (status === 501 || status === 503) {
      if (/artifact/i.test(call) || /serve-artifacts|proxied artifact/i.test(message)) {
        return new MlflowError('artifacts_not_proxied', `${at} does not serve artifacts (${status} ${short(message)}): start it with --serve-artifacts and --artifacts-destination`, status, code);
      }
    }
    return new MlflowError('busy', `${at} answered ${status} ${short(message)}; will retry`, status, code);
  }
  if (code === 'RESOURCE_ALREADY_EXISTS') return new MlflowError('already_exists', `${at}: ${short(message)}`, status, code);
  if (status === 404 || code === 'RESOURCE_DOES_NOT_EXIST' || code === 'ENDPOINT_NOT_FOUND') {
    if (/mlflow-artifacts/.test(call)) {
      return new MlflowError('artifacts_not_proxied', `${at}: the artifact proxy is not there (404): start the server with --serve-artifacts (and --artifacts-destination)`, status, code);
    }
    return new MlflowError('not_found', `${at}: not found (${short(message)})`, status, code);
  }
  if (code === 'INVALID_PARAMETER_VALUE' && /exceed|limit|at most|too (many|long)|max/i.test(message)) {
    return new MlflowError('limits', `${at} refused a value over its limits: ${short(message)}`, status, code);
  }
  return new MlflowError('invalid', `${at} refused the request (${status}${code ? ` ${code}` : ''}): ${short(message)}`, status, code);
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'EADDRNOTAVAIL']);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|DEPTH_ZERO|HOSTNAME_MISMATCH|ERR_SSL/;

/** A transport failure (no HTTP answer) as an MlflowError. `sent`: whether the request may have reached the server. */
export function errorFromTransport(server: string, call: string, err: unknown): MlflowError {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  const detail = e.cause?.message ?? e.message ?? String(err);
  if (err instanceof MlflowError) return err;
  if (TLS_CODES.test(code) || TLS_CODES.test(detail)) {
    return new MlflowError('tls', `MLflow server ${server} (${call}): TLS failed (${detail}): give the server's CA with UDW_MLFLOW_CA_FILE, or (only on a trusted network) UDW_MLFLOW_INSECURE_TLS=true`);
  }
  if (UNREACHABLE_CODES.has(code)) {
    return new MlflowError('unreachable', `MLflow server ${server} is unreachable (${code}): check the address (\`udw remote set --mlflow URI\`) and that the server runs; queued work waits and is retried`);
  }
  return new MlflowError('uncertain', `MLflow server ${server} (${call}): the connection failed before an answer (${code || detail}); the call is checked and retried`);
}

function hostOf(server: string): string {
  try {
    return new URL(server).host;
  } catch {
    return server;
  }
}
