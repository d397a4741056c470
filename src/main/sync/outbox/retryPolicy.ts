/**
 * When a failed step may run again: exponential back-off with jitter (half the delay fixed, half random, so
 * many laptops coming back online do not hammer the server in step), within a budget of attempts after which
 * the step is parked as failed until a person retries it. The knobs mirror the Python client's
 * MLFLOW_HTTP_REQUEST_MAX_RETRIES and MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR.
 */

export interface RetryPolicy {
  /** Failures charged to one step before it is parked as failed. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseMs: 1_000, maxMs: 60_000 };

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: expected a whole number ≥ 0, got '${raw}'`);
  return n;
}

/** UDW_SYNC_RETRIES, UDW_SYNC_BACKOFF_MS, UDW_SYNC_BACKOFF_MAX_MS override the defaults. */
export function retryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  return {
    attempts: Math.max(1, positiveInt(env, 'UDW_SYNC_RETRIES', DEFAULT_RETRY.attempts)),
    baseMs: positiveInt(env, 'UDW_SYNC_BACKOFF_MS', DEFAULT_RETRY.baseMs),
    maxMs: positiveInt(env, 'UDW_SYNC_BACKOFF_MAX_MS', DEFAULT_RETRY.maxMs),
  };
}

/** The wait before attempt `n + 1` (n ≥ 1 failures so far). `random` is for tests. */
export function backoffMs(policy: RetryPolicy, n: number, random: () => number = Math.random): number {
  const full = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, n - 1));
  return Math.round(full / 2 + (random() * full) / 2);
}
