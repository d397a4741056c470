/**
 * `udw train --dataset DIR`: one training run of python-bridge on a snapshot folder, through the same
 * training manager as the app (a terminal for the console, events into the catalog's run record). Ctrl-C
 * cancels cleanly: the bridge writes a checkpoint, and `training.resume` / a later run can continue it.
 */
import { TrainDevice, TrainParams, type RunSummary } from '../../../shared/api/training.contract';
import { projectRoot } from '../../services/paths';
import { EventHub } from '../../services/eventHub';
import { defaultBridge } from '../../training/bridgeLaunch';
import { runsDirFor } from '../../training/runFolders';
import { snapshotFromFolder } from '../../training/snapshotLookup';
import { TrainingManager } from '../../training/trainingManager';
import { UsageError, emit, type Command, type CommandContext } from '../command';
import { openCliCatalog } from '../catalogCli';
import { PYTHON_OPTION } from './pythonFlag';
import { cliPython } from './python';

/** A flag's number, checked; the contract's schema then checks the ranges. */
function num(ctx: CommandContext, flag: string, whole: boolean): number | undefined {
  const v = ctx.values[flag];
  if (v === undefined) return undefined;
  const text = typeof v === 'string' ? v.trim() : '';
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || (whole && !Number.isInteger(n))) throw new UsageError(`--${flag}: expected ${whole ? 'a whole number' : 'a number'}, got '${String(v)}'`);
  return n;
}

const FLAG_OF: Record<string, string> = { epochs: '--epochs', batchSize: '--batch-size', lr: '--lr', seed: '--seed', device: '--device', patience: '--patience', fold: '--fold', nproc: '--nproc' };

export function trainParamsOf(ctx: CommandContext): TrainParams {
  const device = ctx.values.device;
  if (device !== undefined && !TrainDevice.safeParse(device).success) throw new UsageError(`--device: expected one of ${TrainDevice.options.join(', ')}, got '${String(device)}'`);
  const params: Record<string, unknown> = {
    epochs: num(ctx, 'epochs', true),
    batchSize: num(ctx, 'batch-size', true),
    lr: num(ctx, 'lr', false),
    seed: num(ctx, 'seed', true),
    device,
    patience: num(ctx, 'patience', true),
    fold: num(ctx, 'fold', true),
    nproc: num(ctx, 'nproc', true),
    dryRun: ctx.values['dry-run'] === true ? true : undefined,
  };
  for (const k of Object.keys(params)) if (params[k] === undefined) delete params[k];
  const parsed = TrainParams.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    throw new UsageError(`${FLAG_OF[key] ?? key}: ${issue.message}`);
  }
  return parsed.data;
}

function textOf(run: RunSummary & { dir: string }): string {
  const lines = [`run ${run.runId} ${run.status}: epoch ${run.epoch}/${run.epochs ?? '?'}${run.device ? ` on ${run.device}` : ''}`, `folder: ${run.dir}`];
  if (run.model) lines.push(`model: ${run.model}`);
  const mae = Object.entries(run.metrics).filter(([k]) => k.includes('mae'));
  if (mae.length) lines.push(...mae.map(([k, v]) => `${k}: ${v.toFixed(4)}`));
  if (run.error) lines.push(`error: ${run.error}`);
  return lines.join('\n');
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'Train the keypoint model on a dataset snapshot (python-bridge), export and verify its ONNX model',
  usage: [
    'udw train --dataset DIR [--epochs N] [--batch-size N] [--lr X] [--seed N] [--device auto|cpu|cuda|mps]',
    '          [--patience N] [--fold K] [--nproc N] [--dry-run] [--python PATH] [--db FILE] [--json]',
    '',
    'DIR is a snapshot folder made by `udw dataset create` (its manifest.json is checked, and the snapshot recorded',
    'in the catalog if it is new there). Runs python -m udw_bridge train on a terminal, its console on stderr',
    '(unless --json); the run is stored in the catalog (`udw runs`), its files in runs/<runId> beside the catalog.',
    '--nproc N > 1 trains with N local torchrun workers. Unset parameters keep the bridge\'s defaults.',
    'Prints {"runId","status","metrics":{…},"model":"PATH.onnx","evaluation":{"exit":{"mae",…},…},…}.',
    'Ctrl-C cancels: the bridge checkpoints and stops (status cancelled, exit 130).',
    'Exit 0 finished, 1 failed or cancelled, 2 bad usage, 130 interrupted.',
  ].join('\n'),
  options: {
    dataset: { type: 'string' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    lr: { type: 'string' },
    seed: { type: 'string' },
    device: { type: 'string' },
    patience: { type: 'string' },
    fold: { type: 'string' },
    nproc: { type: 'string' },
    'dry-run': { type: 'boolean' },
    ...PYTHON_OPTION,
  },
  async run(ctx) {
    const dataset = ctx.values.dataset;
    if (typeof dataset !== 'string' || dataset.trim() === '') throw new UsageError('--dataset DIR is required (a snapshot folder made by `udw dataset create`)');
    if (ctx.positionals.length > 0) throw new UsageError(`unexpected argument '${ctx.positionals[0]}'`);
    const params = trainParamsOf(ctx);
    const { db, file } = openCliCatalog(ctx, { create: false });
    const events = new EventHub();
    try {
      const snapshot = snapshotFromFolder(db, dataset);
      const python = cliPython(ctx, file).command;
      // The console goes to stderr as it comes, raw: a terminal redraws tqdm's bars in place.
      if (!ctx.json) events.subscribe((channel, payload) => channel === 'training.console' && process.stderr.write((payload as { data: string }).data));
      const manager = new TrainingManager({ db, runsDir: runsDirFor(file), python: () => python, events, bridge: defaultBridge(projectRoot()) });
      const runId = manager.start({ snapshot, params });
      let interrupted = false;
      const stop = () => {
        interrupted = true;
        void manager.cancel(runId);
      };
      ctx.signal.addEventListener('abort', stop);
      const run = await manager.whenDone(runId).finally(() => ctx.signal.removeEventListener('abort', stop));
      if (!run) throw new Error(`run ${runId} vanished from the catalog`);
      const out = {
        runId,
        status: run.status,
        metrics: run.metrics,
        model: run.model,
        evaluation: run.evaluation?.keypoints ?? null,
        gripCodeExact: run.evaluation?.gripCodeExact ?? null,
        snapshotId: run.snapshotId,
        dir: run.dir,
        epoch: run.epoch,
        epochs: run.epochs,
        device: run.device,
        error: run.error,
      };
      if (!ctx.json) process.stderr.write('\n');
      emit(ctx, out, () => textOf(run));
      if (interrupted) return 130;
      return run.status === 'finished' ? 0 : 1;
    } finally {
      events.dispose();
      db.close();
    }
  },
};
