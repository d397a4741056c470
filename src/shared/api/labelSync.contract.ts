/**
 * Labels ready to travel (issue 10; the sync of issue 14 builds on it): label events move between catalogs
 * as JSON Lines, merge by their global event id, and an edit from another installation that did not see
 * this catalog's version of the label becomes a conflict for a human instead of overwriting it.
 *
 * The file: one header line `{"format":"udw-label-events","version":1,…}`, then one event per line, in the
 * exporting catalog's order (its seq: the order its edits happened in, imported ones included). Files are
 * named by what survives across catalogs (content hash, name, path, head and counters), never by the local
 * integer id; labels inside an event carry no file id for the same reason.
 */
import { z } from 'zod';
import { FileId } from './catalog.contract';
import { request } from './define';
import { Label } from './labels.contract';

export const EVENTS_FORMAT = 'udw-label-events';
export const EVENTS_FORMAT_VERSION = 1;
/** The loopback host takes bodies of at most 8 MiB; an events file sent through the API stays below. */
export const MAX_EVENTS_TEXT = 7_000_000;

/** Any UUID in canonical spelling: event ids are UUIDv7; installation ids too, or the nil UUID for events older than ids. */
export const Uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lowercase UUID like 0190f5c2-7a3b-7c11-9d2e-0123456789ab');

/** A catalog file as another catalog can find it: by content first, then by head and counter. */
export const TravellingFile = z.object({
  /** SHA-256 (hex) of the file's bytes. */
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex'),
  name: z.string(),
  path: z.string(),
  headName: z.string().nullable(),
  globalCounter: z.number().nullable(),
  localCounter: z.number().nullable(),
});
export type TravellingFile = z.infer<typeof TravellingFile>;

/** A label as it travels: everything but the local file id. */
export const TravellingLabel = Label.omit({ fileId: true });
export type TravellingLabel = z.output<typeof TravellingLabel>;

const OPS = z.enum(['create', 'update', 'delete']);

export const TravellingEvent = z
  .object({
    eventId: Uuid,
    installationId: Uuid,
    file: TravellingFile,
    labelId: z.string().min(1).max(64),
    op: OPS,
    at: z.string().min(1),
    annotator: z.string(),
    before: TravellingLabel.nullable(),
    after: TravellingLabel.nullable(),
  })
  .superRefine((e, ctx) => {
    const need = { create: [false, true], update: [true, true], delete: [true, false] }[e.op];
    if ((e.before !== null) !== need[0]) ctx.addIssue({ code: 'custom', path: ['before'], message: `a ${e.op} event has ${need[0] ? 'a label' : 'null'} before` });
    if ((e.after !== null) !== need[1]) ctx.addIssue({ code: 'custom', path: ['after'], message: `a ${e.op} event has ${need[1] ? 'a label' : 'null'} after` });
    for (const side of ['before', 'after'] as const) {
      const l = e[side];
      if (l && l.id !== e.labelId) ctx.addIssue({ code: 'custom', path: [side, 'id'], message: `the label of the event, '${e.labelId}'` });
    }
  });
export type TravellingEvent = z.output<typeof TravellingEvent>;

export const EventsHeader = z.object({
  format: z.literal(EVENTS_FORMAT),
  version: z.literal(EVENTS_FORMAT_VERSION),
  exportedAt: z.string(),
  /** The exporting catalog's installation, when it had made events of its own. */
  installationId: Uuid.nullable(),
  events: z.number().int().nonnegative(),
});
export type EventsHeader = z.infer<typeof EventsHeader>;

/**
 * concurrent_edit: their edit started from a version of the label this catalog does not have (both sides
 * changed it without seeing the other). attribute_clash: they gave the file an attribute it already has
 * here under another label.
 */
export const ConflictReason = z.enum(['concurrent_edit', 'attribute_clash']);

