/**
 * State of the Models page: the registry (models.list), the training runs a model can be registered from,
 * and the batch pre-annotation run (progress with files/s from models.progress, cancel, resume by job id).
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AutolabelScope } from '../../../shared/api/autolabel.contract';
import type { AppApi } from '../../../shared/api/contract';
import type { InferBatchResult, InferProgress, ModelInfo, ModelPullResult, ModelRemote } from '../../../shared/api/models.contract';
import type { RunSummary } from '../../../shared/api/training.contract';

export interface BatchState {
  jobId: string;
  scope: AutolabelScope;
  scopeTitle: string;
  running: boolean;
  progress: InferProgress | null;
  result: InferBatchResult | null;
}

/** A pull from the server (models.pull): under way, or its answer. */
export interface PullState {
  ref: string;
  running: boolean;
  result: ModelPullResult | null;
}

export interface ModelsState {
  models: ModelInfo[];
  /** Where each pulled model came from, by model id. */
  lineage: Record<string, ModelRemote>;
  pull: PullState | null;
  runs: RunSummary[];
  loaded: boolean;
  error: string | null;
  batch: BatchState | null;
}

export type ModelsStore = StoreApi<ModelsState>;

export function createModelsStore(): ModelsStore {
  return createStore<ModelsState>()(() => ({ models: [], lineage: {}, pull: null, runs: [], loaded: false, error: null, batch: null }));
}

export const modelsStore = createModelsStore();

export function useModels<T>(selector: (s: ModelsState) => T): T {
  return useStore(modelsStore, selector);
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function loadModels(store: ModelsStore, api: AppApi): Promise<void> {
  try {
    // The runs only feed "register"; the registry shows without them.
    const [models, runs, lineage] = await Promise.all([
      api.invoke('models.list', {}),
      api.invoke('runs.list', {}).catch(() => []),
      api.invoke('models.remoteLineage', {}).catch(() => ({})),
    ]);
    // An action's error (act, pullFromServer) stays shown after the refetch that follows it.
    store.setState({ models, runs, lineage, loaded: true });
  } catch (err) {
    store.setState({ loaded: true, error: errorText(err) });
  }
}

async function act(store: ModelsStore, api: AppApi, fn: () => Promise<unknown>): Promise<void> {
  store.setState({ error: null });
  try {
    await fn();
  } catch (err) {
    store.setState({ error: errorText(err) });
  }
  await loadModels(store, api);
}

export const registerRun = (store: ModelsStore, api: AppApi, runId: string): Promise<void> => act(store, api, () => api.invoke('models.import', { runId }));
/** The desktop app's file dialog (models.importPick); a cancelled dialog changes nothing. */
export const importPickedModel = (store: ModelsStore, api: AppApi): Promise<void> => act(store, api, () => api.invoke('models.importPick', {}));
export const activateModel = (store: ModelsStore, api: AppApi, modelId: string): Promise<void> => act(store, api, () => api.invoke('models.activate', { modelId }));
export const removeModel = (store: ModelsStore, api: AppApi, modelId: string): Promise<void> => act(store, api, () => api.invoke('models.remove', { modelId }));

/** Pull NAME@ALIAS (or NAME/VERSION) from the server set under Sync; the answer says what was done. */
export async function pullFromServer(store: ModelsStore, api: AppApi, ref: string): Promise<void> {
  store.setState({ error: null, pull: { ref, running: true, result: null } });
  try {
    const result = await api.invoke('models.pull', { ref });
    store.setState({ pull: { ref, running: false, result } });
  } catch (err) {
    store.setState({ error: errorText(err), pull: { ref, running: false, result: null } });
  }
  await loadModels(store, api);
}

/** Finished training runs that have no registered model yet: what "register" offers. */
export function registrableRuns(runs: readonly RunSummary[], models: readonly ModelInfo[]): RunSummary[] {
  const have = new Set(models.map((m) => m.runId));
  return runs.filter((r) => r.status === 'finished' && !have.has(r.runId));
}

/**
 * Start (or, with the held job of the same scope, resume) a batch run. Progress events of this job update
 * the store while it runs; the answer says whether it completed or was cancelled.
 */
export async function runBatch(store: ModelsStore, api: AppApi, scope: AutolabelScope, scopeTitle: string, resume: boolean): Promise<void> {
  const held = store.getState().batch;
  const jobId = resume && held && held.result?.state === 'cancelled' ? held.jobId : `models-${Date.now().toString(36)}`;
  store.setState({ error: null, batch: { jobId, scope, scopeTitle, running: true, progress: null, result: null } });
  const off = api.on('models.progress', (p) => {
    const b = store.getState().batch;
    if (b && b.jobId === p.jobId) store.setState({ batch: { ...b, progress: p } });
  });
  try {
    const result = await api.invoke('models.inferBatch', { scope, jobId });
    const b = store.getState().batch!;
    store.setState({ batch: { ...b, running: false, result } });
  } catch (err) {
    const b = store.getState().batch!;
    store.setState({ error: errorText(err), batch: { ...b, running: false } });
  } finally {
    off();
  }
}

export async function cancelBatch(store: ModelsStore, api: AppApi): Promise<void> {
  const b = store.getState().batch;
  if (b?.running) await api.invoke('models.cancel', { jobId: b.jobId }).catch(() => undefined);
}
