/**
 * The training channels of the contract (training.contract.ts): datasets.* from the snapshot builder
 * (datasetHandlers), runs started, cancelled and resumed through one TrainingManager per back end (created
 * here, so runs a stopped workstation left `running` are marked failed as the back end starts), and the
 * Python set-up. The renderer names a snapshot and parameters, never a program or a path to run.
 */
import type { Handlers } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { RunDetail } from '../../shared/api/training.contract';
import type { BackendContext } from '../services/handlerContext';
import { defaultBridge } from './bridgeLaunch';
import { datasetHandlers } from './datasetHandlers';
import { pythonSetup } from './pythonSetup';
import { dataDirFor, runsDirFor } from './runFolders';
import { snapshotById, SnapshotLookupError } from './snapshotLookup';
import { TrainingManager } from './trainingManager';

type TrainingChannels = 'datasets.create' | 'datasets.list' | 'training.start' | 'training.cancel' | 'training.resume' | 'runs.list' | 'runs.get' | 'python.setup';

export function trainingHandlers(ctx: BackendContext): Pick<Handlers, TrainingChannels> {
  const manager = new TrainingManager({
    db: ctx.db,
    runsDir: runsDirFor(ctx.catalogPath),
    python: () => ctx.python.active().command,
    events: ctx.events,
    bridge: defaultBridge(ctx.projectRoot),
  });
  ctx.onDispose(() => manager.dispose());
  let settingUp: Promise<unknown> | null = null;
  return {
    ...datasetHandlers(ctx),
    'training.start': ({ snapshotId, params }) => {
      try {
        return { runId: manager.start({ snapshot: snapshotById(ctx.db, snapshotId), params }) };
      } catch (err) {
        if (err instanceof SnapshotLookupError) throw new ApiError(err.code, `training.start: ${err.message}`);
        throw err;
      }
    },
    'training.cancel': async ({ runId }) => ({ runId, status: await manager.cancel(runId) }),
    'training.resume': ({ runId }) => ({ runId: manager.resume(runId) }),
    'runs.list': () => manager.store.list(),
    'runs.get': ({ runId }): RunDetail => {
      const run = manager.store.get(runId);
      if (!run) throw new ApiError('not_found', `runs.get: no run ${runId}`);
      const { runId: id, status, snapshotId, createdAt, startedAt, endedAt, epoch, epochs, device, metrics, model, error, resumedFrom } = run;
      return {
        ...{ runId: id, status, snapshotId, createdAt, startedAt, endedAt, epoch, epochs, device, metrics, model, error, resumedFrom },
        params: run.params,
        epochsLog: run.epochsLog,
        artifacts: run.artifacts,
        evaluation: run.evaluation,
        versions: run.versions,
        dir: run.dir,
        consoleTail: manager.consoleTail(runId, run.dir),
      };
    },
    'python.setup': async () => {
      if (settingUp) throw new ApiError('conflict', 'python.setup: a set-up is already running; wait for its python.setupProgress to end');
      const python = ctx.python.active().command;
      const job = pythonSetup({
        python,
        dataDir: dataDirFor(ctx.catalogPath),
        projectRoot: ctx.projectRoot,
        onLine: (line) => ctx.events.emit('python.setupProgress', { line }),
        adopt: (venvPython) => {
          const locked = ctx.python.lockedBecause();
          if (locked) return `${locked} (e.g. --python ${venvPython})`;
          ctx.settings.setPython({ path: venvPython, origin: 'discovered' });
          return null;
        },
      });
      settingUp = job;
      try {
        return await job;
      } finally {
        settingUp = null;
      }
    },
  };
}
