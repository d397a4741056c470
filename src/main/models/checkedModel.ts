/**
 * A model ready to run: its metadata read and validated, its session open in the inference process, and its
 * graph checked against the metadata. Whatever does not match is refused with what was expected, and the
 * inference process stays up for the next model.
 */
import type { InferenceService } from './inferenceService';
import { graphMismatch, ModelMetadataError, readModelMetadata, type ModelMetadata } from './modelMetadata';
import type { SessionOptions } from './inferenceProtocol';

export interface CheckedModel {
  path: string;
  metadata: ModelMetadata;
}

export async function checkModel(inference: InferenceService, file: string, options?: Partial<SessionOptions>, metadata: ModelMetadata = readModelMetadata(file)): Promise<CheckedModel> {
  let info;
  try {
    info = await inference.load(file, options);
  } catch (err) {
    if (err instanceof ModelMetadataError) throw err;
    throw new ModelMetadataError(`${file}: onnxruntime could not load it (${(err as Error).message}); expected a valid ONNX model`);
  }
  const problem = graphMismatch(metadata, info.inputs, info.outputs, file);
  if (problem) {
    await inference.unload(file).catch(() => {});
    throw new ModelMetadataError(problem);
  }
  return { path: file, metadata };
}
