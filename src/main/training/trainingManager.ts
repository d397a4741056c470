/**
 * Training runs, one managed process each: `python -m udw_bridge train …` on a terminal (so tqdm draws its
 * bars), its protocol events over the local socket into the run's record and out as `training.event`, its
 * console into RUNDIR/console.log and out as `training.console`. Cancel is SIGTERM (the bridge writes a
 * checkpoint and exits 6), SIGKILL after `killTimeoutMs`; resume is a new run continuing from the old one's
 * checkpoints/last.pt. A run this process left running when it died is marked failed by the next manager
 * on the catalog (its owner is gone).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { TrainParams, type RunStatus } from '../../shared/api/training.contract';
import { BridgeEvent } from '../../shared/training/protocol';
import { ManagedProcess, type TerminalSize } from '../process/managedProcess';
import type { ProcessSupervisor } from '../process/processSupervisor';
import type { CatalogDb } from '../db/openCatalog';
import type { EventHub } from '../services/eventHub';
import { bridgeCommand, type BridgeLocation } from './bridgeLaunch';
import { CONSOLE_FILE, ConsoleLog, readConsoleTail } from './consoleLog';
import { existingSnapshotId } from './dataset/snapshotFolder';
import { EVALUATION_FILE, readEvaluation } from './evaluationFile';
import { newRunId } from './runId';
import { runOutcome } from './runOutcome';
import { liveRunsHere, ownerAlive, writeOwner } from './runOwner';
import { RunStore, type RunRecord } from './runStore';
import type { SnapshotRef } from './snapshotLookup';
import { trainArgs } from './trainArgs';

export const STALE_RUN_ERROR = 'the workstation stopped while it ran';
/** Long enough for the bridge to finish its batch and write a checkpoint. */
const DEFAULT_KILL_TIMEOUT_MS = 30_000;
const DEFAULT_TERMINAL: TerminalSize = { cols: 120, rows: 32 };

export interface TrainingManagerOptions {
  db: CatalogDb;
  /** Run folders go here, one per run id. */
  runsDir: string;
  /** The interpreter to run, asked at each start (the user may change it between runs). */
  python: () => string;
  events: EventHub;
  bridge: BridgeLocation;
  killTimeoutMs?: number;
  terminal?: TerminalSize;
  supervisor?: ProcessSupervisor | null;
}

export interface StartRun {
  snapshot: SnapshotRef;
  params: TrainParams;
  /** Continue another run's checkpoint. */
  resume?: { from: string; checkpoint: string } | null;
}

interface LiveRun {
  proc: ManagedProcess<BridgeEvent>;
  ended: Promise<void>;
}

export class TrainingManager {
  public readonly store: RunStore;
  /** Runs found left running by a stopped workstation when this manager started, now failed. */
  public readonly staleMarked: string[];
  private readonly live = new Map<string, LiveRun>();
  private readonly killTimeoutMs: number;
  private disposed = false;

  public constructor(private readonly opts: TrainingManagerOptions) {
    this.store = new RunStore(opts.db);
    this.killTimeoutMs = opts.killTimeoutMs ?? DEFAULT_KILL_TIMEOUT_MS;
    this.staleMarked = this.store.failStale(STALE_RUN_ERROR, (run) => ownerAlive(run));
    for (const runId of this.staleMarked) opts.events.emit('runs.changed', { runId, status: 'failed' });
  }

  public start(input: StartRun): string {
    if (this.disposed) throw new ApiError('failed', 'training: the back end is shutting down; no new run can start');
    const params = TrainParams.parse(input.params);
    const runId = newRunId();
    const runDir = path.join(this.opts.runsDir, runId);
    fs.mkdirSync(runDir, { recursive: true, mode: 0o700 });
    writeOwner(runDir);
    const python = this.opts.python();
    const nproc = params.nproc ?? 1;
    this.store.create({ runId, snapshotId: input.snapshot.snapshotId, datasetDir: input.snapshot.dir, dir: runDir, params, python, nproc, resumedFrom: input.resume?.from ?? null });
    liveRunsHere.add(runId);
    this.opts.events.emit('runs.changed', { runId, status: 'queued' });
    const launch = bridgeCommand(python, this.opts.bridge, trainArgs({ datasetDir: input.snapshot.dir, runDir, runId, resume: input.resume?.checkpoint }, params));
    const proc = ManagedProcess.launch<BridgeEvent>({
      name: `training ${runId}`,
      ...launch,
      events: BridgeEvent,
      terminal: this.opts.terminal ?? DEFAULT_TERMINAL,
      killTimeoutMs: this.killTimeoutMs,
      supervisor: this.opts.supervisor,
    });
    this.live.set(runId, { proc, ended: this.watch(runId, runDir, python, proc) });
    return runId;
  }

