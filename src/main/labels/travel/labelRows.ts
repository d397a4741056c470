/**
 * Writing label rows as an event from another catalog left them: the row becomes that event's `after`
 * exactly (its annotator and timestamps too), so the next event of that label, which started from this
 * version, finds it here (labelVersions.ts). Local edits go through LabelStore.apply instead; the two write
 * the same columns.
 */
import type { Label } from '../../../shared/api/labels.contract';
import type { CatalogDb } from '../../db/openCatalog';
import { INSERT_LABEL, labelParams } from '../labelParams';

export function putLabelRow(db: CatalogDb, l: Label): void {
  db.prepare(
    `${INSERT_LABEL}
     ON CONFLICT (id) DO UPDATE SET file_id = excluded.file_id, class_id = excluded.class_id, depth = excluded.depth, depth_end = excluded.depth_end,
       value = excluded.value, source = excluded.source, confidence = excluded.confidence, state = excluded.state, provenance = excluded.provenance,
       origin = excluded.origin, details = excluded.details, annotator = excluded.annotator, created_at = excluded.created_at, updated_at = excluded.updated_at`,
  ).run(labelParams(l));
}

export function deleteLabelRow(db: CatalogDb, id: string): void {
  db.prepare('DELETE FROM labels WHERE id = ?').run(id);
}
