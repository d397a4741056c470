/** A label as the named parameters of the labels table's columns: LabelStore and the event merge write alike. */
import type { Label } from '../../shared/api/labels.contract';

/** JSON columns hold null for "none", never the text 'null'. */
export const jsonOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

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
