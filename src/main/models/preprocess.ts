/**
 * A file's signals as a model takes them: its channels (training/dataset/channels.ts) resampled onto the
 * model's depth grid (training/dataset/resample.ts), rounded to float32 as a snapshot's `.npy` holds them.
 * The same modules build the snapshots a model is trained on, so training and inference cannot drift apart;
 * normalisation is inside the exported graph. Two sources: a catalog file's column blobs, or a Setitec file
 * on disk parsed by the project's parser (`udw infer --paths`, the scoring server) without importing it.
 */
import { decodeColumn } from '../../shared/signals/decodeColumn';
import type { CatalogDb } from '../db/openCatalog';
import { parseSetitecAny } from '../ingest/parseAny';
import { channelValues, columnKeysFor } from '../training/dataset/channels';
import { signalColumns } from '../training/dataset/catalogRows';
import { resampleByDepth } from '../training/dataset/resample';
import type { ModelMetadata } from './modelMetadata';

export interface ModelInput {
  channels: number;
  length: number;
  /** channels × length, row-major: the tensor (1, channels, length). */
  data: Float32Array;
  /** Depth (mm) of sample 0; sample i is at depthStartMm + i · stepMm. */
  depthStartMm: number;
  stepMm: number;
}

/** A file that cannot be fed to the model (no stroke, a missing column), with why. */
export class PreprocessError extends Error {}

/** The model input from decoded columns (key → values); `where` names the file in errors. */
export function inputFromColumns(columns: ReadonlyMap<string, Float64Array>, meta: ModelMetadata, where: string): ModelInput {
  const position = columns.get('position');
  if (!position || position.length === 0) throw new PreprocessError(`${where}: no Position (mm) samples; expected a Setitec file with a position column`);
  const channels: Float64Array[] = [];
  for (const ch of meta.input.channels) {
    const v = channelValues(ch, columns, position.length);
    if (typeof v === 'string') throw new PreprocessError(`${where}: ${v} (the model reads ${meta.input.channels.join(', ')})`);
    channels.push(v);
  }
  const stepMm = meta.resampling.stepMm;
  const grid = resampleByDepth(position, channels, stepMm);
  if (typeof grid === 'string') {
    throw new PreprocessError(`${where}: ${grid.replace(/^channel (\d+)/, (_, i: string) => `channel ${meta.input.channels[Number(i) - 1]}`)}`);
  }
  const data = new Float32Array(channels.length * grid.length);
  grid.values.forEach((v, c) => data.set(v, c * grid.length));
  return { channels: channels.length, length: grid.length, data, depthStartMm: grid.depthStartMm, stepMm };
}

/** A catalog file's input, from its stored signal columns. */
export function inputFromCatalog(db: CatalogDb, fileId: number, path: string, meta: ModelMetadata): ModelInput {
  const { dataHash, columns } = signalColumns(db, fileId, columnKeysFor(meta.input.channels));
  if (dataHash === null) throw new PreprocessError(`${path}: no parsed signals in the catalog (the file was never parsed)`);
  const decoded = new Map<string, Float64Array>();
  for (const c of columns) decoded.set(c.key, decodeColumn(c.dtype, c.scaleExp, c.length, new Uint8Array(c.bytes)));
  return inputFromColumns(decoded, meta, path);
}

/** A Setitec file's input, parsed from its bytes (text export or .xlsx re-save). */
export async function inputFromSetitec(bytes: Uint8Array, source: string, meta: ModelMetadata): Promise<ModelInput> {
  const parsed = await parseSetitecAny(bytes, source);
  if (!parsed.ok) throw new PreprocessError(parsed.error.message);
  const columns = new Map<string, Float64Array>();
  // A layout with a duplicated name keeps the first column of that key, as the catalog does.
  for (const c of parsed.file.data.columns) if (!columns.has(c.key)) columns.set(c.key, c.values);
  return inputFromColumns(columns, meta, source);
}
