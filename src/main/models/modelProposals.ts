/**
 * A model's predictions stored as proposals: labels in state `proposed`, source `model`, provenance
 * `model:<model id>`, the prediction's confidence, reviewed like the stop-code proposals. Per file,
 * `replaceProposals` replaces the file's untouched model proposals of earlier runs
 * (any model's: one set of model proposals per file) and never touches decided or human labels, nor the
 * stop-code and heuristic proposals. A batch run stores many files in one transaction (storeManyPredictions).
 */
import { randomUUID } from 'node:crypto';
import type { Prediction } from '../../shared/api/models.contract';
import type { LabelSchemaStore } from '../labels/labelSchemaStore';
import type { LabelStore, ProposalDraft, ReplaceProposalsResult } from '../labels/labelStore';

export const MODEL_SOURCES = ['model'] as const;

export function modelProvenance(modelId: string): string {
  return `model:${modelId}`;
}

/** `isPoint`: whether a class is a point class of the schema (a batch looks the schema up once). */
export function proposalDrafts(modelId: string, predictions: readonly Prediction[], schema: LabelSchemaStore, isPoint = pointClassTest(schema)): ProposalDraft[] {
  return predictions
    .filter((p) => isPoint(p.classId))
    .map((p) => ({
      id: randomUUID(),
      classId: p.classId,
      depth: p.depth,
      depthEnd: null,
      value: null,
      source: 'model',
      confidence: p.confidence,
      provenance: modelProvenance(modelId),
      details: {
        reasons: [`heatmap peak of ${modelId} at grid sample ${p.sample.toFixed(2)} (confidence ${p.confidence.toFixed(3)})`],
        evidence: { modelId, gridSample: p.sample },
      },
    }));
}

function pointClassTest(schema: LabelSchemaStore): (classId: string) => boolean {
  const points = new Set(schema.get().classes.filter((c) => c.kind === 'point').map((c) => c.id));
  return (classId) => points.has(classId);
}

export function storePredictions(labels: LabelStore, schema: LabelSchemaStore, fileId: number, modelId: string, predictions: readonly Prediction[], annotator: string): ReplaceProposalsResult {
  return labels.replaceProposals(fileId, proposalDrafts(modelId, predictions, schema), { annotator, sources: MODEL_SOURCES });
}

/** Several files' predictions in one transaction (a batch run's), one result per file in order. */
export function storeManyPredictions(
  labels: LabelStore,
  schema: LabelSchemaStore,
  modelId: string,
  files: readonly { fileId: number; predictions: readonly Prediction[] }[],
  annotator: string,
): ReplaceProposalsResult[] {
  const isPoint = pointClassTest(schema);
  const items = files.map((f) => ({ fileId: f.fileId, proposals: proposalDrafts(modelId, f.predictions, schema, isPoint) }));
  return labels.replaceProposalsMany(items, { annotator, sources: MODEL_SOURCES });
}
