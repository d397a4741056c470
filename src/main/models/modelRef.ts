/**
 * `--model ID|PATH` of `udw infer` and `udw serve`: a registered model by id (or the active one when none
 * is given), or an ONNX file on disk used as it is, without registering it. Either way it is checked
 * (metadata, graph) before anything runs.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import { checkModel, type CheckedModel } from './checkedModel';
import type { InferenceService } from './inferenceService';
import { metadataOfBytes, ModelMetadataError } from './modelMetadata';
import type { ModelRegistry } from './modelRegistry';

export interface ResolvedModel {
  id: string;
  path: string;
  snapshotId: string | null;
  checked: CheckedModel;
}

const ID = /^model-[0-9a-f]{16}$/;

export function looksLikeModelId(ref: string): boolean {
  return ID.test(ref);
}

/** `registry` is null when no catalog is at hand (then only a PATH works). */
export async function resolveModelRef(ref: string | undefined, registry: ModelRegistry | null, inference: InferenceService): Promise<ResolvedModel> {
  try {
    if (ref === undefined || looksLikeModelId(ref)) {
      if (!registry) throw new ApiError('not_found', `${ref ? `model ${ref}` : 'the active model'}: there is no catalog to look it up in; give --model PATH.onnx or --db FILE`);
      const model = registry.resolve(ref);
      const checked = await registry.open(model);
      return { id: model.id, path: model.path, snapshotId: model.snapshotId, checked };
    }
    const file = path.resolve(ref);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (err) {
      throw new ApiError('not_found', `--model ${ref}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); expected a model id (model-…) or an .onnx file`);
    }
    const metadata = metadataOfBytes(bytes, file);
    const id = `model-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
    const checked = await checkModel(inference, file, undefined, metadata);
    return { id, path: file, snapshotId: metadata.snapshotId ?? null, checked };
  } catch (err) {
    if (err instanceof ModelMetadataError) throw new ApiError('invalid_payload', err.message);
    throw err;
  }
}
