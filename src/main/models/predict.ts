/**
 * One file's predictions: its input through the model in the inference process, each class's keypoint read
 * off its heatmap (peaks.ts) and placed on the model's depth grid.
 */
import type { Prediction } from '../../shared/api/models.contract';
import type { CheckedModel } from './checkedModel';
import type { InferenceService, Tensor3 } from './inferenceService';
import { InferenceRequestError } from './inferenceService';
import { pickPeaks } from './peaks';
import type { ModelInput } from './preprocess';

/** Depths are kept to a nanometre, like the depth grid's. */
const roundDepth = (v: number): number => Math.round(v * 1e6) / 1e6 + 0;

/** The model's raw output (1, classes, length) for one input. */
export async function heatmapsOf(inference: InferenceService, model: CheckedModel, input: ModelInput): Promise<Tensor3> {
  const out = await inference.run(model.path, model.metadata.input.name, model.metadata.output.name, { dims: [1, input.channels, input.length], data: input.data });
  const [batch, classes, length] = out.dims;
  if (batch !== 1 || classes !== model.metadata.classes.length || length !== input.length) {
    throw new InferenceRequestError(
      `${model.path}: output '${model.metadata.output.name}' has shape (${out.dims.join(', ')}); expected (1, ${model.metadata.classes.length}, ${input.length}) for this input`,
    );
  }
  return out;
}

export function predictionsFrom(heat: Tensor3, model: CheckedModel, input: ModelInput): Prediction[] {
  const [, classes, length] = heat.dims;
  const peaks = pickPeaks(heat.data, classes, length, model.metadata.peak.sigmaSamples);
  const out: Prediction[] = [];
  peaks.forEach((p, k) => {
    if (!p) return;
    out.push({ classId: model.metadata.classes[k]!, depth: roundDepth(input.depthStartMm + p.position * input.stepMm), confidence: p.confidence, sample: p.position });
  });
  return out;
}

export async function predict(inference: InferenceService, model: CheckedModel, input: ModelInput): Promise<Prediction[]> {
  return predictionsFrom(await heatmapsOf(inference, model, input), model, input);
}
