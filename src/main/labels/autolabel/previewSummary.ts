/**
 * The preview of a job: what a commit would store, counted per class, source and confidence tier, with
 * the files that would get nothing. Pure over the job's results.
 */
import type { AutolabelFileProposals, AutolabelPreview, AutolabelSummary } from '../../../shared/api/autolabel.contract';
import { confidenceTier } from '../../../shared/labels/confidenceTier';
import type { AttributeProposal, Proposal } from '../../../shared/labels/proposals/index';
import type { AutolabelJob, FileResult } from './autolabelJob';

export interface KeptProposals {
  proposals: Proposal[];
  attributes: AttributeProposal[];
}

/**
 * What of a file's result passes the filter. An attribute is one fact per file, so when the engine gives two
 * values for one class only the most confident is kept (the store would refuse the second).
 */
export function keptProposals(result: FileResult, minConfidence: number): KeptProposals {
  const proposals = result.proposals.filter((p) => p.confidence >= minConfidence);
  const byClass = new Map<string, AttributeProposal>();
  for (const a of result.attributes) {
    if (a.confidence < minConfidence) continue;
    const held = byClass.get(a.classId);
    if (!held || a.confidence > held.confidence) byClass.set(a.classId, a);
  }
  return { proposals, attributes: [...byClass.values()] };
}

function emptySummary(files: number, done: number): AutolabelSummary {
  return {
    files,
    done,
    proposals: 0,
    attributes: 0,
    byClass: {},
    bySource: { stepcode: 0, heuristic: 0 },
    byTier: { high: 0, medium: 0, low: 0 },
    filesWithNone: [],
    failed: [],
    notInSchema: [],
  };
}

export function previewOf(job: AutolabelJob, state: AutolabelPreview['state'], resumedFrom: number): AutolabelPreview {
  const summary = emptySummary(job.files.length, job.done);
  const notInSchema = new Set<string>();
  const files: AutolabelPreview['files'] = [];
  const count = (p: { classId: string; source: 'stepcode' | 'heuristic'; confidence: number }): void => {
    summary.byClass[p.classId] = (summary.byClass[p.classId] ?? 0) + 1;
    summary.bySource[p.source]++;
    summary.byTier[confidenceTier(p.confidence)]++;
  };
  // In scope order, so the preview reads like the catalog.
  for (const f of job.files) {
    const failure = job.failures.get(f.fileId);
    if (failure) summary.failed.push(failure);
    const result = job.results.get(f.fileId);
    if (!result) continue;
    for (const c of result.notInSchema) notInSchema.add(c);
    const kept = keptProposals(result, job.minConfidence);
    kept.proposals.forEach(count);
    kept.attributes.forEach(count);
    summary.proposals += kept.proposals.length;
    summary.attributes += kept.attributes.length;
    if (kept.proposals.length + kept.attributes.length === 0) summary.filesWithNone.push({ fileId: f.fileId, path: f.path });
    files.push({ fileId: f.fileId, path: f.path, proposals: kept.proposals.length, attributes: kept.attributes.length });
  }
  summary.notInSchema = [...notInSchema].sort();
  return { jobId: job.id, state, minConfidence: job.minConfidence, resumedFrom, summary, files };
}

/** One file's kept proposals in the shape the API and the CLI print. */
export function fileProposalsOf(result: FileResult, minConfidence: number): AutolabelFileProposals {
  const kept = keptProposals(result, minConfidence);
  return {
    fileId: result.fileId,
    path: result.path,
    proposals: kept.proposals.map((p) => ({
      classId: p.classId,
      depth: p.depth,
      depthEnd: p.depthEnd,
      sampleIndex: p.sampleIndex,
      source: p.source,
      provenance: p.provenance,
      confidence: p.confidence,
      reasons: p.reasons,
    })),
    attributes: kept.attributes.map((a) => ({ classId: a.classId, value: a.value, source: a.source, provenance: a.provenance, confidence: a.confidence, reasons: a.reasons })),
  };
}
