/**
 * A model's predictions stored as proposals: labels in state `proposed`, source `model`, provenance
 * `model:<model id>`, the prediction's confidence, reviewed like the stop-code proposals. One
 * `replaceProposals` transaction per file replaces the file's untouched model proposals of earlier runs
 * (any model's: one set of model proposals per file) and never touches decided or human labels, nor the
 * stop-code and heuristic proposals.
 */
import { randomUUID } from 'node:crypto';
import type { Prediction } from '../../shared/api/models.contract';
import type { LabelSchemaStore } from '../labels/labelSchemaStore';
import type { LabelStore, ProposalDraft, ReplaceProposalsResult } from '../labels/labelStore';

export const MODEL_SOURCES = ['model'] as const;

export function modelProvenance(modelId: string): string {
  return `model:${modelId}`;
}

export function proposalDrafts(modelId: string, predictions: readonly Prediction[], schema: LabelSchemaStore): ProposalDraft[] {
  return predictions
    .filter((p) => schema.getClass(p.classId)?.kind === 'point')
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

export function storePredictions(labels: LabelStore, schema: LabelSchemaStore, fileId: number, modelId: string, predictions: readonly Prediction[], annotator: string): ReplaceProposalsResult {
  return labels.replaceProposals(fileId, proposalDrafts(modelId, predictions, schema), { annotator, sources: MODEL_SOURCES });
}
