/**
 * The agreement report (issue 10): how the humans received the machine's proposals. Per class, how far the
 * accepted and moved labels ended up from where they were proposed, and how many were accepted as proposed,
 * moved, rejected or are still pending; acceptance and rejection rates per confidence tier and per
 * provenance. Computed by src/shared/labels/agreement.ts from the labels that remember an origin.
 */
import { z } from 'zod';
import { FileId } from './catalog.contract';
import { request } from './define';

/** Which files the report covers; absent: the whole catalog. Both given: files in the folder and in the list. */
export const AgreementScope = z
  .object({
    /** An absolute folder: the files in it and in its subfolders. */
    folder: z.string().min(1, 'an absolute folder path').optional(),
    fileIds: z.array(FileId).min(1, 'at least one file id').max(100_000).optional(),
  })
  .strict();
export type AgreementScope = z.infer<typeof AgreementScope>;

/** Widest histogram bin a caller may ask for, and the default (fine enough for 0.28 mm step jumps). */
export const MAX_BIN_MM = 10;
export const DEFAULT_BIN_MM = 0.1;

const Rate = z.number().min(0).max(1).nullable();

/**
 * What became of a set of proposals. `accepted` are those accepted as proposed (not moved); `moved` were
 * accepted after a human changed their position or value. Rates are over the decided ones
 * (accepted + moved + rejected) and null when none is decided yet.
 */
export const AgreementCounts = z.object({
  proposals: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  moved: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  decided: z.number().int().nonnegative(),
  /** (accepted + moved) / decided. */
  acceptanceRate: Rate,
  /** rejected / decided. */
  rejectionRate: Rate,
});
export type AgreementCounts = z.infer<typeof AgreementCounts>;

/**
 * Offsets (label − proposal, mm, positive = deeper) of the accepted and moved labels, unmoved ones counting
 * as 0. The mean is signed (a bias: do humans put the label deeper or shallower?); median, 95th percentile
 * and maximum are of the absolute offset (how far). Percentiles interpolate linearly between ranks.
 */
export const OffsetStats = z.object({
  n: z.number().int().positive(),
  meanSignedMm: z.number(),
  meanAbsMm: z.number().nonnegative(),
  medianAbsMm: z.number().nonnegative(),
  p95AbsMm: z.number().nonnegative(),
  maxAbsMm: z.number().nonnegative(),
});
export type OffsetStats = z.infer<typeof OffsetStats>;

/** Signed offsets in bins of `binMm` centred on multiples of it: bin k counts offsets in [(k − ½)·w, (k + ½)·w). */
export const OffsetHistogram = z.object({
  binMm: z.number().positive(),
  /** Contiguous from the lowest to the highest occupied bin (empty ones included), so it plots as is. */
  bins: z.array(z.object({ centerMm: z.number(), count: z.number().int().nonnegative() })),
});
export type OffsetHistogram = z.infer<typeof OffsetHistogram>;

export const ClassAgreement = z.object({
  classId: z.string(),
  /** From the label schema; null for a class no longer in it. */
  name: z.string().nullable(),
  kind: z.enum(['point', 'range', 'attribute']).nullable(),
  counts: AgreementCounts,
  /** Of the depth (a point, or a range's start); null when no accepted or moved label has one. */
  offset: OffsetStats.nullable(),
  /** Of a range's end; null for points and attributes. */
  endOffset: OffsetStats.nullable(),
  histogram: OffsetHistogram,
});
export type ClassAgreement = z.infer<typeof ClassAgreement>;

export const TierAgreement = AgreementCounts.extend({
  tier: z.enum(['high', 'medium', 'low']),
  /** Inclusive lower bound of the tier's confidence (a proposal without a confidence is low). */
  minConfidence: z.number().min(0).max(1),
});

export const ProvenanceAgreement = AgreementCounts.extend({
  /** The rule set or model and its version, as proposed (e.g. stepcode@1); null when the proposal named none. */
  provenance: z.string().nullable(),
});

export const AgreementReport = z.object({
  scope: z.object({ folder: z.string().nullable(), fileIds: z.array(FileId).nullable() }),
  /** Files in scope with at least one proposal (pending or decided). */
  files: z.number().int().nonnegative(),
  binMm: z.number().positive(),
  totals: AgreementCounts,
  /** Every class of the schema in schema order, then classes with proposals that the schema no longer has. */
  classes: z.array(ClassAgreement),
  /** high, medium, low: always all three. */
  byTier: z.array(TierAgreement),
  /** Every provenance with at least one proposal, most proposals first. */
  byProvenance: z.array(ProvenanceAgreement),
});
export type AgreementReport = z.infer<typeof AgreementReport>;

export const agreementContract = {
  'labels.agreement': request(
    'The agreement report: how accepted, moved and rejected proposals compare with what was proposed',
    z
      .object({
        scope: AgreementScope.optional(),
        binMm: z.number().positive('a bin width in mm such as 0.1').max(MAX_BIN_MM, `a bin width of at most ${MAX_BIN_MM} mm`).optional(),
      })
      .strict(),
    AgreementReport,
  ),
} as const;
