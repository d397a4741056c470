/**
 * The Sync view's state: where sync goes (remote.get), the outbox (sync.status), live upload bytes, and
 * the actions (save the remote, store credentials, Sync now, Retry). The status is reloaded on every
 * sync.progress event but bytes (which update a progress bar in place), one reload at a time: a burst of
 * step events makes two reads, not fifty. A vanilla zustand store and plain actions over (store, api), tested
 * without React.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HostKind } from '../../../shared/api/app.contract';
import type { AppApi, Input } from '../../../shared/api/contract';
import type { CredentialsInput, RemoteInfo, SyncStatus } from '../../../shared/api/sync.contract';

export interface UploadBytes {
  file: string;
  sent: number;
  total: number;
}

export interface SyncState {
  /** Which host serves the page: on the desktop a link opens nothing by itself, the back end opens it. */
  host: HostKind | null;
  remote: RemoteInfo | null;
  status: SyncStatus | null;
  loaded: boolean;
  /** Upload progress per local run, from sync.progress bytes events of the drain going on. */
  bytes: Record<string, UploadBytes>;
  /** Requests in flight, so their buttons say so and are not pressed twice. */
  busy: { remote: boolean; credentials: boolean; now: boolean; stop: boolean; retry: string | null; register: boolean };
  /** The last thing the view was told, for the status line (role=status). */
  message: string | null;
  error: string | null;
}

export const INITIAL_SYNC: SyncState = {
  host: null,
  remote: null,
  status: null,
  loaded: false,
  bytes: {},
  busy: { remote: false, credentials: false, now: false, stop: false, retry: null, register: false },
  message: null,
  error: null,
};

export interface SyncStore extends StoreApi<SyncState> {
  reload: { inFlight: boolean; again: boolean };
}

export function createSyncStore(initial: Partial<SyncState> = {}): SyncStore {
  const store = createStore<SyncState>()(() => ({ ...INITIAL_SYNC, ...initial })) as SyncStore;
  store.reload = { inFlight: false, again: false };
  return store;
}

export const syncStore = createSyncStore();

export function useSync<T>(selector: (s: SyncState) => T): T {
  return useStore(syncStore, selector);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function setBusy(store: SyncStore, patch: Partial<SyncState['busy']>): void {
  store.setState((s) => ({ busy: { ...s.busy, ...patch } }));
}

/** Reload the remote and the outbox. */
export async function loadSync(store: SyncStore, api: AppApi): Promise<void> {
  const gate = store.reload;
  if (gate.inFlight) {
    gate.again = true;
    return;
  }
  gate.inFlight = true;
  try {
    do {
      gate.again = false;
      try {
        const [remote, status, host] = await Promise.all([
          api.invoke('remote.get', {}),
          api.invoke('sync.status', {}),
          store.getState().host ?? api.invoke('app.info', {}).then((i) => i.host),
        ]);
        store.setState({ remote, status, host, loaded: true });
      } catch (err) {
        store.setState({ loaded: true, error: errorText(err) });
      }
    } while (gate.again);
  } finally {
    gate.inFlight = false;
  }
}

/** Runs one of the view's actions with its busy flag up (`on`, then `off`); a failure goes to the view's error line. Whether it worked. */
async function busyAction(store: SyncStore, on: Partial<SyncState['busy']>, off: Partial<SyncState['busy']>, run: () => Promise<void>): Promise<boolean> {
  setBusy(store, on);
  try {
    await run();
    return true;
  } catch (err) {
    store.setState({ error: errorText(err) });
    return false;
  } finally {
    setBusy(store, off);
  }
}

export function saveRemote(store: SyncStore, api: AppApi, patch: Input<'remote.set'>): Promise<boolean> {
  return busyAction(store, { remote: true }, { remote: false }, async () => {
    const remote = await api.invoke('remote.set', patch);
    store.setState({ remote, error: null, message: remote.mlflowUrl ? `Saved: runs sync to ${remote.mlflowUrl}, experiment ${remote.experiment}.` : 'Saved: no MLflow server set.' });
    await loadSync(store, api);
  });
}

export function saveCredentials(store: SyncStore, api: AppApi, credentials: CredentialsInput, allowPlainText: boolean): Promise<boolean> {
  return busyAction(store, { credentials: true }, { credentials: false }, async () => {
    const remote = await api.invoke('remote.setCredentials', { credentials, allowPlainText });
    store.setState({ remote, error: null, message: credentials ? 'Credentials stored in the back end.' : 'Credentials forgotten.' });
  });
}

export async function syncNow(store: SyncStore, api: AppApi): Promise<void> {
  await busyAction(store, { now: true }, { now: false }, async () => {
    const res = await api.invoke('sync.now', {});
    // Started: the drain line says so while it runs (an end event may come before this answer).
    store.setState({ error: null, message: res.started ? null : res.message });
    await loadSync(store, api);
  });
}

/** Stop this app's drain after its current step; the rest stays queued. */
export async function stopSync(store: SyncStore, api: AppApi): Promise<void> {
  await busyAction(store, { stop: true }, { stop: false }, async () => {
    const res = await api.invoke('sync.stop', {});
    store.setState({ error: null, message: res.stopped ? 'Stopped after the step that was going; the rest waits in the queue.' : null });
    await loadSync(store, api);
  });
}

export async function retryRun(store: SyncStore, api: AppApi, localId: string): Promise<void> {
  await busyAction(store, { retry: localId }, { retry: null }, async () => {
    const status = await api.invoke('sync.retry', { localId });
    store.setState({ status, error: null, message: `${localId} will be tried again on the next Sync now.` });
  });
}

/** Queue the registration of a run's model (sync.register); Sync now sends it. Returns whether it was queued. */
export function registerRunModel(store: SyncStore, api: AppApi, input: Input<'sync.register'>): Promise<boolean> {
  return busyAction(store, { register: true }, { register: false }, async () => {
    const status = await api.invoke('sync.register', input);
    const as = input.alias ? `${input.model}@${input.alias}` : input.model;
    store.setState({ status, error: null, message: `The model of ${input.localId} will be registered as ${as} on the next Sync now.` });
  });
}

/** The desktop: the back end opens the run's MLflow page in the system browser. */
export async function openRun(store: SyncStore, api: AppApi, localId: string): Promise<void> {
  try {
    const res = await api.invoke('sync.openRun', { localId });
    store.setState({ error: null, message: res.opened ? `Opened ${res.link} in the browser.` : `Open ${res.link} in a browser.` });
  } catch (err) {
    store.setState({ error: errorText(err) });
  }
}

/** Follow the outbox while the view is shown; returns the unsubscribe. */
export function followSync(store: SyncStore, api: AppApi): () => void {
  const offs = [
    api.on('sync.progress', (p) => {
      if (p.type === 'bytes') {
        store.setState((s) => ({ bytes: { ...s.bytes, [p.localId]: { file: p.file, sent: p.sent, total: p.total } } }));
        return;
      }
      if (p.type === 'drain' && p.state === 'finished') {
        store.setState({ bytes: {}, message: p.outcome === 'done' ? 'Sync finished.' : p.outcome === 'failed' ? 'Sync finished; some runs failed (see their reason).' : null });
      }
      void loadSync(store, api);
    }),
    // Runs that end are queued (with a server set) or listed as not queued yet.
    api.on('runs.changed', () => void loadSync(store, api)),
  ];
  return () => offs.forEach((off) => off());
}
