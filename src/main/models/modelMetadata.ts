/**
 * The description a python-bridge model carries (export.py's `udw` metadata entry), validated before the
 * model is used: which channels it reads in which order, on which depth grid, which classes its heatmaps
 * are, and how peaks are read. A model without it, or with one this app cannot follow, is refused with what
 * was expected, never guessed at.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { DatasetChannel } from '../../shared/training/manifest';
import { OnnxFormatError, readOnnxMetadataProps } from './onnxProps';

export const MODEL_FORMAT = 'udw-keypoint-heatmaps-1';

export const ModelMetadata = z.looseObject({
  format: z.literal(MODEL_FORMAT),
  input: z.looseObject({ name: z.string().min(1), channels: z.array(DatasetChannel).min(1) }),
  output: z.looseObject({ name: z.string().min(1), classes: z.array(z.string().min(1)).min(1) }),
  resampling: z.looseObject({ kind: z.literal('depth'), stepMm: z.number().positive().max(10) }),
  normalisation: z.looseObject({ mean: z.array(z.number()), std: z.array(z.number()), appliedInModel: z.literal(true) }),
  classes: z.array(z.string().min(1)).min(1),
  peak: z.looseObject({ sigmaSamples: z.number().positive().max(1000) }),
  snapshotId: z.string().nullable().optional(),
  runId: z.string().nullable().optional(),
  bridgeVersion: z.string().optional(),
});
export type ModelMetadata = z.infer<typeof ModelMetadata>;

export class ModelMetadataError extends Error {}

const EXPECTED = `an ONNX model exported by python-bridge (metadata entry 'udw' with format ${MODEL_FORMAT})`;

/** The validated metadata of an ONNX file's bytes; `where` names the file in every error. */
export function metadataOfBytes(bytes: Uint8Array, where: string): ModelMetadata {
  let props: Map<string, string>;
  try {
    props = readOnnxMetadataProps(bytes, where);
  } catch (err) {
    if (err instanceof OnnxFormatError) throw new ModelMetadataError(`${err.message}; expected ${EXPECTED}`);
    throw err;
  }
  const text = props.get('udw');
  if (text === undefined) {
    const keys = [...props.keys()];
    throw new ModelMetadataError(`${where}: no 'udw' metadata entry (${keys.length ? `it has ${keys.join(', ')}` : 'it has no metadata'}); expected ${EXPECTED}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ModelMetadataError(`${where}: the 'udw' metadata entry is not JSON (${(err as Error).message}); expected ${EXPECTED}`);
  }
  const parsed = ModelMetadata.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ModelMetadataError(`${where}: 'udw' metadata field ${issue.path.join('.') || '(root)'}: ${issue.message}; expected ${EXPECTED}`);
  }
  const m = parsed.data;
  const n = m.input.channels.length;
  if (m.normalisation.mean.length !== n || m.normalisation.std.length !== n) {
    throw new ModelMetadataError(`${where}: 'udw' metadata normalisation has ${m.normalisation.mean.length} means and ${m.normalisation.std.length} stds; expected one per input channel (${n})`);
  }
  if (m.output.classes.join('\n') !== m.classes.join('\n')) {
    throw new ModelMetadataError(`${where}: 'udw' metadata output.classes (${m.output.classes.join(', ')}) differ from classes (${m.classes.join(', ')}); expected the same list`);
  }
  return m;
}

export function readModelMetadata(file: string): ModelMetadata {
  return metadataOfBytes(fs.readFileSync(file), file);
}

/** A graph input or output as onnxruntime describes it (InferenceSession.inputMetadata). */
export interface ValueInfo {
  name: string;
  isTensor: boolean;
  type: string | null;
  /** Numbers for fixed dimensions, names for symbolic ones. */
  shape: Array<number | string> | null;
}

function describe(v: ValueInfo): string {
  return `'${v.name}' ${v.isTensor ? `${v.type ?? '?'} (${(v.shape ?? []).join(', ')})` : '(not a tensor)'}`;
}

/**
 * Why the graph does not take what its metadata says (one input `signals` float32 (batch, channels, length),
 * one output float32 (batch, classes, length)), or null when it does.
 */
export function graphMismatch(meta: ModelMetadata, inputs: readonly ValueInfo[], outputs: readonly ValueInfo[], where: string): string | null {
  const channels = meta.input.channels.length;
  const classes = meta.classes.length;
  const wantIn = `one input '${meta.input.name}' float32 (batch, ${channels} channels [${meta.input.channels.join(', ')}], length)`;
  const wantOut = `an output '${meta.output.name}' float32 (batch, ${classes} classes [${meta.classes.join(', ')}], length)`;
  const input = inputs.length === 1 ? inputs[0]! : undefined;
  if (!input || input.name !== meta.input.name || !input.isTensor || input.type !== 'float32' || input.shape?.length !== 3 || (typeof input.shape[1] === 'number' && input.shape[1] !== channels)) {
    return `${where}: the graph's inputs are ${inputs.map(describe).join(', ') || 'none'}; its metadata says ${wantIn}, so expected that`;
  }
  const output = outputs.find((o) => o.name === meta.output.name);
  if (!output || !output.isTensor || output.type !== 'float32' || output.shape?.length !== 3 || (typeof output.shape[1] === 'number' && output.shape[1] !== classes)) {
    return `${where}: the graph's outputs are ${outputs.map(describe).join(', ') || 'none'}; its metadata says ${wantOut}, so expected that`;
  }
  return null;
}
