/** `udw runs [RUN_ID]`: the training runs recorded in the catalog, newest first, or one in full. */
import path from 'node:path';
import type { RunSummary } from '../../../shared/api/training.contract';
import { readConsoleTail } from '../../training/consoleLog';
import { RunStore } from '../../training/runStore';
import { UsageError, emit, type Command } from '../command';
import { openCliCatalog } from '../catalogCli';

function row(r: RunSummary): string {
  const progress = `${r.epoch}/${r.epochs ?? '?'}`;
  const mae = r.metrics['val/exit_mae_mm'];
  return [r.runId, r.status.padEnd(9), progress.padStart(7), (r.device ?? '-').padEnd(6), mae === undefined ? '        -' : mae.toFixed(4).padStart(9), r.createdAt, r.model ?? r.error ?? ''].join('  ');
}

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List training runs (newest first), or show one run in full',
  usage: [
    'udw runs [RUN_ID] [--db FILE] [--json]',
    '',
    'Without RUN_ID: one line per run (id, status, epoch/epochs, device, val exit MAE in mm, created, model or error);',
    '--json prints the list of {runId, status, snapshotId, createdAt, startedAt, endedAt, epoch, epochs, device,',
    'metrics, model, error, resumedFrom}. With RUN_ID: that run with its parameters, per-epoch metrics, artifacts,',
    'evaluation, versions, folder and the end of its console.',
  ].join('\n'),
  async run(ctx) {
    if (ctx.positionals.length > 1) throw new UsageError('expected at most one run id');
    const { db } = openCliCatalog(ctx, { create: false });
    try {
      const store = new RunStore(db);
      const [runId] = ctx.positionals;
      if (runId === undefined) {
        const runs = store.list();
        emit(ctx, runs, () => (runs.length ? runs.map(row).join('\n') : 'no training runs in this catalog yet (`udw train --dataset DIR` starts one)'));
        return 0;
      }
      const run = store.get(runId);
      if (!run) throw new Error(`no run ${runId} in this catalog (\`udw runs\` lists them)`);
      const detail = { ...run, consoleTail: readConsoleTail(path.join(run.dir, 'console.log'), 40) };
      emit(ctx, detail, () =>
        [
          row(run),
          `folder: ${run.dir}`,
          `params: ${JSON.stringify(run.params)}`,
          ...run.epochsLog.map((e) => `  epoch ${e.epoch}: ${Object.entries(e.metrics).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ')}`),
          ...(run.evaluation ? Object.entries(run.evaluation.keypoints).map(([k, v]) => `  ${k}: n ${v.n}, MAE ${v.mae ?? '-'} mm, p95 ${v.p95 ?? '-'} mm, max ${v.max ?? '-'} mm`) : []),
        ].join('\n'),
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
