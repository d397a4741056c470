/**
 * The work one file's signals need, as the dataset worker does it (dataset.worker.ts): decode the catalog's
 * column blobs, make the channels, resample them onto the depth grid, write `signals/<key>.npy` (float32)
 * and hash it. Plain and synchronous, so it is tested without a worker.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { decodeColumn } from '../../../shared/signals/decodeColumn';
import type { DatasetChannel } from '../../../shared/training/manifest';
import { channelValues } from './channels';
import { encodeNpy } from './npy';
import { resampleByDepth } from './resample';

export interface ColumnBlob {
  key: string;
  dtype: string;
  scaleExp: number;
  length: number;
  bytes: ArrayBuffer;
}

export interface ResampleTask {
  /** Names the file in errors. */
  path: string;
  channels: DatasetChannel[];
  stepMm: number;
  /** Where the .npy goes (inside the snapshot's temp folder). */
  outFile: string;
  columns: ColumnBlob[];
}

/** Per-channel count, mean and sum of squared deviations (Welford), over the float32 values written. */
export interface ChannelStats {
  n: number;
  mean: number;
  m2: number;
}

export type ResampleResult =
  | { kind: 'ok'; length: number; depthStartMm: number; sha256: string; stats: ChannelStats[] }
  | { kind: 'no_signal'; detail: string };

function statsOf(values: Float32Array): ChannelStats {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  return { n, mean, m2 };
}

export function runResampleTask(task: ResampleTask): ResampleResult {
  const columns = new Map<string, Float64Array>();
  for (const c of task.columns) columns.set(c.key, decodeColumn(c.dtype, c.scaleExp, c.length, new Uint8Array(c.bytes)));
  const position = columns.get('position');
  if (!position || position.length === 0) return { kind: 'no_signal', detail: `${task.path}: no Position (mm) samples in the catalog` };
  const channels: Float64Array[] = [];
  for (const ch of task.channels) {
    const v = channelValues(ch, columns, position.length);
    if (typeof v === 'string') return { kind: 'no_signal', detail: `${task.path}: ${v}` };
    channels.push(v);
  }
  const grid = resampleByDepth(position, channels, task.stepMm);
  if (typeof grid === 'string') return { kind: 'no_signal', detail: `${task.path}: ${grid.replace(/^channel (\d+)/, (_, i: string) => `channel ${task.channels[Number(i) - 1]}`)}` };
  const rows = grid.values.map((v) => Float32Array.from(v));
  const bytes = encodeNpy('<f4', rows, grid.length);
  fs.writeFileSync(task.outFile, bytes, { flag: 'wx' });
  return {
    kind: 'ok',
    length: grid.length,
    depthStartMm: grid.depthStartMm,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    stats: rows.map(statsOf),
  };
}
