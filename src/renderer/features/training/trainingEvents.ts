/**
 * How the followed run moves with the back end's events: protocol events (curve points, progress, the end),
 * console data (through the terminal buffer), runs.changed (the recorded status), and a stored run's
 * detail for what was missed. Events that arrive while a start or resume waits for its answer are kept and
 * replayed once the new run id is known.
 */
import type { AppApi, EventPayload } from '../../../shared/api/contract';
import type { RunDetail, RunStatus } from '../../../shared/api/training.contract';
import { addEpochEvent, addMetricsEvent, addValue, curvesFromEpochsLog } from './curves';
import { ACTIVE, errorText, patchRun, writeConsole, type EarlyEvent, type TrainingStore } from './trainingStore';

const EARLY_MAX = 2000;

/** Keep an event of an unknown run while a start/resume is waiting; true when it was kept. */
function keptEarly(store: TrainingStore, e: EarlyEvent): boolean {
  if (!store.getState().starting || store.getState().run?.runId === e.payload.runId) return false;
  if (store.early.length < EARLY_MAX) store.early.push(e);
  return true;
}

export function replayEarly(store: TrainingStore, api: AppApi, runId: string): void {
  const early = store.early;
  store.early = [];
  for (const e of early) {
    if (e.payload.runId !== runId) continue;
    if (e.channel === 'training.event') applyEvent(store, e.payload);
    else if (e.channel === 'training.console') applyConsole(store, e.payload);
    else applyRunChanged(store, api, e.payload);
  }
}

const STATUS_ORDER: Record<RunStatus, number> = { queued: 0, running: 1, finished: 2, failed: 2, cancelled: 2 };

/** Statuses only move forward: an answer that left before the latest event must not bring a run back. */
export function laterStatus(current: RunStatus, incoming: RunStatus): RunStatus {
  return STATUS_ORDER[incoming] >= STATUS_ORDER[current] ? incoming : current;
}

/** One protocol event of some run; only the followed run's count. */
export function applyEvent(store: TrainingStore, payload: EventPayload<'training.event'>): void {
  if (keptEarly(store, { channel: 'training.event', payload })) return;
  const { runId, event: e } = payload;
  if (store.getState().run?.runId !== runId) return;
  switch (e.type) {
    case 'start':
      patchRun(store, runId, (r) => ({ status: r.status === 'queued' ? 'running' : r.status, device: e.device, epochs: e.epochs, epoch: Math.max(r.epoch, e.startEpoch) }));
      break;
    case 'step':
      patchRun(store, runId, () => ({ step: e }));
      break;
    case 'epoch':
      store.setState((s) => ({ curves: addEpochEvent(s.curves, e) }));
      patchRun(store, runId, () => ({ epoch: e.epoch, epochs: e.epochs, lr: e.lr }));
      break;
    case 'metrics':
      if (e.epoch === null) patchRun(store, runId, (r) => ({ finalMetrics: { ...r.finalMetrics, ...e.metrics } }));
      else store.setState((s) => ({ curves: addMetricsEvent(s.curves, e) }));
      break;
    case 'done':
      // The status stays the back end's: the process may still be exporting or exiting, and the run can be
      // resumed only once the back end has recorded its end (runs.changed, or the cancel answer).
      patchRun(store, runId, (r) => ({ done: e, model: e.model, finalMetrics: { ...r.finalMetrics, ...e.metrics }, step: null }));
      break;
    case 'error':
      patchRun(store, runId, () => ({ error: e.file ? `${e.message} (${e.file})` : e.message }));
      break;
    default:
    // checkpoint and artifact events: the Runs view shows them from the stored run.
  }
}

export function applyConsole(store: TrainingStore, payload: EventPayload<'training.console'>): void {
  if (keptEarly(store, { channel: 'training.console', payload })) return;
  if (store.getState().run?.runId === payload.runId) writeConsole(store, payload.data);
}

/** Fill the followed run from what the back end stored (after a reload, or once it ended). */
export function applyDetail(store: TrainingStore, d: RunDetail, withConsole: boolean): void {
  patchRun(store, d.runId, (r) => ({
    status: laterStatus(r.status, d.status),
    device: d.device ?? r.device,
    epoch: Math.max(r.epoch, d.epoch),
    epochs: d.epochs ?? r.epochs,
    model: d.model,
    error: d.error ?? r.error,
    finalMetrics: { ...d.metrics, ...r.finalMetrics },
    cancelling: ACTIVE.includes(d.status) ? r.cancelling : false,
    step: ACTIVE.includes(d.status) ? r.step : null,
  }));
  if (store.getState().run?.runId !== d.runId) return;
  const seeded = curvesFromEpochsLog(d.epochsLog);
  store.setState((s) => {
    let curves = s.curves;
    for (const plot of ['loss', 'metrics'] as const) for (const c of seeded[plot]) c.x.forEach((x, i) => (curves = addValue(curves, c.name, x, c.y[i]!)));
    return { curves };
  });
  if (withConsole && d.consoleTail.length > 0) {
    store.console.clear();
    writeConsole(store, d.consoleTail.join('\n'));
  }
}

export async function refreshDetail(store: TrainingStore, api: AppApi, runId: string, withConsole: boolean): Promise<void> {
  try {
    applyDetail(store, await api.invoke('runs.get', { runId }), withConsole);
  } catch (err) {
    if (store.getState().run?.runId === runId) store.setState({ error: errorText(err) });
  }
}

export function applyRunChanged(store: TrainingStore, api: AppApi, payload: EventPayload<'runs.changed'>): void {
  if (keptEarly(store, { channel: 'runs.changed', payload })) return;
  const { runId, status } = payload;
  if (store.getState().run?.runId !== runId) return;
  patchRun(store, runId, (r) => ({ status: laterStatus(r.status, status), cancelling: ACTIVE.includes(status) ? r.cancelling : false }));
  if (!ACTIVE.includes(status)) void refreshDetail(store, api, runId, false);
}

const following = new WeakMap<TrainingStore, WeakSet<AppApi>>();

/**
 * Listen to the training events for as long as the app runs (once per store and api): a run keeps drawing
 * its curves while another section is shown. Returns the unsubscribe (tests; the app never calls it).
 */
export function followTraining(store: TrainingStore, api: AppApi): () => void {
  let apis = following.get(store);
  if (!apis) following.set(store, (apis = new WeakSet()));
  if (apis.has(api)) return () => undefined;
  apis.add(api);
  const offs = [
    api.on('training.event', (p) => applyEvent(store, p)),
    api.on('training.console', (p) => applyConsole(store, p)),
    api.on('runs.changed', (p) => applyRunChanged(store, api, p)),
  ];
  return () => {
    offs.forEach((off) => off());
    apis.delete(api);
  };
}
