/**
 * The Runs view's state: the run list (reloaded on runs.changed, one reload at a time), which runs are
 * compared, and their full details (runs.get), fetched again when a compared run changes status or
 * finishes an epoch. A vanilla zustand store and plain actions over (store, api), tested without React.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppApi } from '../../../shared/api/contract';
import type { RunDetail, RunSummary } from '../../../shared/api/training.contract';
import type { EvalColumn } from './runsModel';

export interface RunsState {
  runs: RunSummary[];
  loaded: boolean;
  loading: boolean;
  /** Compared runs, in the order they were picked. */
  selected: string[];
  details: Record<string, RunDetail>;
  /** The per-epoch value the overlaid curves show; null: the first there is. */
  metric: string | null;
  evalColumn: Exclude<EvalColumn, 'n'>;
  onlyDifferences: boolean;
  error: string | null;
}

export const INITIAL_RUNS: RunsState = {
  runs: [],
  loaded: false,
  loading: false,
  selected: [],
  details: {},
  metric: null,
  evalColumn: 'mae',
  onlyDifferences: false,
  error: null,
};

export interface RunsStore extends StoreApi<RunsState> {
  /** A list reload asked for while one runs is done once after it: a burst of changes makes two reads, not fifty. */
  reload: { inFlight: boolean; again: boolean };
}

export function createRunsStore(initial: Partial<RunsState> = {}): RunsStore {
  const store = createStore<RunsState>()(() => ({ ...INITIAL_RUNS, ...initial })) as RunsStore;
  store.reload = { inFlight: false, again: false };
  return store;
}

export const runsStore = createRunsStore();

export function useRuns<T>(selector: (s: RunsState) => T): T {
  return useStore(runsStore, selector);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function loadDetail(store: RunsStore, api: AppApi, runId: string): Promise<void> {
  try {
    const detail = await api.invoke('runs.get', { runId });
    // Dropped from the comparison while it loaded: not kept.
    if (store.getState().selected.includes(runId)) store.setState((s) => ({ details: { ...s.details, [runId]: detail } }));
  } catch (err) {
    store.setState({ error: errorText(err) });
  }
}

/**
 * Reload the list. The first load with nothing compared yet picks the newest run, so the view opens on
 * something; compared runs whose status moved are fetched again.
 */
export async function loadRuns(store: RunsStore, api: AppApi): Promise<void> {
  const gate = store.reload;
  if (gate.inFlight) {
    gate.again = true;
    return;
  }
  gate.inFlight = true;
  store.setState({ loading: true });
  try {
    do {
      gate.again = false;
      try {
        const runs = await api.invoke('runs.list', {});
        const s = store.getState();
        const known = new Set(runs.map((r) => r.runId));
        let selected = s.selected.filter((id) => known.has(id));
        if (!s.loaded && selected.length === 0 && runs[0]) selected = [runs[0].runId];
        store.setState({ runs, loaded: true, selected, error: null });
        const stale = selected.filter((id) => {
          const d = s.details[id];
          const r = runs.find((x) => x.runId === id)!;
          return !d || d.status !== r.status || d.epoch !== r.epoch || d.model !== r.model;
        });
        await Promise.all(stale.map((id) => loadDetail(store, api, id)));
      } catch (err) {
        store.setState({ loaded: true, error: errorText(err) });
      }
    } while (gate.again);
  } finally {
    gate.inFlight = false;
    store.setState({ loading: false });
  }
}

export function toggleRun(store: RunsStore, api: AppApi, runId: string): void {
  const s = store.getState();
  if (s.selected.includes(runId)) {
    const details = { ...s.details };
    delete details[runId];
    store.setState({ selected: s.selected.filter((id) => id !== runId), details });
    return;
  }
  store.setState({ selected: [...s.selected, runId] });
  void loadDetail(store, api, runId);
}

/** Follow changes while the view is shown; returns the unsubscribe. */
export function followRuns(store: RunsStore, api: AppApi): () => void {
  const offs = [
    api.on('runs.changed', () => void loadRuns(store, api)),
    // A compared run that is still going: its curves grow with each finished epoch.
    api.on('training.event', ({ runId, event }) => {
      if (event.type === 'epoch' && store.getState().selected.includes(runId)) void loadRuns(store, api);
    }),
  ];
  return () => offs.forEach((off) => off());
}
