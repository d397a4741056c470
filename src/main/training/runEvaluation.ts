/**
 * `udw evaluate --run ID`: `python -m udw_bridge evaluate` on a run's best checkpoint (else its last)
 * against the run's snapshot (and fold), into RUNDIR/evaluation.json and plots, then stored with the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Evaluation } from '../../shared/api/training.contract';
import { BridgeEvent } from '../../shared/training/protocol';
import { ManagedProcess } from '../process/managedProcess';
import { bridgeCommand, BRIDGE_EXIT_MEANING, type BridgeLocation } from './bridgeLaunch';
import { existingSnapshotId } from './dataset/snapshotFolder';
import { EVALUATION_FILE, readEvaluation } from './evaluationFile';
import type { RunStore } from './runStore';

export interface EvaluateRunOptions {
  store: RunStore;
  runId: string;
  python: string;
  bridge: BridgeLocation;
  device?: string;
  /** The bridge's console lines (stdout and stderr), as they come. */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

export interface RunEvaluation {
  runId: string;
  /** The checkpoint evaluated. */
  source: string;
  file: string;
  evaluation: Evaluation;
}

function checkpointOf(dir: string): string | null {
  for (const name of ['best.pt', 'last.pt']) {
    const ckpt = path.join(dir, 'checkpoints', name);
    if (fs.existsSync(ckpt)) return ckpt;
  }
  return null;
}

export async function evaluateRun(o: EvaluateRunOptions): Promise<RunEvaluation> {
  const run = o.store.get(o.runId);
  if (!run) throw new Error(`no run ${o.runId} in this catalog (\`udw runs\` lists them)`);
  if (run.status === 'running' || run.status === 'queued') throw new Error(`run ${o.runId} is still ${run.status}; evaluate it once it has ended`);
  if (!run.datasetDir || !run.snapshotId || existingSnapshotId(run.datasetDir) !== run.snapshotId) {
    throw new Error(`run ${o.runId} trained on snapshot ${run.snapshotId ?? '?'} in ${run.datasetDir ?? '?'}, which is no longer there`);
  }
  const checkpoint = checkpointOf(run.dir);
  if (!checkpoint) throw new Error(`run ${o.runId} has nothing to evaluate: no checkpoints/best.pt or last.pt in ${run.dir}`);
  const file = path.join(run.dir, EVALUATION_FILE);
  const fold = typeof run.params.fold === 'number' ? ['--fold', String(run.params.fold)] : [];
  // --out is the folder: the bridge writes evaluation.json and its plots there.
  const args = ['evaluate', '--dataset', run.datasetDir, '--checkpoint', checkpoint, '--out', run.dir, ...fold, ...(o.device ? ['--device', o.device] : [])];
  const proc = ManagedProcess.launch<BridgeEvent>({ name: `evaluate ${o.runId}`, ...bridgeCommand(o.python, o.bridge, args), events: BridgeEvent, tailLines: 40 });
  let said: string | null = null;
  proc.on('event', (e) => {
    if (e.type === 'error') said = `${e.kind}: ${e.message}${e.file ? ` (${e.file})` : ''}`;
  });
  proc.on('line', (line) => o.onLine?.(line.text));
  const stop = () => void proc.cancel();
  o.signal?.addEventListener('abort', stop);
  const result = await proc.done.finally(() => o.signal?.removeEventListener('abort', stop));
  if (result.reason === 'spawnFailed') throw new Error(`cannot start ${o.python}: ${result.error ?? 'it did not start'}`);
  if (result.reason === 'cancelled') throw new Error(`evaluate ${o.runId}: stopped`);
  if (result.code !== 0) {
    const meaning = result.code === null ? `ended by ${result.signal ?? 'a signal'}` : `exit ${result.code}: ${BRIDGE_EXIT_MEANING[result.code] ?? 'an unknown exit code'}`;
    const tail = proc.tail('stderr').slice(-8).join('\n');
    throw new Error(`python -m udw_bridge ${args.join(' ')}: ${said ?? 'failed'} (${meaning})${!said && tail ? `:\n${tail}` : ''}`);
  }
  const evaluation = readEvaluation(file);
  if (!evaluation) throw new Error(`python -m udw_bridge evaluate exited 0 but wrote no ${file}`);
  o.store.setEvaluation(o.runId, evaluation);
  return { runId: o.runId, source: checkpoint, file, evaluation };
}
