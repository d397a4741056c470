/** TrainParams (training.contract.ts) to the flags of `python -m udw_bridge train`; unset ones keep the bridge's defaults. */
import type { TrainParams } from '../../shared/api/training.contract';

export interface TrainTarget {
  datasetDir: string;
  runDir: string;
  runId: string;
  /** A checkpoint to continue from (resume). */
  resume?: string | null;
}

export function trainArgs(target: TrainTarget, params: TrainParams): string[] {
  const args = ['train', '--dataset', target.datasetDir, '--out', target.runDir, '--run-id', target.runId];
  const flag = (name: string, value: number | string | null | undefined) => {
    if (value !== undefined && value !== null) args.push(name, String(value));
  };
  flag('--epochs', params.epochs);
  flag('--batch-size', params.batchSize);
  flag('--lr', params.lr);
  flag('--seed', params.seed);
  flag('--device', params.device);
  flag('--patience', params.patience);
  flag('--fold', params.fold);
  // More than one worker: the bridge's own launcher starts torchrun (train --nproc N).
  if (params.nproc !== undefined && params.nproc > 1) flag('--nproc', params.nproc);
  if (params.dryRun) args.push('--dry-run');
  flag('--resume', target.resume);
  return args;
}
