/**
 * Auto-labelling in batches (issue 10): compute proposals for a scope of the catalog, look at a preview,
 * then commit them as proposed labels (optionally accepting the confident ones at once) or discard them.
 *
 * Nothing is written before `autolabel.commit`: a run holds its proposals in a job in the back end's memory.
 * A job lives until it is committed or discarded (or the back end stops). A cancelled run keeps what it
 * computed; running it again with its jobId computes only the files it has not done yet.
 */
import { z } from 'zod';
import { FileId } from './catalog.contract';
import { event, request } from './define';
import { AttributeValue } from './labels.contract';

/** Which files a run covers. A folder covers the files under it, at any depth. */
export const AutolabelScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('folder'), folder: z.string().min(1, 'a folder path').max(4096) }).strict(),
  z.object({ kind: z.literal('files'), fileIds: z.array(FileId).min(1, 'at least one file id').max(1_000_000) }).strict(),
]);
export type AutolabelScope = z.infer<typeof AutolabelScope>;

export const AutolabelJobId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'a job id of 1–64 letters, digits, _ . : or -');

const Count = z.number().int().nonnegative();
const Confidence = z.number().min(0).max(1);
const AutolabelSourceName = z.enum(['stepcode', 'heuristic']);

const FileRef = z.object({ fileId: FileId, path: z.string() });

/**
 * What a run found. The counts per class, source and tier cover point/range proposals and attribute
 * proposals together, after the minimum-confidence filter.
 */
export const AutolabelSummary = z.object({
  /** Files in the job's scope. */
  files: Count,
  /** Files computed so far (all of them once the job is complete). */
  done: Count,
  /** Point and range proposals. */
  proposals: Count,
  /** Attribute proposals (anomaly flags and the like). */
  attributes: Count,
  byClass: z.record(z.string(), Count),
  bySource: z.object({ stepcode: Count, heuristic: Count }),
  /** Confidence tiers of src/shared/labels/confidenceTier.ts: high ≥ 0.8, medium ≥ 0.5, low < 0.5. */
  byTier: z.object({ high: Count, medium: Count, low: Count }),
  /** Files computed without any proposal or attribute left after the filter. */
  filesWithNone: z.array(FileRef),
  /** Files that could not be computed (parse error, no signals, missing from disk…), with why. */
  failed: z.array(FileRef.extend({ message: z.string() })),
  /** Classes the engine had something for that the catalog's label schema lacks (left out). */
  notInSchema: z.array(z.string()),
});
export type AutolabelSummary = z.infer<typeof AutolabelSummary>;

export const AutolabelPreview = z.object({
  jobId: AutolabelJobId,
  /** complete: every file of the scope computed; cancelled: stopped early (run it again with the jobId to finish). */
  state: z.enum(['complete', 'cancelled']),
  minConfidence: Confidence,
  /** Files already computed when this run started (a resumed job does not compute them again). */
  resumedFrom: Count,
  summary: AutolabelSummary,
  /** Per computed file: how many proposals and attributes it would get. */
  files: z.array(FileRef.extend({ proposals: Count, attributes: Count })),
});
export type AutolabelPreview = z.infer<typeof AutolabelPreview>;

/** One file's proposals in a job, as a commit would store them (after the job's minimum confidence). */
export const AutolabelFileProposals = z.object({
  fileId: FileId,
  path: z.string(),
  proposals: z.array(
    z.object({
      classId: z.string(),
      depth: z.number(),
      depthEnd: z.number().nullable(),
      sampleIndex: Count,
      source: AutolabelSourceName,
      provenance: z.string(),
      confidence: Confidence,
      reasons: z.array(z.string()),
    }),
  ),
  attributes: z.array(
    z.object({ classId: z.string(), value: AttributeValue, source: AutolabelSourceName, provenance: z.string(), confidence: Confidence, reasons: z.array(z.string()) }),
  ),
});
export type AutolabelFileProposals = z.infer<typeof AutolabelFileProposals>;

export const AutolabelCommitResult = z.object({
  jobId: AutolabelJobId,
  /** Files whose proposals were written (replaced). */
  files: Count,
  created: Count,
  /** Proposals not stored because the file already has a decided (confirmed or rejected) label of their class. */
  skipped: Count,
  /** Untouched proposals of an earlier run that this commit replaced. */
  removed: Count,
  /** Committed proposals accepted as labels (confidence ≥ acceptAbove). */
  accepted: Count,
  /** Files whose write failed (nothing of that file changed), with why. */
  failed: z.array(FileRef.extend({ message: z.string() })),
});
export type AutolabelCommitResult = z.infer<typeof AutolabelCommitResult>;

export const AutolabelProgress = z.object({
  jobId: AutolabelJobId,
  done: Count,
  total: Count,
  /** Files computed per second in this run so far (0 before the first). */
  filesPerSecond: z.number().nonnegative(),
});
export type AutolabelProgress = z.infer<typeof AutolabelProgress>;

export const autolabelContract = {
  'autolabel.run': request(
    'Compute proposals for a scope (nothing is written); resolves with the preview when the run ends or is cancelled. ' +
      'A jobId that names a held job resumes it (same scope; the files it has are not computed again); a new jobId names the new job.',
    z
      .object({
        scope: AutolabelScope,
        /** Proposals below this confidence are left out of the preview and the commit. Default 0. */
        minConfidence: Confidence.optional(),
        jobId: AutolabelJobId.optional(),
      })
      .strict(),
    AutolabelPreview,
  ),
  'autolabel.cancel': request('Stop a running auto-label run (it keeps what it computed)', z.object({ jobId: AutolabelJobId }).strict(), z.object({ cancelled: z.boolean() })),
  'autolabel.file': request(
    "One file's proposals in a held job",
    z.object({ jobId: AutolabelJobId, fileId: FileId }).strict(),
    AutolabelFileProposals,
  ),
  'autolabel.commit': request(
    "Store a job's proposals as proposed labels, replacing each file's untouched proposals (decided and human labels are never touched); " +
      'with acceptAbove, accept those with confidence ≥ it as labels (the same edit as accepting in the GUI). The job is then gone.',
    z.object({ jobId: AutolabelJobId, acceptAbove: Confidence.optional() }).strict(),
    AutolabelCommitResult,
  ),
  'autolabel.discard': request('Drop a held job without writing anything (cancels it first if running)', z.object({ jobId: AutolabelJobId }).strict(), z.object({ discarded: z.boolean() })),
  'autolabel.progress': event('Progress of an auto-label run', AutolabelProgress),
} as const;
