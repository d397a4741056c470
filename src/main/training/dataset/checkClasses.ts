/**
 * The chosen label classes must be keypoint classes (point, or range whose start is the depth) of the
 * catalog's label schema, and a grouping attribute an attribute class: a typo must fail with the classes
 * there are, not give a snapshot with an empty column.
 */
import type { CatalogDb } from '../../db/openCatalog';
import { LabelSchemaStore } from '../../labels/labelSchemaStore';
import { parseGroupBy } from './grouping';
import { DatasetOptionError, type SnapshotSettings } from './options';

export function checkClasses(db: CatalogDb, settings: SnapshotSettings): void {
  const schema = new LabelSchemaStore(db).get();
  const byId = new Map(schema.classes.map((c) => [c.id, c]));
  const keypoints = schema.classes.filter((c) => c.kind !== 'attribute').map((c) => c.id);
  for (const id of settings.classes) {
    const c = byId.get(id);
    if (!c) throw new DatasetOptionError('classes', `'${id}' is not a class of the label schema; expected one of ${keypoints.join(', ')}`);
    if (c.kind === 'attribute') throw new DatasetOptionError('classes', `'${id}' is an attribute class (no depth); expected a point or range class: ${keypoints.join(', ')}`);
  }
  const group = parseGroupBy(settings.groupBy);
  if (group.kind === 'attribute') {
    const c = byId.get(group.classId);
    const attributes = schema.classes.filter((x) => x.kind === 'attribute').map((x) => x.id);
    if (!c || c.kind !== 'attribute') throw new DatasetOptionError('groupBy', `attribute:${group.classId}: '${group.classId}' is not an attribute class of the label schema; expected one of ${attributes.join(', ') || '(none)'}`);
  }
}
