/** A label as the named parameters of the labels table's columns: LabelStore and the event merge write alike. */
import type { Label } from '../../shared/api/labels.contract';

/** JSON columns hold null for "none", never the text 'null'. */
export const jsonOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** A label kept in an event before proposals existed has no state fields: it was a confirmed label. */
export function labelOfEvent(json: string | null): Label | null {
  if (json === null) return null;
  return { state: 'confirmed', provenance: null, origin: null, details: null, ...(JSON.parse(json) as Partial<Label>) } as Label;
}

/** Inserts one label row from labelParams (the event merge adds an ON CONFLICT clause). */
export const INSERT_LABEL = `INSERT INTO labels (id, file_id, class_id, depth, depth_end, value, source, confidence, state, provenance, origin, details,
    annotator, created_at, updated_at)
  VALUES (@id, @fileId, @classId, @depth, @depthEnd, @value, @source, @confidence, @state, @provenance, @origin, @details,
    @annotator, @createdAt, @updatedAt)`;

export function labelParams(l: Label): Record<string, unknown> {
  return {
    id: l.id,
    fileId: l.fileId,
    classId: l.classId,
    depth: l.depth,
    depthEnd: l.depthEnd,
    value: jsonOrNull(l.value),
    source: l.source,
    confidence: l.confidence,
    state: l.state,
    provenance: l.provenance,
    origin: jsonOrNull(l.origin),
    details: jsonOrNull(l.details),
    annotator: l.annotator,
    createdAt: l.createdAt,
    updatedAt: l.updatedAt,
  };
}
