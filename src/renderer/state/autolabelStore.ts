/**
 * The batch auto-label run of the catalog page: scope → run (progress, cancel) → preview → commit (optionally
 * accepting the confident proposals) or discard. Nothing is written before commit: the back end holds the
 * run's proposals in a job (src/shared/api/autolabel.contract.ts). A vanilla zustand store and plain
 * actions over (store, api), unit-tested against the real back end without React.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AutolabelCommitResult, AutolabelPreview, AutolabelProgress, AutolabelScope } from '../../shared/api/autolabel.contract';
import type { AppApi } from '../../shared/api/contract';

export type AutolabelPhase = 'idle' | 'running' | 'preview' | 'committing' | 'committed';

export interface AutolabelState {
  /** The panel is shown. */
  open: boolean;
  phase: AutolabelPhase;
  /** The job the back end holds (from the first run until commit or discard). */
  jobId: string | null;
  /** What the held job covers, and how the panel named it. */
  scope: AutolabelScope | null;
  scopeTitle: string | null;
  minConfidence: number;
  progress: AutolabelProgress | null;
  /** A cancel was asked for and the run has not answered yet. */
  cancelling: boolean;
  preview: AutolabelPreview | null;
  result: AutolabelCommitResult | null;
  error: string | null;
}

export const INITIAL_AUTOLABEL: AutolabelState = {
  open: false,
  phase: 'idle',
  jobId: null,
  scope: null,
  scopeTitle: null,
  minConfidence: 0,
  progress: null,
  cancelling: false,
  preview: null,
  result: null,
  error: null,
};

export type AutolabelStore = StoreApi<AutolabelState>;

export function createAutolabelStore(initial: Partial<AutolabelState> = {}): AutolabelStore {
  return createStore<AutolabelState>()(() => ({ ...INITIAL_AUTOLABEL, ...initial }));
}

export const autolabelStore = createAutolabelStore();

export function useAutolabel<T>(selector: (s: AutolabelState) => T): T {
  return useStore(autolabelStore, selector);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

let jobCounter = 0;
/** A job id the contract accepts (letters, digits, _ . : -), unique within this page. */
export function newJobId(): string {
  return `ui-al-${Date.now().toString(36)}-${++jobCounter}`;
}

export function openPanel(store: AutolabelStore): void {
  store.setState({ open: true });
}

/** Close the panel; a job still held (preview) is discarded first, so nothing lingers in the back end. */
export async function closePanel(store: AutolabelStore, api: AppApi): Promise<void> {
  const s = store.getState();
  if (s.phase === 'running' || s.phase === 'committing') return;
  if (s.jobId && s.phase === 'preview') await discard(store, api);
  store.setState({ ...INITIAL_AUTOLABEL });
}

/**
 * Run the proposal engine over `scope` (a new job), or resume the held, cancelled one (`resume`). Resolves
 * when the run has ended or was cancelled; the preview is then in the store.
 */
export async function runAutolabel(
  store: AutolabelStore,
  api: AppApi,
  request: { scope: AutolabelScope; scopeTitle: string; minConfidence: number } | { resume: true },
): Promise<void> {
  const s = store.getState();
  if (s.phase === 'running' || s.phase === 'committing') return;
  const resume = 'resume' in request;
  if (resume && (!s.jobId || !s.scope)) return;
  // A new run drops the job held before it (its preview is being replaced).
  if (!resume && s.jobId && s.phase === 'preview') await discard(store, api);
  const jobId = resume ? s.jobId! : newJobId();
  const scope = resume ? s.scope! : request.scope;
  const minConfidence = resume ? s.minConfidence : request.minConfidence;
  store.setState({
    open: true,
    phase: 'running',
    jobId,
    scope,
    scopeTitle: resume ? s.scopeTitle : request.scopeTitle,
    minConfidence,
    progress: null,
    cancelling: false,
    result: null,
    error: null,
    ...(resume ? {} : { preview: null }),
  });
  const off = api.on('autolabel.progress', (p) => {
    if (p.jobId === jobId && store.getState().jobId === jobId) store.setState({ progress: p });
  });
  try {
    const preview = await api.invoke('autolabel.run', { scope, minConfidence, jobId });
    if (store.getState().jobId === jobId) store.setState({ phase: 'preview', preview, cancelling: false });
  } catch (err) {
    // A resumed job that failed keeps the preview it had; a new one has nothing to show.
    if (store.getState().jobId === jobId) {
      const kept = store.getState().preview;
      store.setState(kept ? { phase: 'preview', cancelling: false, error: errorText(err) } : { phase: 'idle', jobId: null, cancelling: false, error: errorText(err) });
    }
  } finally {
    off();
  }
}

/** Ask the running job to stop; its run then answers with the preview of what it computed. */
export async function cancelRun(store: AutolabelStore, api: AppApi): Promise<void> {
  const { jobId, phase } = store.getState();
  if (!jobId || phase !== 'running') return;
  store.setState({ cancelling: true });
  try {
    await api.invoke('autolabel.cancel', { jobId });
  } catch (err) {
    store.setState({ cancelling: false, error: errorText(err) });
  }
}

/**
 * Store the held job's proposals as proposed labels; with `acceptAbove`, those at least that confident are
 * accepted as labels at once. Resolves with the result (null when it failed; the error is in the store).
 */
export async function commit(store: AutolabelStore, api: AppApi, acceptAbove: number | null): Promise<AutolabelCommitResult | null> {
  const { jobId, phase } = store.getState();
  if (!jobId || phase !== 'preview') return null;
  store.setState({ phase: 'committing', error: null });
  try {
    const result = await api.invoke('autolabel.commit', acceptAbove === null ? { jobId } : { jobId, acceptAbove });
    store.setState({ phase: 'committed', result, jobId: null });
    return result;
  } catch (err) {
    store.setState({ phase: 'preview', error: errorText(err) });
    return null;
  }
}

/** Drop the held job without writing anything. */
export async function discard(store: AutolabelStore, api: AppApi): Promise<void> {
  const { jobId } = store.getState();
  if (!jobId) return;
  try {
    await api.invoke('autolabel.discard', { jobId });
  } catch {
    // The job is gone either way (the back end restarted, or it was already dropped).
  }
  if (store.getState().jobId === jobId) store.setState({ phase: 'idle', jobId: null, scope: null, preview: null, progress: null, error: null });
}
