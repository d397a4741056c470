/**
 * What the user does in the Training view: edit the forms, build or pick a snapshot, start, cancel and
 * resume a run, set up Python; and what opening the view catches up on.
 */
import type { AppApi } from '../../../shared/api/contract';
import type { SnapshotSummary } from '../../../shared/api/training.contract';
import { EMPTY_CURVES } from './curves';
import { laterStatus, refreshDetail, replayEarly } from './trainingEvents';
import { snapshotOptionsFromForm, trainParamsFromForm, type ParamsForm, type SnapshotForm } from './trainingForms';
import { ACTIVE, errorText, isActive, newRun, patchRun, writeConsole, type TrainingStore } from './trainingStore';

const PYTHON_LINES = 500;

export function editSnapshotForm(store: TrainingStore, patch: Partial<SnapshotForm>): void {
  store.setState((s) => ({ snapshotForm: { ...s.snapshotForm, ...patch }, snapshotErrors: {} }));
}

export function editParamsForm(store: TrainingStore, patch: Partial<ParamsForm>): void {
  const paramsForm = { ...store.getState().paramsForm, ...patch };
  store.setState({ paramsForm, paramsErrors: trainParamsFromForm(paramsForm).errors });
}

export function selectSnapshot(store: TrainingStore, snapshotId: string | null): void {
  store.setState({ selectedSnapshot: snapshotId });
}

export async function loadSnapshots(store: TrainingStore, api: AppApi): Promise<void> {
  try {
    const snapshots = await api.invoke('datasets.list', {});
    const selected = store.getState().selectedSnapshot;
    store.setState({
      snapshots,
      snapshotsLoaded: true,
      selectedSnapshot: selected && snapshots.some((s) => s.snapshotId === selected) ? selected : (snapshots[0]?.snapshotId ?? null),
    });
  } catch (err) {
    store.setState({ snapshotsLoaded: true, error: errorText(err) });
  }
}

/** Build (or reuse) a snapshot from the form; it becomes the selected one. */
export async function createSnapshot(store: TrainingStore, api: AppApi): Promise<SnapshotSummary | null> {
  const s = store.getState();
  if (s.creating) return null;
  const parsed = snapshotOptionsFromForm(s.snapshotForm);
  if (!parsed.value) {
    store.setState({ snapshotErrors: parsed.errors });
    return null;
  }
  store.setState({ creating: true, error: null, snapshotErrors: {} });
  try {
    const created = await api.invoke('datasets.create', parsed.value);
    store.setState({ created, selectedSnapshot: created.snapshotId });
    await loadSnapshots(store, api);
    store.setState({ selectedSnapshot: created.snapshotId });
    return created;
  } catch (err) {
    store.setState({ error: errorText(err) });
    return null;
  } finally {
    store.setState({ creating: false });
  }
}

/** Start a fresh run on the selected snapshot: the curves and the console start empty. */
export async function startRun(store: TrainingStore, api: AppApi): Promise<string | null> {
  const s = store.getState();
  if (s.starting || isActive(s.run) || !s.selectedSnapshot) return null;
  const parsed = trainParamsFromForm(s.paramsForm);
  if (!parsed.value) {
    store.setState({ paramsErrors: parsed.errors });
    return null;
  }
  const params = parsed.value;
  const snapshotId = s.selectedSnapshot;
  return launch(
    store,
    api,
    () => api.invoke('training.start', { snapshotId, params }),
    (runId) => {
      store.console.clear();
      store.setState({ run: newRun(runId, []), curves: EMPTY_CURVES, consoleRevision: store.console.revision });
    },
  );
}

/**
 * Start or resume: one request that answers a run id, while events that arrive before the answer are kept
 * (store.early) and replayed for that id once it is known.
 */
async function launch(store: TrainingStore, api: AppApi, request: () => Promise<{ runId: string }>, follow: (runId: string) => void): Promise<string | null> {
  store.setState({ starting: true, error: null });
  try {
    const { runId } = await request();
    follow(runId);
    replayEarly(store, api, runId);
    return runId;
  } catch (err) {
    store.setState({ error: errorText(err) });
    return null;
  } finally {
    store.early = [];
    store.setState({ starting: false });
  }
}

export async function cancelRun(store: TrainingStore, api: AppApi): Promise<void> {
  const run = store.getState().run;
  if (!run || !isActive(run) || run.cancelling) return;
  patchRun(store, run.runId, () => ({ cancelling: true }));
  try {
    const { status } = await api.invoke('training.cancel', { runId: run.runId });
    // Still running: it is writing its checkpoint; runs.changed and the done event tell when it stopped.
    if (!ACTIVE.includes(status)) patchRun(store, run.runId, (r) => ({ status: laterStatus(r.status, status), cancelling: false, step: null }));
  } catch (err) {
    patchRun(store, run.runId, () => ({ cancelling: false }));
    store.setState({ error: errorText(err) });
  }
}

/** Continue the followed (cancelled or failed) run from its last checkpoint, as a new run of the chain. */
export async function resumeRun(store: TrainingStore, api: AppApi): Promise<string | null> {
  const s = store.getState();
  const run = s.run;
  if (!run || isActive(run) || run.status === 'finished' || s.starting) return null;
  return launch(
    store,
    api,
    () => api.invoke('training.resume', { runId: run.runId }),
    (runId) => {
      const next = newRun(runId, [...run.chain, run.runId]);
      store.setState({ run: { ...next, epoch: run.epoch, epochs: run.epochs } });
      writeConsole(store, `\r\n\x1b[2m── resumed ${run.runId} as ${runId} ──\x1b[0m\r\n`);
    },
  );
}

/**
 * When the page opens: load the snapshots, and pick up what happened while it was not shown — the followed
 * run's stored state, or (after a reload) the newest run that is still going.
 */
export async function openTraining(store: TrainingStore, api: AppApi): Promise<void> {
  await loadSnapshots(store, api);
  const run = store.getState().run;
  if (run) return refreshDetail(store, api, run.runId, false);
  try {
    const going = (await api.invoke('runs.list', {})).find((r) => ACTIVE.includes(r.status));
    if (going && !store.getState().run) {
      store.setState({ run: newRun(going.runId, going.resumedFrom ? [going.resumedFrom] : []), curves: EMPTY_CURVES });
      await refreshDetail(store, api, going.runId, true);
    }
  } catch (err) {
    store.setState({ error: errorText(err) });
  }
}

/** Create or check the Python environment; its progress lines are kept (the last PYTHON_LINES). */
export async function setupPython(store: TrainingStore, api: AppApi): Promise<void> {
  if (store.getState().python.running) return;
  store.setState({ python: { running: true, lines: [], result: null } });
  const off = api.on('python.setupProgress', ({ line }) => {
    store.setState((s) => ({ python: { ...s.python, lines: [...s.python.lines, line].slice(-PYTHON_LINES) } }));
  });
  try {
    const r = await api.invoke('python.setup', {});
    store.setState((s) => ({ python: { ...s.python, running: false, result: { ok: r.ok, message: r.message } } }));
  } catch (err) {
    store.setState((s) => ({ python: { ...s.python, running: false, result: { ok: false, message: errorText(err) } } }));
  } finally {
    off();
  }
}
