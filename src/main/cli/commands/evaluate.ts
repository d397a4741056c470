/** `udw evaluate --run ID`: evaluate a run's best checkpoint (else its model) on its snapshot, store and print it. */
import { projectRoot } from '../../services/paths';
import { defaultBridge } from '../../training/bridgeLaunch';
import { evaluateRun } from '../../training/runEvaluation';
import { RunStore } from '../../training/runStore';
import { UsageError, emit, type Command } from '../command';
import { openCliCatalog } from '../catalogCli';
import { PYTHON_OPTION } from './pythonFlag';
import { cliPython } from './python';

const fmt = (v: number | null): string => (v === null ? '-' : v.toFixed(4));

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: "Evaluate a training run on its snapshot's validation split (per keypoint MAE, RMSE, percentiles…)",
  usage: [
    'udw evaluate --run RUN_ID [--device auto|cpu|cuda|mps] [--python PATH] [--db FILE] [--json]',
    '',
    'Runs python -m udw_bridge evaluate on the run\'s checkpoints/best.pt (else last.pt)',
    'against the snapshot it trained on, writes evaluation.json (and plots) into the run folder and stores it with',
    'the run. Prints {"runId","source","file","evaluation":{"exit":{"n","mae","rmse","median","p95","max","bias",',
    '"within025","within05","within1"},…},"gripCodeExact","groups"}. Exit 0 done, 1 failed, 2 bad usage.',
  ].join('\n'),
  options: { run: { type: 'string' }, device: { type: 'string' }, ...PYTHON_OPTION },
  async run(ctx) {
    const runId = ctx.values.run;
    if (typeof runId !== 'string' || runId.trim() === '') throw new UsageError('--run RUN_ID is required (`udw runs` lists them)');
    const device = ctx.values.device;
    if (device !== undefined && (typeof device !== 'string' || !['auto', 'cpu', 'cuda', 'mps'].includes(device))) throw new UsageError(`--device: expected auto, cpu, cuda or mps, got '${String(device)}'`);
    const { db, file } = openCliCatalog(ctx, { create: false });
    try {
      const result = await evaluateRun({
        store: new RunStore(db),
        runId: runId.trim(),
        python: cliPython(ctx, file).command,
        bridge: defaultBridge(projectRoot()),
        device,
        onLine: (line) => {
          if (!ctx.json) ctx.io.err(line);
        },
        signal: ctx.signal,
      });
      const { keypoints, gripCodeExact, groups } = result.evaluation;
      emit(ctx, { runId: result.runId, source: result.source, file: result.file, evaluation: keypoints, gripCodeExact: gripCodeExact ?? null, groups: groups ?? null }, () =>
        [
          `run ${result.runId}, evaluated ${result.source}:`,
          'keypoint              n       MAE      RMSE    median       p95       max      bias  ±0.25mm',
          ...Object.entries(keypoints).map(([k, v]) =>
            [k.padEnd(18), String(v.n).padStart(5), ...[v.mae, v.rmse, v.median, v.p95, v.max, v.bias].map((x) => fmt(x).padStart(9)), (v.within025 === null ? '-' : `${(v.within025 * 100).toFixed(1)}%`).padStart(8)].join(' '),
          ),
          ...(gripCodeExact !== undefined && gripCodeExact !== null ? [`grip code exact: ${(gripCodeExact * 100).toFixed(1)}%`] : []),
          `saved: ${result.file}`,
        ].join('\n'),
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