  /** SIGTERM (the bridge checkpoints and exits), SIGKILL after the timeout; resolves with the run's final status. */
  public async cancel(runId: string): Promise<RunStatus> {
    const run = this.live.get(runId);
    if (!run) {
      const status = this.store.status(runId);
      if (!status) throw new ApiError('not_found', `training.cancel: no run ${runId}`);
      return status;
    }
    await run.proc.cancel();
    await run.ended;
    return this.store.status(runId)!;
  }

  /** A new run continuing a cancelled or failed one from its last checkpoint, on the same snapshot and parameters. */
  public resume(runId: string): string {
    const old = this.store.get(runId);
    if (!old) throw new ApiError('not_found', `training.resume: no run ${runId}`);
    if (old.status === 'queued' || old.status === 'running') throw new ApiError('conflict', `training.resume: run ${runId} is still ${old.status}; cancel it first`);
    if (old.status === 'finished') throw new ApiError('conflict', `training.resume: run ${runId} has finished; start a new run to train further`);
    const checkpoint = path.join(old.dir, 'checkpoints', 'last.pt');
    if (!fs.existsSync(checkpoint)) throw new ApiError('failed', `training.resume: run ${runId} left no checkpoint to continue from (expected ${checkpoint})`);
    if (!old.snapshotId || !old.datasetDir || existingSnapshotId(old.datasetDir) !== old.snapshotId) {
      throw new ApiError('failed', `training.resume: run ${runId} trained on snapshot ${old.snapshotId ?? '?'} in ${old.datasetDir ?? '?'}, which is no longer there`);
    }
    const params = TrainParams.parse(old.params);
    return this.start({ snapshot: { snapshotId: old.snapshotId, dir: old.datasetDir }, params, resume: { from: runId, checkpoint } });
  }

  public isLive(runId: string): boolean {
    return this.live.has(runId);
  }

  /** Resolves once the run has ended and its record is final (at once for a run that is not live). */
  public async whenDone(runId: string): Promise<RunRecord | null> {
    await this.live.get(runId)?.ended;
    return this.store.get(runId);
  }

  /** The console's last lines: from the live terminal, else from console.log. */
  public consoleTail(runId: string, dir: string): string[] {
    return this.live.get(runId)?.proc.tail('stdout') ?? readConsoleTail(path.join(dir, CONSOLE_FILE));
  }

  /** Cancels every live run and waits until each record is final (back-end dispose, Ctrl-C). */
  public async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.live.keys()].map((runId) => this.cancel(runId)));
  }

  private async watch(runId: string, runDir: string, python: string, proc: ManagedProcess<BridgeEvent>): Promise<void> {
    const { events } = this.opts;
    const consoleLog = new ConsoleLog(path.join(runDir, CONSOLE_FILE), (data) => events.emit('training.console', { runId, data }));
    let done: Extract<BridgeEvent, { type: 'done' }> | null = null;
    let error: Extract<BridgeEvent, { type: 'error' }> | null = null;
    let running = false;
    const markRunning = () => {
      if (running) return;
      running = true;
      this.store.markRunning(runId);
      events.emit('runs.changed', { runId, status: 'running' });
    };
    if (proc.pid !== null) markRunning();
    proc.on('data', (data) => consoleLog.write(data));
    proc.on('event', (event) => {
      try {
        this.store.applyEvent(runId, event);
      } catch (err) {
        // A busy or failing catalog must not take the run down with it: the run folder keeps events.jsonl.
        consoleLog.note(`could not store a ${event.type} event in the catalog: ${(err as Error).message}`);
      }
      if (event.type === 'done') done = event;
      if (event.type === 'error') error = event;
      events.emit('training.event', { runId, event });
    });
    proc.on('eventError', (e) => consoleLog.note(`${e.message}${e.line ? `: ${e.line}` : ''}`));
    const result = await proc.done;
    const end = runOutcome({ result, done, error, consoleTail: proc.tail('stdout'), python, killTimeoutMs: this.killTimeoutMs });
    if (end.error && end.status !== 'finished') consoleLog.note(end.error);
    try {
      const evaluation = end.status === 'finished' ? readEvaluation(path.join(runDir, EVALUATION_FILE)) : null;
      if (evaluation) this.store.setEvaluation(runId, evaluation);
    } catch (err) {
      consoleLog.note((err as Error).message);
    }
    consoleLog.close();
    this.store.finish(runId, end);
    this.live.delete(runId);
    liveRunsHere.delete(runId);
    events.emit('runs.changed', { runId, status: end.status });
  }
}
