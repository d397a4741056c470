/**
 * Sync in the app (issue 14): where runs go (the MLflow tracking URI, experiment, DVC remote), the durable
 * outbox as the Sync view shows it, and draining it in the back end. Credentials go one way only: the
 * renderer may hand a username and password or a token to `remote.setCredentials` once; what it can ever
 * read back is `{ kind: 'basic', username } | { kind: 'token' } | null`. The schemas of what it reads are
 * strict, so a handler that put a secret into an answer would fail at dispatch instead of leaking it.
 */
import { z } from 'zod';
import { aliasProblem } from '../sync/modelAlias';
import { event, request } from './define';
import { RunId } from './training.contract';

const Count = z.number().int().nonnegative();
const Iso = z.string();

/** A tracking URI without credentials in it: those go through remote.setCredentials, never into settings.json. */
export const MlflowUrl = z
  .url({ protocol: /^https?$/, error: 'expected an http:// or https:// MLflow tracking URI' })
  .max(2000)
  .refine((u) => !/^https?:\/\/[^/]*@/.test(u), 'credentials do not belong in the URL: give them in the credentials form (remote.setCredentials)');

export const ExperimentName = z
  .string()
  .trim()
  .min(1, 'expected an experiment name of 1 to 500 characters')
  .max(500, 'expected an experiment name of 1 to 500 characters');

/** What the renderer may know of the stored credentials: who, never the secret. */
export const CredentialsInfo = z
  .discriminatedUnion('kind', [z.object({ kind: z.literal('basic'), username: z.string() }).strict(), z.object({ kind: z.literal('token') }).strict()])
  .nullable();
export type CredentialsInfo = z.infer<typeof CredentialsInfo>;

/** What the renderer sends, once. */
export const CredentialsInput = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('basic'), username: z.string().min(1, 'expected a username').max(500), password: z.string().max(10_000) }).strict(),
    z.object({ kind: z.literal('token'), token: z.string().trim().min(1, 'expected a token').max(10_000) }).strict(),
  ])
  .nullable();
export type CredentialsInput = z.infer<typeof CredentialsInput>;

/** Where this back end keeps credentials, so the view can say so and ask before storing them unencrypted. */
export const CredentialStorage = z
  .object({
    /** file: the 0600 credentials.json (CLI, browser host); safeStorage: encrypted by the desktop's secret store. */
    kind: z.enum(['file', 'safeStorage']),
    /** Whether what is stored is encrypted at rest (a 0600 file is protected by its mode only). */
    encrypted: z.boolean(),
    /** False when storing needs the user's consent to keep them unencrypted (no secret store on this desktop). */
    canEncrypt: z.boolean(),
    note: z.string(),
  })
  .strict();
export type CredentialStorage = z.infer<typeof CredentialStorage>;

export const RemoteInfo = z
  .object({
    mlflowUrl: z.string().nullable(),
    experiment: z.string(),
    dvcRemote: z.string().nullable(),
    credentials: CredentialsInfo,
    /** environment: UDW_MLFLOW_* variables of the back end's process, which win over anything stored. */
    credentialsSource: z.enum(['environment', 'stored']).nullable(),
    /** Why the stored credentials cannot be read (a file readable by others, a store that cannot decrypt), naming the file. */
    credentialsProblem: z.string().nullable(),
    storage: CredentialStorage,
  })
  .strict();
export type RemoteInfo = z.infer<typeof RemoteInfo>;

export const SyncRunStatus = z.enum(['pending', 'running', 'done', 'failed']);
export type SyncRunStatus = z.infer<typeof SyncRunStatus>;

/** Why the last attempt failed, for the view's wording; derived from the MLflow error the outbox stored. */
export const SyncErrorReason = z.enum(['unreachable', 'auth', 'permission', 'host_refused', 'tls', 'limits', 'busy', 'artifacts_not_proxied', 'connection', 'refused', 'other']);
export type SyncErrorReason = z.infer<typeof SyncErrorReason>;

export const SyncRunView = z
  .object({
    localId: z.string(),
    /** The MLflow run's name. */
    name: z.string(),
    mlflowRunId: z.string().nullable(),
    experiment: z.string(),
    status: SyncRunStatus,
    steps: z.object({ done: Count, total: Count }).strict(),
    /** The step that goes next (or is being sent); null when all are done. */
    currentStep: z.string().nullable(),
    lastError: z.object({ message: z.string(), reason: SyncErrorReason }).strict().nullable(),
    /** When a pending run waiting after a failure is tried again (ISO). */
    nextRetryAt: Iso.nullable(),
    /** Queued while the server was unreachable: the MLflow run carries udw.offline=true. */
    offline: z.boolean(),
    /** The run's page in the MLflow UI, once the server has it. */
    link: z.url({ protocol: /^https?$/ }).nullable(),
    enqueuedAt: Iso,
    doneAt: Iso.nullable(),
  })
  .strict();
export type SyncRunView = z.infer<typeof SyncRunView>;

export const DrainOutcome = z.enum(['done', 'unreachable', 'failed', 'error', 'cancelled']);

