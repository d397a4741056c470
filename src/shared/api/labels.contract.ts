import { z } from 'zod';
import { FileId, LabelStatus, Verdict } from './catalog.contract';
import { event, request } from './define';

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1f77b4');

/** One class of the label schema: a point, a range or a file attribute. */
export const LabelClass = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _'),
  name: z.string().min(1).max(60),
  kind: z.enum(['point', 'range', 'attribute']),
  colour: Colour,
  hotkey: z.string().max(20).nullable(),
  /** For attributes: the type of value they hold. */
  valueType: z.enum(['number', 'boolean', 'text', 'choice']).optional(),
  unit: z.string().max(10).optional(),
  choices: z.array(z.string().min(1)).optional(),
});
export type LabelClass = z.infer<typeof LabelClass>;

export const LabelSchema = z.object({ classes: z.array(LabelClass).min(1) });
export type LabelSchema = z.infer<typeof LabelSchema>;

export const LabelSource = z.enum(['human', 'stepcode', 'model', 'heuristic']);

export const AttributeValue = z.union([z.number().finite(), z.boolean(), z.string().max(2000), z.null()]);

/**
 * proposed: made by a machine, waiting for a human, counts as nothing yet; confirmed: a label; rejected: a
 * proposal a human turned down (kept for the agreement report and so re-runs do not propose it again).
 */
export const LabelState = z.enum(['proposed', 'confirmed', 'rejected']);
export type LabelState = z.infer<typeof LabelState>;

/** A machine-made label as it was first proposed; never changed afterwards. */
export const LabelOrigin = z.object({
  depth: z.number().finite().nullable(),
  depthEnd: z.number().finite().nullable(),
  value: AttributeValue,
  source: LabelSource,
  provenance: z.string().max(200).nullable(),
  confidence: z.number().min(0).max(1).nullable(),
});
export type LabelOrigin = z.infer<typeof LabelOrigin>;

/** Why a machine proposed a label: the sample it sits on, its reasons, its evidence (step, stop code, threshold). */
export const LabelDetails = z.object({
  sampleIndex: z.number().int().nonnegative().optional(),
  reasons: z.array(z.string().max(500)).max(20).optional(),
  evidence: z.record(z.string(), z.unknown()).optional(),
});
export type LabelDetails = z.infer<typeof LabelDetails>;

/** A label as stored in the catalog. Depths are positive millimetres (depth = −Position). */
export const Label = z.object({
  id: z.string().min(1).max(64),
  fileId: FileId,
  classId: z.string(),
  /** Point depth, or range start. */
  depth: z.number().finite().nullable(),
  /** Range end; null for points and attributes. */
  depthEnd: z.number().finite().nullable(),
  value: AttributeValue,
  source: LabelSource,
  confidence: z.number().min(0).max(1).nullable(),
  /** Rows written before proposals existed read as confirmed labels without provenance. */
  state: LabelState.default('confirmed'),
  provenance: z.string().max(200).nullable().default(null),
  origin: LabelOrigin.nullable().default(null),
  details: LabelDetails.nullable().default(null),
  annotator: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Label = z.output<typeof Label>;

/**
 * What a client sends. `origin` is stamped by the back end when a machine-made label is created; a client
 * sends it only to re-create a deleted label as it was (undo). It cannot be patched. Accept is an update to
 * state 'confirmed', reject to 'rejected'; moving a machine-made label makes it human (origin kept).
 */
export const LabelDraft = Label.pick({ id: true, classId: true, depth: true, depthEnd: true, value: true }).extend({
  source: LabelSource.optional(),
  confidence: z.number().min(0).max(1).nullable().optional(),
  state: LabelState.optional(),
  provenance: z.string().max(200).nullable().optional(),
  details: LabelDetails.nullable().optional(),
  origin: LabelOrigin.nullable().optional(),
});

/** One edit. Undo is the inverse edit, applied like any other, so every change is durable and in the history. */
export const LabelEdit = z.discriminatedUnion('op', [
  z.object({ op: z.literal('create'), fileId: FileId, label: LabelDraft }).strict(),
  z.object({
    op: z.literal('update'),
    fileId: FileId,
    id: z.string(),
    patch: LabelDraft.omit({ id: true, origin: true }).partial(),
  }).strict(),
  z.object({ op: z.literal('delete'), fileId: FileId, id: z.string() }).strict(),
]);
export type LabelEdit = z.infer<typeof LabelEdit>;

export const FileReview = z.object({ fileId: FileId, status: LabelStatus, verdict: Verdict.nullable() });

/**
 * Everything the annotation view shows of one file's labels, read in one transaction. `seq` is the newest
 * edit event of the file (0 before any): the revision these labels are at, to compare with the `seq` of
 * `labels.apply` answers and `labels.changed` events.
 */
export const LabelSnapshot = z.object({ fileId: FileId, seq: z.number().int().nonnegative(), labels: z.array(Label), review: FileReview });
export type LabelSnapshot = z.infer<typeof LabelSnapshot>;

export const LabelEvent = z.object({
  seq: z.number().int(),
  fileId: FileId,
  labelId: z.string(),
  op: z.enum(['create', 'update', 'delete']),
  annotator: z.string(),
  at: z.string(),
  before: Label.nullable(),
  after: Label.nullable(),
  /** Globally unique (UUIDv7); optional so payloads from before label travel still parse. */
  eventId: z.string().optional(),
  /** The installation that made the event (labels/travel/installationId.ts). */
  installationId: z.string().optional(),
});

export const labelsContract = {
  'labels.getSchema': request('The label schema', z.object({}).strict(), LabelSchema),
  'labels.setSchema': request('Replace the label schema (classes in use cannot be removed)', LabelSchema.strict(), LabelSchema),
  'labels.list': request('Labels of one file', z.object({ fileId: FileId }).strict(), z.array(Label)),
  'labels.apply': request(
    'Apply one edit in one transaction; resolves once it is durable',
    LabelEdit,
    z.object({
      seq: z.number().int(),
      label: Label.nullable(),
      before: Label.nullable(),
      /** True when this edit moved the file from unlabelled to in_progress (the first human label). */
      started: z.boolean(),
    }),
  ),
  'labels.history': request('Edit events of one file, oldest first', z.object({ fileId: FileId }).strict(), z.array(LabelEvent)),
  'labels.snapshot': request('Labels and review of one file with the revision (seq) they are at', z.object({ fileId: FileId }).strict(), LabelSnapshot),
  'files.getReview': request('Status and verdict of one file', z.object({ fileId: FileId }).strict(), FileReview),
  'files.setReview': request(
    'Set the status and/or verdict of one file',
    z.object({ fileId: FileId, status: LabelStatus.optional(), verdict: Verdict.nullable().optional() }).strict(),
    FileReview,
  ),
  'labels.changed': event(
    'Labels or review of a file changed (from another window or the CLI)',
    z.object({
      fileId: FileId,
      /** The label edit's event seq (as `labels.apply` answered it); absent for review changes. */
      seq: z.number().int().optional(),
    }),
  ),
} as const;
