/**
 * The label schema in the catalog (table label_classes). Replacing it is one transaction that refuses to
 * orphan or invalidate stored labels: a class in use cannot be removed, change kind or value type, or lose
 * a choice that labels hold.
 */
import type { LabelClass, LabelSchema } from '../../shared/api/labels.contract';
import { ApiError } from '../../shared/api/errors';
import { checkSchema } from '../../shared/labels/validateSchema';
import type { CatalogDb } from '../catalog/openCatalog';

interface ClassRow {
  id: string;
  name: string;
  kind: LabelClass['kind'];
  colour: string;
  hotkey: string | null;
  value_type: LabelClass['valueType'] | null;
  unit: string | null;
  choices: string | null;
}

function fromRow(r: ClassRow): LabelClass {
  // Optional keys are left out rather than set to undefined, so the schema round-trips through JSON as is.
  const c: LabelClass = { id: r.id, name: r.name, kind: r.kind, colour: r.colour, hotkey: r.hotkey };
  if (r.value_type) c.valueType = r.value_type;
  if (r.unit !== null) c.unit = r.unit;
  if (r.choices !== null) c.choices = JSON.parse(r.choices) as string[];
  return c;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export class LabelSchemaStore {
  public constructor(private readonly db: CatalogDb) {}

  public get(): LabelSchema {
    const rows = this.db.prepare('SELECT * FROM label_classes ORDER BY position, id').all() as ClassRow[];
    return { classes: rows.map(fromRow) };
  }

  public getClass(id: string): LabelClass | null {
    const row = this.db.prepare('SELECT * FROM label_classes WHERE id = ?').get(id) as ClassRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** Replace the whole schema; returns it as stored (hotkeys in canonical spelling). */
  public set(next: LabelSchema): LabelSchema {
    const { schema, problems } = checkSchema(next);
    if (problems.length) throw new ApiError('invalid_payload', `label schema: ${problems.join('; ')}`, { problems });
    this.db.transaction(() => {
      this.refuseBreakingChanges(schema);
      const keep = new Set(schema.classes.map((c) => c.id));
      // Hotkeys are UNIQUE: clear them first so two classes can swap keys.
      this.db.prepare('UPDATE label_classes SET hotkey = NULL').run();
      const remove = this.db.prepare('DELETE FROM label_classes WHERE id = ?');
      for (const c of this.get().classes) if (!keep.has(c.id)) remove.run(c.id);
      const upsert = this.db.prepare(
        `INSERT INTO label_classes (id, position, name, kind, colour, hotkey, value_type, unit, choices)
         VALUES (@id, @position, @name, @kind, @colour, @hotkey, @valueType, @unit, @choices)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name, kind = excluded.kind,
           colour = excluded.colour, hotkey = excluded.hotkey, value_type = excluded.value_type,
           unit = excluded.unit, choices = excluded.choices`,
      );
      schema.classes.forEach((c, position) =>
        upsert.run({
          id: c.id,
          position,
          name: c.name,
          kind: c.kind,
          colour: c.colour,
          hotkey: c.hotkey,
          valueType: c.valueType ?? null,
          unit: c.unit ?? null,
          choices: c.choices ? JSON.stringify(c.choices) : null,
        }),
      );
    })();
    return this.get();
  }

  private refuseBreakingChanges(next: LabelSchema): void {
    const counts = new Map(
      (this.db.prepare('SELECT class_id AS id, COUNT(*) AS n FROM labels GROUP BY class_id').all() as Array<{ id: string; n: number }>).map((r) => [r.id, r.n]),
    );
    const incoming = new Map(next.classes.map((c) => [c.id, c]));
    const problems: string[] = [];
    for (const old of this.get().classes) {
      const n = counts.get(old.id) ?? 0;
      if (n === 0) continue;
      const now = incoming.get(old.id);
      const inUse = `class '${old.id}' (${old.name}) has ${plural(n, 'label')}`;
      if (!now) {
        problems.push(`${inUse}: delete or reclassify them before removing the class`);
        continue;
      }
      if (now.kind !== old.kind) problems.push(`${inUse}: its kind cannot change from ${old.kind} to ${now.kind}`);
      else if (old.kind === 'attribute' && now.valueType !== old.valueType) {
        problems.push(`${inUse}: its value type cannot change from ${old.valueType ?? 'none'} to ${now.valueType ?? 'none'}`);
      } else if (old.valueType === 'choice') {
        for (const gone of (old.choices ?? []).filter((x) => !(now.choices ?? []).includes(x))) {
          const held = (this.db.prepare('SELECT COUNT(*) AS n FROM labels WHERE class_id = ? AND value = ?').get(old.id, JSON.stringify(gone)) as { n: number }).n;
          if (held > 0) problems.push(`class '${old.id}': choice '${gone}' is held by ${plural(held, 'label')}`);
        }
      }
    }
    if (problems.length) throw new ApiError('conflict', `label schema: ${problems.join('; ')}`, { problems });
  }
}
