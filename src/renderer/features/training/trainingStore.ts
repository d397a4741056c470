/**
 * The Training view's state: snapshots, the two forms, the run being followed (its live curves, step
 * progress and console), and the Python set-up. A vanilla zustand store; the events that move it are in
 * trainingEvents.ts, the user's actions in trainingActions.ts, all plain functions over (store, api), so the
 * logic is tested without React.
 *
 * The run being followed is a chain: a resumed run is a new run id, and its curves continue the old one's
 * (its epochs carry on from the checkpoint), so they are kept and only a fresh start clears them.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EventPayload } from '../../../shared/api/contract';
import type { RunStatus, SnapshotSummary } from '../../../shared/api/training.contract';
import type { BridgeEvent } from '../../../shared/training/protocol';
import { EMPTY_CURVES, type Curves } from './curves';
import { TerminalBuffer } from './terminalBuffer';
import { INITIAL_PARAMS_FORM, INITIAL_SNAPSHOT_FORM, type FieldErrors, type ParamsField, type ParamsForm, type SnapshotField, type SnapshotForm } from './trainingForms';

type StepEvent = Extract<BridgeEvent, { type: 'step' }>;
type DoneEvent = Extract<BridgeEvent, { type: 'done' }>;

export interface FollowedRun {
  runId: string;
  /** Earlier runs of this chain (the run this one resumed, and so on), oldest first. */
  chain: string[];
  status: RunStatus;
  device: string | null;
  epoch: number;
  epochs: number | null;
  lr: number | null;
  step: StepEvent | null;
  done: DoneEvent | null;
  /** End-of-run figures (metrics events with epoch null, or the stored run's latest values). */
  finalMetrics: Record<string, number>;
  model: string | null;
  error: string | null;
  /** A cancel was asked for and the run has not stopped yet. */
  cancelling: boolean;
}

export interface TrainingState {
  snapshots: SnapshotSummary[];
  snapshotsLoaded: boolean;
  selectedSnapshot: string | null;
  snapshotForm: SnapshotForm;
  snapshotErrors: FieldErrors<SnapshotField>;
  creating: boolean;
  created: SnapshotSummary | null;
  paramsForm: ParamsForm;
  paramsErrors: FieldErrors<ParamsField>;
  starting: boolean;
  run: FollowedRun | null;
  curves: Curves;
  /** Bumped whenever the console buffer changed (the buffer itself is mutable, kept outside the state). */
  consoleRevision: number;
  python: { running: boolean; lines: string[]; result: { ok: boolean; message: string } | null };
  error: string | null;
}

export const INITIAL_TRAINING: TrainingState = {
  snapshots: [],
  snapshotsLoaded: false,
  selectedSnapshot: null,
  snapshotForm: INITIAL_SNAPSHOT_FORM,
  snapshotErrors: {},
  creating: false,
  created: null,
  paramsForm: INITIAL_PARAMS_FORM,
  paramsErrors: {},
  starting: false,
  run: null,
  curves: EMPTY_CURVES,
  consoleRevision: 0,
  python: { running: false, lines: [], result: null },
  error: null,
};

export type EarlyEvent =
  | { channel: 'training.event'; payload: EventPayload<'training.event'> }
  | { channel: 'training.console'; payload: EventPayload<'training.console'> }
  | { channel: 'runs.changed'; payload: EventPayload<'runs.changed'> };

export interface TrainingStore extends StoreApi<TrainingState> {
  /** The console of the followed run; read it when consoleRevision changes. */
  console: TerminalBuffer;
  /**
   * Events that came while a start or resume was waiting for its answer: the back end may send the new
   * run's first events before the answer that names it. Replayed for the run once its id is known.
   */
  early: EarlyEvent[];
}


export function createTrainingStore(initial: Partial<TrainingState> = {}): TrainingStore {
  const store = createStore<TrainingState>()(() => ({ ...INITIAL_TRAINING, ...initial })) as TrainingStore;
  store.console = new TerminalBuffer();
  store.early = [];
  return store;
}

export const trainingStore = createTrainingStore();

export function useTraining<T>(selector: (s: TrainingState) => T): T {
  return useStore(trainingStore, selector);
}

export const ACTIVE: readonly RunStatus[] = ['queued', 'running'];

export const isActive = (run: FollowedRun | null): boolean => run !== null && ACTIVE.includes(run.status);

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function newRun(runId: string, chain: string[]): FollowedRun {
  return { runId, chain, status: 'queued', device: null, epoch: 0, epochs: null, lr: null, step: null, done: null, finalMetrics: {}, model: null, error: null, cancelling: false };
}

export function patchRun(store: TrainingStore, runId: string, patch: (r: FollowedRun) => Partial<FollowedRun>): void {
  const run = store.getState().run;
  if (run?.runId === runId) store.setState({ run: { ...run, ...patch(run) } });
}

export function writeConsole(store: TrainingStore, text: string): void {
  store.console.write(text);
  store.setState({ consoleRevision: store.console.revision });
}
