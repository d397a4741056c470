/**
 * The outbox stores an error as the message a person reads (mlflow/mlflowError.ts wrote it, naming the
 * server and the fix); the Sync view also wants its kind, for the wording of the reason column. The kind is
 * read back from the message's fixed phrases; test/unit/sync/syncErrorReason.test.ts builds every kind with
 * mlflowError.ts itself, so a reworded message fails there instead of turning into 'other' unnoticed.
 */
import type { SyncErrorReason } from '../../shared/api/sync.contract';

const RULES: Array<[SyncErrorReason, RegExp]> = [
  ['host_refused', /refused this client's Host header/],
  ['unreachable', /is unreachable \(/],
  ['auth', /wants credentials \(401\)/],
  ['permission', /refused \(403 /],
  ['tls', /TLS failed|CA file .*: cannot read it/],
  ['limits', /over a size limit \(413\)|refused a value over its limits/],
  ['artifacts_not_proxied', /does not serve artifacts|the artifact proxy is not there/],
  ['busy', /answered (429|5\d\d)\b/],
  ['connection', /the connection failed before an answer/],
  ['refused', /refused the request \(/],
];

export function syncErrorReason(message: string): SyncErrorReason {
  for (const [reason, pattern] of RULES) if (pattern.test(message)) return reason;
  return 'other';
}
