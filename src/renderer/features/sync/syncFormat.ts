/** How the Sync view words the outbox: reasons, progress, retry times, the last drain. Pure, tested alone. */
import type { SyncErrorReason, SyncRunView, SyncStatus } from '../../../shared/api/sync.contract';
import { formatWhen } from '../training/format';
import type { UploadBytes } from './syncStore';

const REASONS: Record<SyncErrorReason, string> = {
  unreachable: 'server unreachable',
  auth: 'credentials missing or refused',
  permission: 'no permission',
  host_refused: 'Host header refused by the server',
  tls: 'TLS certificate problem',
  limits: 'over a server limit',
  busy: 'server busy or failing',
  artifacts_not_proxied: 'server does not proxy artifacts',
  connection: 'connection cut',
  refused: 'request refused',
  other: 'error',
};

export function reasonText(reason: SyncErrorReason): string {
  return REASONS[reason];
}

/** Steps done of all, with the upload of the step going on when there is one. */
export function progressText(run: Pick<SyncRunView, 'steps'>, bytes?: UploadBytes): string {
  const steps = `${run.steps.done} / ${run.steps.total} steps`;
  if (!bytes || bytes.total === 0) return steps;
  return `${steps}, ${Math.floor((100 * bytes.sent) / bytes.total)} % of ${bytes.file.split(/[\\/]/).pop()}`;
}

/**
 * When a waiting run may go again. The app drains when asked (Sync now), so this is a "not before": a clock
 * time, not a countdown that would go stale on a screen nobody refreshes.
 */
export function retryText(iso: string | null, now: number = Date.now()): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  if (at <= now) return 'on the next Sync now';
  const d = new Date(at);
  const clock = d.toTimeString().slice(0, 8);
  return d.toDateString() === new Date(now).toDateString() ? `not before ${clock}` : `not before ${formatWhen(iso)}`;
}

/** The line under the buttons: who drains, and how the last drain ended. */
export function drainText(status: SyncStatus): string {
  if (status.drain.by === 'app') return 'Syncing…';
  if (status.drain.by === 'other') return `Another process is syncing this catalog (${status.drain.holder}); Sync now waits for it.`;
  const last = status.lastDrain;
  if (!last) return 'Not synced since the app started.';
  // Local clock time, as the table's times are.
  const when = Number.isFinite(Date.parse(last.at)) ? new Date(last.at).toTimeString().slice(0, 8) : last.at;
  switch (last.outcome) {
    case 'done':
      return `Last sync ${when}: everything that could go went.`;
    case 'failed':
      return `Last sync ${when}: some runs failed (their reason is in the table; Retry sends them again).`;
    case 'unreachable':
      return `Last sync ${when}: the server could not be reached; queued work waits.`;
    case 'cancelled':
      return `Last sync ${when}: stopped.`;
    default:
      return `Last sync ${when}: did not run.`;
  }
}
