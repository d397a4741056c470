/**
 * `udw sync [--once] --json`: queue every ended local run not queued yet, then work through the outbox
 * (sync/outbox/): until interrupted, or with --once until nothing is left that can be done now. Prints
 * {"pending","done","failed","runs":[{"localId","mlflowRunId","status"}],"errors":[…]}. `udw sync retry ID`
 * gives a failed run a fresh retry budget; `udw sync register RUN_ID --model NAME [--alias ALIAS]` queues
 * the registration of a run's ONNX model (and the alias) after its sync.
 */
import path from 'node:path';
import type { CatalogDb } from '../../db/openCatalog';
import { MlflowError } from '../../sync/mlflow/mlflowError';
import type { MlflowClient } from '../../sync/mlflow/mlflowClient';
import { acquireDrainLock } from '../../sync/outbox/drainLock';
import { drainOutbox, type SyncProgress } from '../../sync/outbox/drainOutbox';
import { enqueueEndedRuns, enqueueRegistration, type SyncTarget } from '../../sync/outbox/enqueueRun';
import { OutboxStore } from '../../sync/outbox/outboxStore';
import { retryPolicyFromEnv } from '../../sync/outbox/retryPolicy';
import { syncSummary, type SyncSummary } from '../../sync/outbox/syncSummary';
import { mlflowClientFor, readRemote } from '../../sync/remoteConfig';
import { aliasProblem } from '../../../shared/sync/modelAlias';
import { UsageError, emit, type Command, type CommandContext } from '../command';
import { openCliCatalog } from '../catalogCli';

function summaryText(s: SyncSummary): string {
  const lines = [`${s.done} done, ${s.pending} pending, ${s.failed} failed`];
  for (const r of s.runs) lines.push(`  ${r.localId}  ${r.status.padEnd(7)}  ${r.mlflowRunId ?? '-'}`);
  for (const e of s.errors) lines.push(`  ${e.localId}: ${e.message}`);
  return lines.join('\n');
}

function targetOf(db: CatalogDb, dir: string): SyncTarget & { url: string } {
  const remote = readRemote(db, dir);
  if (!remote.mlflowUrl) throw new Error('no MLflow server set for this catalog: `udw remote set --mlflow URI` first');
  return { url: remote.mlflowUrl, server: remote.mlflowUrl, experiment: remote.experiment, offline: false };
}

/** Whether the server answers; a refusal no retry can mend (credentials, Host header, TLS) stops the command. */
async function reachable(client: MlflowClient): Promise<boolean> {
  try {
    await client.health();
    return true;
  } catch (err) {
    if (err instanceof MlflowError && err.retryable) return false;
    throw err;
  }
}

function progressPrinter(ctx: CommandContext): (p: SyncProgress) => void {
  let lastBytes = 0;
  return (p) => {
    if (ctx.json) return;
    if (p.type === 'step') ctx.io.err(`${p.localId}: ${p.label} ${p.outcome}${p.message ? ` (${p.message})` : ''}`);
    else if (p.sent === p.total || Date.now() - lastBytes > 1000) {
      lastBytes = Date.now();
      ctx.io.err(`${p.localId}: ${p.file} ${Math.round((100 * p.sent) / Math.max(1, p.total))}% of ${p.total} bytes`);
    }
  };
}

async function drain(ctx: CommandContext, db: CatalogDb, dir: string): Promise<number> {
  const target = targetOf(db, dir);
  const client = mlflowClientFor(target.url, dir, { warn: (m) => ctx.io.err(`udw sync: warning: ${m}`) });
  const release = acquireDrainLock(db);
  try {
    const online = await reachable(client);
    const queue = (): void => void enqueueEndedRuns(db, { ...target, offline: !online });
    queue();
    const store = new OutboxStore(db);
    await drainOutbox({ client, store, retry: retryPolicyFromEnv(), once: ctx.values.once === true, signal: ctx.signal, onProgress: progressPrinter(ctx), onIdle: queue });
    const summary = syncSummary(store);
    emit(ctx, summary, () => summaryText(summary));
    return summary.failed > 0 ? 1 : 0;
  } finally {
    release();
    await client.http.close();
  }
}

export const syncCommand: Command = {
  name: 'sync',
  summary: 'Sync ended training runs (and registered models) to the MLflow server through the durable outbox',
  usage: [
    'udw sync [--once] [--json]',
    'udw sync retry LOCAL_RUN_ID [--json]',
    'udw sync register LOCAL_RUN_ID --model NAME [--alias ALIAS] [--json]',
    '',
    'Queues every ended run not queued yet and sends it: params, metrics, artifacts (model, evaluation, plots,',
    'console), dataset input (the snapshot digest, and DVC md5 once `udw snapshot push` pushed it), status.',
    'Without --once it keeps going (and queues runs as they end) until Ctrl-C. register also tags the version',
    'with the ONNX file\'s SHA-256 (udw.onnx_sha256), which `udw models pull` checks.',
    '--json prints {"pending","done","failed","runs":[{"localId","mlflowRunId","status"}],"errors":[…]};',
    'exit 1 when a run has failed (its reason is in errors; `udw sync retry ID` tries it again).',
    'Retries: UDW_SYNC_RETRIES (default 8), UDW_SYNC_BACKOFF_MS (1000), UDW_SYNC_BACKOFF_MAX_MS (60000).',
  ].join('\n'),
  options: {
    once: { type: 'boolean' },
    model: { type: 'string' },
    alias: { type: 'string' },
  },
  async run(ctx) {
    const [sub, id, ...rest] = ctx.positionals;
    if (rest.length || (sub !== undefined && sub !== 'retry' && sub !== 'register')) throw new UsageError(`unexpected '${ctx.positionals.join(' ')}'`);
    if (sub && !id) throw new UsageError(`udw sync ${sub} needs a local run id`);
    const { db, file } = openCliCatalog(ctx, { create: false });
    const dir = path.dirname(file);
    try {
      if (!sub) return await drain(ctx, db, dir);
      const store = new OutboxStore(db);
      if (sub === 'retry') {
        if (!store.retry(id!)) throw new Error(store.run(id!) ? `run ${id}: no failed sync step to retry (it is ${store.run(id!)!.state})` : `run ${id}: not queued for sync (\`udw sync\` queues ended runs)`);
      } else {
        const model = ctx.values.model;
        if (typeof model !== 'string' || !model.trim()) throw new UsageError('udw sync register needs --model NAME');
        const alias = typeof ctx.values.alias === 'string' ? ctx.values.alias : null;
        const problem = alias === null ? null : aliasProblem(alias);
        if (problem) throw new UsageError(`--alias: ${problem}`);
        enqueueRegistration(db, id!, model.trim(), alias, targetOf(db, dir));
      }
      const summary = syncSummary(store);
      emit(ctx, summary, () => summaryText(summary));
      return 0;
    } finally {
      db.close();
    }
  },
};
