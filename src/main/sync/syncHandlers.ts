/**
 * The sync channels of the contract (sync.contract.ts): where sync goes (remote.*), the credentials (stored
 * through a CredentialStore, read back as who, never the secret), the outbox as the Sync view shows it, and
 * draining it in the background (syncDrainer.ts). Runs that end while a server is set are queued for it.
 * Nothing here logs: messages name servers and files, never what a credential holds.
 */
import type { Handlers } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { RemoteInfo } from '../../shared/api/sync.contract';
import type { BackendContext } from '../services/handlerContext';
import { describeCredentials, fileCredentialStore, resolveAuth, type CredentialStore } from './credentialStore';
import { resolveMlflowTls } from './mlflow/credentials';
import { MlflowClient } from './mlflow/mlflowClient';
import { MlflowHttp, type MlflowAuth } from './mlflow/mlflowHttp';
import { enqueueEndedRuns, enqueueRegistration, enqueueRunSync } from './outbox/enqueueRun';
import { OutboxStore } from './outbox/outboxStore';
import { retryPolicyFromEnv } from './outbox/retryPolicy';
import { readRemote } from './remoteConfig';
import { SyncDrainer, type DrainTarget } from './syncDrainer';
import { startAutoSync } from './autoSync';
import { syncStatus } from './syncStatusQuery';
import type { StartLink } from '../models/inferenceLink';
import { modelPullHandlers } from './models/modelPullHandlers';

type SyncChannels = 'sync.status' | 'sync.now' | 'sync.stop' | 'sync.retry' | 'sync.queueRun' | 'sync.register' | 'sync.openRun' | 'remote.get' | 'remote.set' | 'remote.setCredentials';

export interface SyncHandlerOptions {
  /** The catalog's folder: settings.json, credentials.json and the desktop's encrypted store live there. */
  dataDir: string;
  /** Where credentials are kept; the 0600 credentials.json unless the desktop lends its safeStorage store. */
  credentials?: CredentialStore;
  /** Opens an http(s) link in the system browser: lent by the desktop entry (Electron's shell), where a page's links open nothing. */
  openExternal?: (url: string) => Promise<void>;
  /** UDW_MLFLOW_* credentials and TLS options, UDW_SYNC_* retry knobs; process.env unless a test says otherwise. */
  env?: NodeJS.ProcessEnv;
  /** Look this often for queued work that is due and drain it unasked (autoSync.ts); 0 or absent: only on request. */
  autoSyncMs?: number;
  /** How a pulled model's checking inference process starts (models.pull); a Node child unless the desktop lends its own. */
  inferenceLink?: StartLink;
}

const ENDED = new Set(['finished', 'failed', 'cancelled']);

