import { describe, expect, it } from 'vitest';
import { proxiedRoot } from '../../../src/main/sync/mlflow/artifactUpload';
import { errorFromResponse, errorFromTransport } from '../../../src/main/sync/mlflow/mlflowError';

const S = 'http://mlflow.lab:5000';

describe('MLflow errors say what to do', () => {
  it('maps each answer to a kind and a message naming the server and the fix', () => {
    const host = errorFromResponse(S, 'POST runs/create', 403, 'Invalid Host header - possible DNS rebinding attack detected');
    expect(host).toMatchObject({ kind: 'host_refused', retryable: false });
    expect(host.message).toContain('--allowed-hosts "mlflow.lab:5000"');
    expect(errorFromResponse(S, 'GET x', 401, 'You are not authenticated.')).toMatchObject({ kind: 'unauthenticated', retryable: false });
    expect(errorFromResponse(S, 'GET x', 401, '').message).toMatch(/MLflow server http:\/\/mlflow\.lab:5000 .*UDW_MLFLOW_USERNAME/);
    expect(errorFromResponse(S, 'GET x', 403, '{"error_code":"PERMISSION_DENIED","message":"Permission denied"}')).toMatchObject({ kind: 'permission' });
    expect(errorFromResponse(S, 'PUT a', 413, '<html>too large</html>').message).toContain('client_max_body_size');
    expect(errorFromResponse(S, 'POST b', 503, 'busy')).toMatchObject({ kind: 'busy', retryable: true });
    expect(errorFromResponse(S, 'POST b', 429, '')).toMatchObject({ kind: 'busy', retryable: true });
    expect(errorFromResponse(S, 'PUT api/2.0/mlflow-artifacts/artifacts/1/r/a', 404, '')).toMatchObject({ kind: 'artifacts_not_proxied' });
    expect(errorFromResponse(S, 'PUT api/2.0/mlflow-artifacts/artifacts/1/r/a', 404, '').message).toContain('--serve-artifacts');
    expect(errorFromResponse(S, 'POST e', 400, '{"error_code":"RESOURCE_ALREADY_EXISTS","message":"exists\\n[SQL: …]"}')).toMatchObject({ kind: 'already_exists', message: `MLflow server ${S} (POST e): exists` });
    expect(errorFromResponse(S, 'POST l', 400, '{"error_code":"INVALID_PARAMETER_VALUE","message":"A batch logging request can contain at most 1000 metrics"}')).toMatchObject({ kind: 'limits' });
    expect(errorFromResponse(S, 'POST l', 400, '{"error_code":"INVALID_PARAMETER_VALUE","message":"Changing param values is not allowed"}')).toMatchObject({ kind: 'invalid', retryable: false });
  });

  it('tells a server that is not there from a call that got no answer', () => {
    expect(errorFromTransport(S, 'GET x', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ kind: 'unreachable', retryable: true });
    expect(errorFromTransport(S, 'GET x', Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))).toMatchObject({ kind: 'uncertain', retryable: true });
    const tls = errorFromTransport(S, 'GET x', Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }));
    expect(tls).toMatchObject({ kind: 'tls', retryable: false });
    expect(tls.message).toContain('UDW_MLFLOW_CA_FILE');
  });

  it('maps proxied artifact URIs to the proxy path and refuses a store it cannot reach', () => {
    expect(proxiedRoot(S, 'mlflow-artifacts:/1/abc/artifacts')).toBe('1/abc/artifacts');
    expect(proxiedRoot(S, 'mlflow-artifacts://mlflow.lab:5000/1/abc/artifacts/')).toBe('1/abc/artifacts');
    expect(() => proxiedRoot(S, 's3://bucket/1/abc/artifacts')).toThrow(/s3:\/\/bucket.*--serve-artifacts/);
  });
});
