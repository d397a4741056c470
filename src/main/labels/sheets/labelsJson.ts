/**
 * The JSON export: the same one-entry-per-file view as the sheets, plus every confirmed label in full
 * (source, confidence, provenance, origin, details), so a catalog of the same files gets its key points and
 * ranges back too, not only the attributes.
 *
 * Reading is lenient where it can afford to be (a hand-written file may give only `name` and `labels` with
 * classId/depth/depthEnd/value) and strict on types, naming the entry and field that is off.
 */
import { z } from 'zod';
import { describeIssues } from '../../../shared/api/dispatch';
import { ApiError } from '../../../shared/api/errors';
import { AttributeValue, LabelDetails, LabelOrigin, LabelSource, LabelState, type LabelSchema } from '../../../shared/api/labels.contract';
import { jsonDeeperThan } from '../../../shared/api/wire';
import type { ExportFile } from './exportFiles';

export const LABELS_JSON_FORMAT = 'udw-labels';
export const LABELS_JSON_VERSION = 1;
/** Deep enough for any label's evidence, shallow enough that decoding cannot overflow the stack. */
const MAX_JSON_DEPTH = 32;

export function labelsJson(schema: LabelSchema, files: readonly ExportFile[], exportedAt: string): string {
  const doc = {
    format: LABELS_JSON_FORMAT,
    version: LABELS_JSON_VERSION,
    exportedAt,
    schema,
    files: files.map((f) => ({
      path: f.path,
      name: f.name,
      head: f.head,
      globalCounter: f.globalCounter,
      status: f.status,
      verdict: f.verdict,
      gripCode: f.gripCode,
      keypoints: f.keypoints,
      ranges: f.ranges,
      attributes: f.attributes,
      labels: f.labels,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** A label as read back: what a create needs; the rest is optional (a hand-written file may leave it out). */
export const JsonLabel = z.object({
  id: z.string().min(1).max(64).optional(),
  classId: z.string().min(1),
  depth: z.number().finite().nullable(),
  depthEnd: z.number().finite().nullable(),
  value: AttributeValue,
  source: LabelSource.optional(),
  confidence: z.number().min(0).max(1).nullable().optional(),
  state: LabelState.optional(),
  provenance: z.string().max(200).nullable().optional(),
  origin: LabelOrigin.nullable().optional(),
  details: LabelDetails.nullable().optional(),
});
export type JsonLabel = z.infer<typeof JsonLabel>;

const JsonFile = z.object({
  path: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  head: z.string().nullable().optional(),
  globalCounter: z.number().nullable().optional(),
  labels: z.array(JsonLabel).default([]),
});
export type JsonFile = z.infer<typeof JsonFile>;

const JsonDoc = z.object({
  format: z.literal(LABELS_JSON_FORMAT, { message: `"${LABELS_JSON_FORMAT}" (a file written by labels export)` }),
  version: z.literal(LABELS_JSON_VERSION, { message: `${LABELS_JSON_VERSION}` }),
  files: z.array(JsonFile),
});

export function parseLabelsJson(text: string, fileName: string): JsonFile[] {
  if (jsonDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new ApiError('invalid_payload', `${fileName}: expected a labels export, found JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ApiError('invalid_payload', `${fileName}: expected JSON, found text that does not parse (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = JsonDoc.safeParse(raw);
  if (!parsed.success) throw new ApiError('invalid_payload', `${fileName}: not a labels export as expected: ${describeIssues(parsed.error.issues)}`);
  return parsed.data.files;
}