export function syncHandlers(ctx: BackendContext, opts: SyncHandlerOptions): Pick<Handlers, SyncChannels | 'models.pull' | 'models.remoteLineage'> {
  const env = opts.env ?? process.env;
  const credentials = opts.credentials ?? fileCredentialStore(opts.dataDir);
  const outbox = new OutboxStore(ctx.db);

  const remote = (): RemoteInfo => {
    const r = readRemote(ctx.db, opts.dataDir);
    let who: Pick<RemoteInfo, 'credentials' | 'credentialsSource' | 'credentialsProblem'>;
    try {
      const { auth, source } = resolveAuth(credentials, env);
      who = { credentials: describeCredentials(auth), credentialsSource: source, credentialsProblem: null };
    } catch (err) {
      // The view still opens, and says what is wrong with the stored credentials (storing them again mends it).
      who = { credentials: null, credentialsSource: null, credentialsProblem: (err as Error).message };
    }
    return { mlflowUrl: r.mlflowUrl, experiment: r.experiment, dvcRemote: r.dvcRemote, ...who, storage: credentials.storage() };
  };
  const target = (): DrainTarget | null => {
    const r = readRemote(ctx.db, opts.dataDir);
    return r.mlflowUrl ? { url: r.mlflowUrl, experiment: r.experiment } : null;
  };
  const client = (url: string): MlflowClient => new MlflowClient(new MlflowHttp({ url, auth: resolveAuth(credentials, env).auth, tls: resolveMlflowTls(env) }));

  const drainer = new SyncDrainer({ db: ctx.db, events: ctx.events, target, client, retry: () => retryPolicyFromEnv(env) });
  const stopAuto = startAutoSync({ db: ctx.db, drainer, configured: () => target() !== null, everyMs: opts.autoSyncMs ?? 0 });
  ctx.onDispose(async () => {
    stopAuto();
    await drainer.dispose();
  });

  // One link maker per server, made once (the URL is parsed and stripped of credentials the way requests see it).
  const linkers = new Map<string, MlflowHttp>();
  ctx.onDispose(async () => {
    for (const h of linkers.values()) await h.close();
  });
  const link = (server: string, experimentId: string, runId: string): string => {
    let h = linkers.get(server);
    if (!h) linkers.set(server, (h = new MlflowHttp({ url: server })));
    return h.runLink(experimentId, runId);
  };
  const status = () => syncStatus(ctx.db, { drainingHere: drainer.draining, lastDrain: drainer.lastDrain, link });

  const queueEnded = (): void => {
    const t = target();
    if (!t) return;
    const queued = enqueueEndedRuns(ctx.db, { server: t.url, experiment: t.experiment, offline: false });
    if (queued.length) ctx.events.emit('sync.progress', { type: 'queued', localIds: queued });
  };

  // A run that ends while a server is set is queued for it, as `udw sync` would queue it. After the event
  // has gone out, never inside the training manager's emit.
  const unsubscribe = ctx.events.subscribe((channel, payload) => {
    if (channel !== 'runs.changed' || !ENDED.has((payload as { status: string }).status)) return;
    setImmediate(() => {
      try {
        queueEnded();
      } catch (err) {
        drainer.note('error', `queueing ended runs for sync: ${(err as Error).message}`);
      }
    });
  });
  ctx.onDispose(unsubscribe);

  return {
    // Models from the server: the same server and credentials as the outbox's.
    ...modelPullHandlers(ctx, {
      client: () => {
        const t = target();
        return t ? client(t.url) : null;
      },
      startLink: opts.inferenceLink,
    }),
    'sync.status': status,
    'sync.now': () => drainer.start(),
    'sync.stop': async () => ({ stopped: await drainer.stop() }),
    'sync.retry': ({ localId }) => {
      if (!outbox.retry(localId)) {
        const run = outbox.run(localId);
        throw run
          ? new ApiError('conflict', `sync.retry: run ${localId} has no failed sync step to retry (it is ${run.state})`)
          : new ApiError('not_found', `sync.retry: run ${localId} is not queued for sync (Sync now queues ended runs)`);
      }
      return status();
    },
    'sync.queueRun': ({ runId }) => {
      const t = target();
      if (!t) throw new ApiError('failed', `sync.queueRun: no MLflow server set for this catalog: enter its tracking URI under Sync first`);
      if (outbox.isQueued(runId)) return { queued: false, message: `run ${runId} is queued for sync already` };
      let queued: boolean;
      try {
        queued = enqueueRunSync(ctx.db, runId, { server: t.url, experiment: t.experiment, offline: false });
      } catch (err) {
        throw new ApiError('not_found', `sync.queueRun: ${(err as Error).message}`);
      }
      if (!queued) return { queued: false, message: `run ${runId} has not ended yet: it is queued when it does` };
      ctx.events.emit('sync.progress', { type: 'queued', localIds: [runId] });
      return { queued: true, message: null };
    },
    'sync.register': ({ localId, model, alias }) => {
      const t = target();
      if (!t) throw new ApiError('failed', `sync.register: no MLflow server set for this catalog: enter its tracking URI under Sync first`);
      try {
        enqueueRegistration(ctx.db, localId, model, alias ?? null, { server: t.url, experiment: t.experiment, offline: false });
      } catch (err) {
        // No such run, or a run without a model: said as enqueueRegistration says it, naming the run.
        throw new ApiError('not_found', `sync.register: ${(err as Error).message}`);
      }
      ctx.events.emit('sync.progress', { type: 'queued', localIds: [localId] });
      return status();
    },
    'sync.openRun': async ({ localId }) => {
      const run = outbox.run(localId);
      if (!run) throw new ApiError('not_found', `sync.openRun: run ${localId} is not queued for sync`);
      if (!run.mlflow_run_id || !run.experiment_id) throw new ApiError('conflict', `sync.openRun: run ${localId} is not on the MLflow server yet (Sync now sends it)`);
      const url = link(run.server, run.experiment_id, run.mlflow_run_id);
      if (!opts.openExternal) return { opened: false, link: url };
      await opts.openExternal(url);
      return { opened: true, link: url };
    },
    'remote.get': remote,
    'remote.set': ({ mlflowUrl, experiment, dvcRemote }) => {
      // Through the back end's own settings service, so its copy and settings.json never disagree.
      const edit: { mlflowUrl?: string | null; dvcRemote?: string | null } = {};
      if (mlflowUrl !== undefined) edit.mlflowUrl = mlflowUrl === null ? null : mlflowUrl.replace(/\/+$/, '');
      if (dvcRemote !== undefined) edit.dvcRemote = dvcRemote;
      if (Object.keys(edit).length) ctx.settings.update(edit);
      if (experiment !== undefined) outbox.setRemoteSetting('experiment', experiment);
      queueEnded();
      return remote();
    },
    'remote.setCredentials': ({ credentials: given, allowPlainText }) => {
      const auth: MlflowAuth | null = !given ? null : given.kind === 'basic' ? { kind: 'basic', username: given.username, password: given.password } : { kind: 'bearer', token: given.token };
      try {
        credentials.write(auth, { allowPlainText: allowPlainText === true });
      } catch (err) {
        // No secret store and no consent to keep them unencrypted, an unwritable folder: the message says which.
        throw new ApiError('failed', `remote.setCredentials: ${(err as Error).message}`);
      }
      return remote();
    },
  };
}
