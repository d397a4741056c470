import { describe, expect, it } from 'vitest';
import { backoffMs, retryPolicyFromEnv } from '../../../src/main/sync/outbox/retryPolicy';

describe('retry policy', () => {
  const policy = { attempts: 5, baseMs: 1000, maxMs: 20_000 };

  it('doubles the delay per failure up to the cap, with half of it random', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(policy, n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 10_000]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(policy, n, () => 1))).toEqual([1000, 2000, 4000, 8000, 16_000, 20_000]);
  });

  it('reads its knobs from the environment and names a bad one', () => {
    expect(retryPolicyFromEnv({ UDW_SYNC_RETRIES: '3', UDW_SYNC_BACKOFF_MS: '10', UDW_SYNC_BACKOFF_MAX_MS: '99' })).toEqual({ attempts: 3, baseMs: 10, maxMs: 99 });
    expect(retryPolicyFromEnv({})).toEqual({ attempts: 8, baseMs: 1000, maxMs: 60_000 });
    expect(() => retryPolicyFromEnv({ UDW_SYNC_RETRIES: 'many' })).toThrow("UDW_SYNC_RETRIES: expected a whole number ≥ 0, got 'many'");
  });
});