export const LabelConflict = z.object({
  id: z.number().int().positive(),
  fileId: FileId,
  path: z.string(),
  /** The label the other installation edited. */
  labelId: z.string(),
  reason: ConflictReason,
  /** The local label in the way: labelId itself, or (attribute_clash) the file's own attribute of that class. */
  localLabelId: z.string(),
  /** The local label now (null: none here). */
  local: Label.nullable(),
  /** The local label when the conflict was found. */
  localWhenFlagged: Label.nullable(),
  /** Their label before their edit(s), and after (null: they deleted it). */
  base: Label.nullable(),
  theirs: Label.nullable(),
  /** Their newest event in this conflict: where and by whom it was made. */
  installationId: z.string(),
  annotator: z.string(),
  at: z.string(),
  eventIds: z.array(z.string()),
  detectedAt: z.string(),
  /** local/theirs: a human picked that version; settled: the other installation's later events agreed with ours. */
  resolution: z.enum(['local', 'theirs', 'settled']).nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type LabelConflict = z.infer<typeof LabelConflict>;

export const ImportEventsResult = z.object({
  /** False for a preview: nothing was written. */
  applied: z.boolean(),
  /** Event lines in the file. */
  events: z.number().int().nonnegative(),
  /** Already in this catalog (by event id): skipped. */
  present: z.number().int().nonnegative(),
  /** New events replayed onto the labels. */
  replayed: z.number().int().nonnegative(),
  /** New events whose result this catalog already had: recorded, no label changed. */
  unchanged: z.number().int().nonnegative(),
  /** Conflicts found, or open ones that received more of their events (id null in a preview). */
  conflicts: z.array(LabelConflict.extend({ id: z.number().int().positive().nullable() })),
  /** Open conflicts that their later events settled (they came round to one version). */
  settled: z.array(z.object({ id: z.number().int().positive(), labelId: z.string(), fileId: FileId })),
  /** Events not taken: their file is not here (or not unambiguously), or their label does not fit this catalog's schema. Not stored; a later import tries again. */
  unmatched: z.array(z.object({ line: z.number().int().positive(), eventId: z.string(), labelId: z.string(), file: TravellingFile, message: z.string() })),
  /** Files whose labels changed (or would, in a preview). */
  files: z.array(z.object({ fileId: FileId, path: z.string() })),
});
export type ImportEventsResult = z.infer<typeof ImportEventsResult>;

export const labelSyncContract = {
  'labels.installation': request('This catalog installation\'s id, which its new label events carry', z.object({}).strict(), z.object({ installationId: Uuid })),
  'labels.exportEvents': request(
    'Label events of the given files (all when absent) as JSON Lines, for another catalog to import',
    z.object({ fileIds: z.array(FileId).max(100_000).optional() }).strict(),
    z.object({ jsonl: z.string(), events: z.number().int().nonnegative(), files: z.number().int().nonnegative() }),
  ),
  'labels.importEvents': request(
    'Merge label events from another catalog by event id; a preview unless apply is true',
    z
      .object({
        jsonl: z.string().max(MAX_EVENTS_TEXT, `an events file of at most ${MAX_EVENTS_TEXT} characters (export fewer files at a time)`),
        /** Names the file in error messages. */
        name: z.string().min(1).max(255).optional(),
        apply: z.boolean().default(false),
      })
      .strict(),
    ImportEventsResult,
  ),
  'labels.conflicts': request(
    'Label conflicts waiting for a human (and resolved ones too with resolved: true), oldest first',
    z.object({ fileId: FileId.optional(), resolved: z.boolean().default(false) }).strict(),
    z.array(LabelConflict),
  ),
  'labels.resolveConflict': request(
    'Settle a label conflict by keeping the local version or theirs; theirs is an ordinary label edit',
    z.object({ id: z.number().int().positive(), keep: z.enum(['local', 'theirs']) }).strict(),
    z.object({ conflict: LabelConflict, label: Label.nullable(), seq: z.number().int().nonnegative() }),
  ),
} as const;