export const SyncStatus = z
  .object({
    pending: Count,
    running: Count,
    done: Count,
    failed: Count,
    /** Who is draining the outbox now: this app, another process (a `udw sync`), or nobody. */
    drain: z.object({ by: z.enum(['app', 'other']).nullable(), holder: z.string().nullable() }).strict(),
    /** The last drain this back end ran, and how it ended. */
    lastDrain: z.object({ at: Iso, outcome: DrainOutcome, message: z.string().nullable() }).strict().nullable(),
    /** Ended local runs not queued yet (queued on the next Sync now, or with sync.queueRun). */
    unqueued: z.array(z.object({ runId: z.string(), status: z.string() }).strict()),
    runs: z.array(SyncRunView),
  })
  .strict();
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SyncProgress = z.discriminatedUnion('type', [
  z.object({ type: z.literal('drain'), state: z.enum(['started', 'finished']), outcome: DrainOutcome.optional(), message: z.string().nullable().optional() }).strict(),
  z.object({ type: z.literal('step'), localId: z.string(), label: z.string(), outcome: z.enum(['done', 'retry', 'failed']), message: z.string().optional() }).strict(),
  z.object({ type: z.literal('bytes'), localId: z.string(), file: z.string(), sent: Count, total: Count }).strict(),
  z.object({ type: z.literal('queued'), localIds: z.array(z.string()) }).strict(),
]);
export type SyncProgress = z.infer<typeof SyncProgress>;

const Empty = z.object({}).strict();

export const RegisterInput = z
  .object({
    localId: z.string().min(1).max(200),
    /** The registered model's name on the server (created when missing). */
    model: z.string().trim().min(1, 'a registered model name').max(256),
    /** An alias to point at the new version (e.g. champion), or none. */
    alias: z
      .string()
      .trim()
      .nullable()
      .optional()
      .superRefine((alias, ctx) => {
        const problem = alias ? aliasProblem(alias) : null;
        if (problem) ctx.addIssue({ code: 'custom', message: `alias: ${problem}` });
      }),
  })
  .strict();
export type RegisterInput = z.infer<typeof RegisterInput>;

export const syncContract = {
  'sync.status': request('The sync outbox: counts, each queued run (steps n/N, last error and reason, next retry, offline tag, MLflow link)', Empty, SyncStatus),
  'sync.now': request(
    'Queue every ended run not queued yet and drain the outbox once, in the background (sync.progress tells how it goes). ' +
      'Refused while another process (a `udw sync`) drains this catalog.',
    Empty,
    z.object({ started: z.boolean(), message: z.string().nullable() }).strict(),
  ),
  'sync.stop': request(
    "Stop this app's drain after the step it is sending (what went stays on the server, the rest waits in the outbox); " +
      'resolves once it has stopped. stopped is false when no drain was running here.',
    Empty,
    z.object({ stopped: z.boolean() }).strict(),
  ),
  'sync.retry': request('Give a failed run a fresh retry budget (its failed step goes again on the next drain)', z.object({ localId: z.string().min(1).max(200) }).strict(), SyncStatus),
  'sync.queueRun': request(
    'Queue one ended training run for the server (no-op when it is queued already or still going)',
    z.object({ runId: RunId }).strict(),
    z.object({ queued: z.boolean(), message: z.string().nullable() }).strict(),
  ),
  'sync.register': request(
    "Queue the registration of an ended run's ONNX model as a new version of a registered model (and point an alias at it); " +
      'the run is queued too when it is not yet; Sync now sends it',
    RegisterInput,
    SyncStatus,
  ),
  'sync.openRun': request(
    "Open a synced run's page in the MLflow UI: the desktop opens it in the system browser (the back end builds the link from the catalog; " +
      'the page never names a URL to open); other hosts answer the link for the page to open',
    z.object({ localId: z.string().min(1).max(200) }).strict(),
    z.object({ opened: z.boolean(), link: z.url({ protocol: /^https?$/ }) }).strict(),
  ),
  'remote.get': request('Where sync goes (MLflow URI, experiment, DVC remote) and who the stored credentials are for', Empty, RemoteInfo),
  'remote.set': request(
    'Set the MLflow tracking URI, experiment and DVC remote (null clears one). With a server set, ended runs are queued for it.',
    z.object({ mlflowUrl: MlflowUrl.nullable().optional(), experiment: ExperimentName.optional(), dvcRemote: z.string().trim().min(1).max(2000).nullable().optional() }).strict(),
    RemoteInfo,
  ),
  'remote.setCredentials': request(
    'Store (or, with null, forget) the MLflow credentials in the back end; the secret is never sent back. ' +
      'allowPlainText: store them unencrypted where this desktop has no secret store.',
    z.object({ credentials: CredentialsInput, allowPlainText: z.boolean().optional() }).strict(),
    RemoteInfo,
  ),
  'sync.progress': event('How a drain of the sync outbox goes: started/finished, each step, upload bytes, runs queued', SyncProgress),
} as const;
