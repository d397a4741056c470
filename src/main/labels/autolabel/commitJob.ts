/**
 * Writing a job's proposals to the catalog. Per file, one `replaceProposals` transaction: the file's untouched
 * stepcode/heuristic proposals of earlier runs are replaced, a class the file already has a decided label for
 * is skipped, and accepted, moved, rejected and human labels are never touched. Accepting above a confidence
 * then goes through `LabelStore.apply` with `{ state: 'confirmed' }`, the very edit the GUI's accept makes,
 * so the history, undo and review status treat both alike.
 */
import { randomUUID } from 'node:crypto';
import type { AutolabelCommitResult } from '../../../shared/api/autolabel.contract';
import type { LabelDetails } from '../../../shared/api/labels.contract';
import type { AttributeProposal, Proposal } from '../../../shared/labels/proposals/index';
import type { LabelStore, ProposalDraft } from '../labelStore';
import type { AutolabelJob } from './autolabelJob';
import { keptProposals } from './previewSummary';

/** The engine's two sources: a commit replaces their untouched proposals and no others (a model's stay). */
export const AUTOLABEL_SOURCES = ['stepcode', 'heuristic'] as const;

export interface CommitOptions {
  labels: LabelStore;
  annotator: string;
  /** Accept committed proposals with confidence ≥ this; none when absent. */
  acceptAbove?: number;
  /** After each file whose labels changed, with the newest event seq of the file. */
  onFileChanged?: (fileId: number, seq: number) => void;
}

// What LabelDetails holds at most (labels.contract.ts): longer lists and texts are cut, never refused.
const MAX_REASONS = 20;
const MAX_REASON_CHARS = 500;

function reasonsOf(reasons: readonly string[]): string[] {
  return reasons.slice(0, MAX_REASONS).map((r) => (r.length > MAX_REASON_CHARS ? `${r.slice(0, MAX_REASON_CHARS - 1)}…` : r));
}

function pointDraft(p: Proposal): ProposalDraft {
  const details: LabelDetails = {
    sampleIndex: p.sampleIndex,
    reasons: reasonsOf(p.reasons),
    evidence: p.sampleIndexEnd === null ? { ...p.evidence } : { ...p.evidence, sampleIndexEnd: p.sampleIndexEnd },
  };
  return { id: randomUUID(), classId: p.classId, depth: p.depth, depthEnd: p.depthEnd, value: null, source: p.source, confidence: p.confidence, provenance: p.provenance, details };
}

function attributeDraft(a: AttributeProposal): ProposalDraft {
  const details: LabelDetails = { reasons: reasonsOf(a.reasons), evidence: { ...a.evidence } };
  return { id: randomUUID(), classId: a.classId, depth: null, depthEnd: null, value: a.value, source: a.source, confidence: a.confidence, provenance: a.provenance, details };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function commitJob(job: AutolabelJob, opts: CommitOptions): Promise<AutolabelCommitResult> {
  const result: AutolabelCommitResult = { jobId: job.id, files: 0, created: 0, skipped: 0, removed: 0, accepted: 0, failed: [] };
  for (const file of job.files) {
    const computed = job.results.get(file.fileId);
    if (!computed) continue;
    const kept = keptProposals(computed, job.minConfidence);
    const drafts = [...kept.proposals.map(pointDraft), ...kept.attributes.map(attributeDraft)];
    // Seq of the file's newest event once something of it changed; a failed accept leaves the rest written.
    let changedAt: number | null = null;
    try {
      const written = opts.labels.replaceProposals(file.fileId, drafts, { annotator: opts.annotator, sources: AUTOLABEL_SOURCES });
      result.files++;
      result.created += written.created;
      result.skipped += written.skipped;
      result.removed += written.removed;
      if (written.created + written.removed > 0) changedAt = written.seq;
      const threshold = opts.acceptAbove;
      if (threshold !== undefined) {
        for (const d of drafts) {
          // A skipped draft was never stored: the file had a decided label of its class.
          if (d.confidence === null || d.confidence < threshold || opts.labels.get(d.id)?.state !== 'proposed') continue;
          changedAt = opts.labels.apply({ op: 'update', fileId: file.fileId, id: d.id, patch: { state: 'confirmed' } }, opts.annotator).seq;
          result.accepted++;
        }
      }
    } catch (err) {
      result.failed.push({ fileId: file.fileId, path: file.path, message: `${file.path}: ${err instanceof Error ? err.message : String(err)}` });
    }
    if (changedAt !== null) opts.onFileChanged?.(file.fileId, changedAt);
    await yieldToEventLoop();
  }
  return result;
}
