/**
 * One file's predictions: its input through the model in the inference process, each class's keypoint read
 * off its heatmap (peaks.ts, in the inference process) and placed on the model's depth grid.
 */
import type { Prediction } from '../../shared/api/models.contract';
import type { CheckedModel } from './checkedModel';
import type { InferenceService, Tensor3 } from './inferenceService';
import { InferenceRequestError } from './inferenceService';
import { pickPeaks, type Peak } from './peaks';
import type { ModelInput } from './preprocess';

/** Depths are kept to a nanometre, like the depth grid's. */
const roundDepth = (v: number): number => Math.round(v * 1e6) / 1e6 + 0;

const shapeError = (model: CheckedModel, input: ModelInput, dims: readonly number[]): InferenceRequestError =>
  new InferenceRequestError(
    `${model.path}: output '${model.metadata.output.name}' has shape (${dims.join(', ')}); expected (1, ${model.metadata.classes.length}, ${input.length}) for this input`,
  );

const tensorOf = (input: ModelInput): Tensor3 => ({ dims: [1, input.channels, input.length], data: input.data });

/** The model's raw output (1, classes, length) for one input. */
export async function heatmapsOf(inference: InferenceService, model: CheckedModel, input: ModelInput): Promise<Tensor3> {
  const out = await inference.run(model.path, model.metadata.input.name, model.metadata.output.name, tensorOf(input));
  const [batch, classes, length] = out.dims;
  if (batch !== 1 || classes !== model.metadata.classes.length || length !== input.length) throw shapeError(model, input, out.dims);
  return out;
}

/** Peaks (one per class, as pickPeaks gives them) placed on the model's depth grid. */
export function predictionsFromPeaks(peaks: ReadonlyArray<Peak | null>, model: CheckedModel, input: ModelInput): Prediction[] {
  const out: Prediction[] = [];
  peaks.forEach((p, k) => {
    if (!p) return;
    out.push({ classId: model.metadata.classes[k]!, depth: roundDepth(input.depthStartMm + p.position * input.stepMm), confidence: p.confidence, sample: p.position });
  });
  return out;
}

export function predictionsFrom(heat: Tensor3, model: CheckedModel, input: ModelInput): Prediction[] {
  const [, classes, length] = heat.dims;
  return predictionsFromPeaks(pickPeaks(heat.data, classes, length, model.metadata.peak.sigmaSamples), model, input);
}

/**
 * The peaks are read in the inference process (the same pickPeaks), so only they come back: the heatmaps
 * are most of a reply's bytes and of the back end's decoding.
 */
export async function predict(inference: InferenceService, model: CheckedModel, input: ModelInput): Promise<Prediction[]> {
  const out = await inference.runPeaks(model.path, model.metadata.input.name, model.metadata.output.name, tensorOf(input), model.metadata.peak.sigmaSamples);
  const [batch, classes, length] = out.dims;
  if (batch !== 1 || classes !== model.metadata.classes.length || length !== input.length || out.peaks.length !== classes) throw shapeError(model, input, out.dims);
  return predictionsFromPeaks(out.peaks, model, input);
}
