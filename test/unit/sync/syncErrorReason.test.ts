/**
 * The Sync view's reason for an error is read back from the message the outbox stored; every message here is
 * made by mlflowError.ts itself (and wrapped the way the drain wraps it), so a reworded message fails here.
 */
import { describe, expect, it } from 'vitest';
import { errorFromResponse, errorFromTransport, type MlflowError } from '../../../src/main/sync/mlflow/mlflowError';
import { syncErrorReason } from '../../../src/main/sync/syncErrorReason';

const S = 'http://mlflow.lab:5000';
const transport = (code: string, message = code): MlflowError => errorFromTransport(S, 'GET x', Object.assign(new Error(message), { code }));

describe('syncErrorReason', () => {
  it.each([
    ['unreachable', transport('ECONNREFUSED')],
    ['connection', transport('UND_ERR_SOCKET', 'other side closed')],
    ['tls', transport('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')],
    ['auth', errorFromResponse(S, 'GET x', 401, '')],
    ['permission', errorFromResponse(S, 'GET x', 403, '{"error_code":"PERMISSION_DENIED","message":"Permission denied"}')],
    ['host_refused', errorFromResponse(S, 'POST runs/create', 403, 'Invalid Host header - possible DNS rebinding attack detected')],
    ['limits', errorFromResponse(S, 'PUT a', 413, '')],
    ['limits', errorFromResponse(S, 'POST l', 400, '{"error_code":"INVALID_PARAMETER_VALUE","message":"can contain at most 1000 metrics"}')],
    ['busy', errorFromResponse(S, 'POST b', 503, 'overloaded')],
    ['busy', errorFromResponse(S, 'POST b', 429, '')],
    ['artifacts_not_proxied', errorFromResponse(S, 'PUT api/2.0/mlflow-artifacts/artifacts/1/r/a', 404, '')],
    ['artifacts_not_proxied', errorFromResponse(S, 'PUT api/2.0/mlflow-artifacts/artifacts/1/r/a', 503, 'serve-artifacts is off')],
    ['refused', errorFromResponse(S, 'POST l', 400, '{"error_code":"INVALID_PARAMETER_VALUE","message":"Changing param values is not allowed"}')],
  ] as const)('%s', (reason, err) => {
    expect(syncErrorReason(err.message)).toBe(reason);
    // As a failed run stores it (`label: message`), and as the drain words a spent budget.
    expect(syncErrorReason(`create run: ${err.message}`)).toBe(reason);
    expect(syncErrorReason(`create run: gave up after 8 attempts (\`udw sync retry run-x\` tries again): ${err.message}`)).toBe(reason);
  });

  it('calls anything else an error', () => {
    expect(syncErrorReason('sync of run-x: no MLflow run recorded before this step (the outbox is out of order)')).toBe('other');
  });
});
