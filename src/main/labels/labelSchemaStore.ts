/**
 * The label schema in the catalog (table label_classes). Replacing it is one transaction that refuses to
 * orphan or invalidate stored labels: a class in use cannot be removed, change kind or value type, or lose
 * a choice that labels hold.
 */
import type { LabelClass, LabelSchema } from '../../shared/api/labels.contract';
import { ApiError } from '../../shared/api/errors';
import { checkSchema } from '../../shared/labels/validateSchema';
import type { CatalogDb } from '../db/openCatalog';
import { DEFAULT_CLASSES_ADDED, DEFAULT_SCHEMA, DEFAULT_SCHEMA_VERSION } from './defaultSchema';

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

/** catalog_state key set once the default classes were put in (also on catalogs seeded by migration 002). */
const SEEDED_KEY = 'label_schema_seeded';
/** catalog_state key: the version of the defaults whose added classes this catalog has received. */
const DEFAULTS_KEY = 'label_schema_defaults';

export class LabelSchemaStore {
  private seeded = false;

  public constructor(private readonly db: CatalogDb) {
    // Seed when the store is made (the back end makes it at start), not in the middle of a first edit.
    this.ensureSeeded();
  }

  /**
   * A new catalog starts with the app's default classes, once: the seed is marked in catalog_state, so a
   * schema the user emptied stays empty. A read-only connection sees the defaults without writing them.
   */
  private ensureSeeded(): boolean {
    if (this.seeded) return true;
    const state = (key: string): string | undefined => this.db.prepare('SELECT value FROM catalog_state WHERE key = ?').pluck().get(key) as string | undefined;
    const current = (): boolean => state(SEEDED_KEY) !== undefined && Number(state(DEFAULTS_KEY) ?? 1) >= DEFAULT_SCHEMA_VERSION;
    // Remembered only outside a caller's transaction: a seed written inside one is undone if it rolls back.
    if (current()) return (this.seeded = !this.db.inTransaction);
    if (this.db.readonly) return false;
    this.db
      .transaction(() => {
        if (current()) return;
        const setState = this.db.prepare('INSERT INTO catalog_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
        if (state(SEEDED_KEY) === undefined) {
          const empty = this.db.prepare('SELECT 1 FROM label_classes LIMIT 1').get() === undefined;
          if (empty) this.insertClasses(DEFAULT_SCHEMA.classes);
          setState.run(SEEDED_KEY, new Date().toISOString());
          if (empty) {
            setState.run(DEFAULTS_KEY, String(DEFAULT_SCHEMA_VERSION));
            return;
          }
        }
        this.addMissingDefaults(Number(state(DEFAULTS_KEY) ?? 1));
        setState.run(DEFAULTS_KEY, String(DEFAULT_SCHEMA_VERSION));
      })
      .immediate();
    this.seeded = !this.db.inTransaction;
    return true;
  }

  /** Classes the defaults gained after version `since`, added after the catalog's own, without hotkeys. */
  private addMissingDefaults(since: number): void {
    const have = new Set(this.db.prepare('SELECT id FROM label_classes').pluck().all() as string[]);
    const ids = Object.entries(DEFAULT_CLASSES_ADDED)
      .filter(([version]) => Number(version) > since)
      .flatMap(([, added]) => added)
      .filter((id) => !have.has(id));
    const add = DEFAULT_SCHEMA.classes.filter((c) => ids.includes(c.id)).map((c) => ({ ...c, hotkey: null }));
    const start = (this.db.prepare('SELECT coalesce(max(position) + 1, 0) FROM label_classes').pluck().get() as number) ?? 0;
    this.insertClasses(add, start);
  }

  private insertClasses(classes: readonly LabelClass[], firstPosition = 0): void {
    const insert = this.db.prepare(
      `INSERT INTO label_classes (id, position, name, kind, colour, hotkey, value_type, unit, choices)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    classes.forEach((c, i) => {
      insert.run(c.id, firstPosition + i, c.name, c.kind, c.colour, c.hotkey, c.valueType ?? null, c.unit ?? null, c.choices ? JSON.stringify(c.choices) : null);
    });
  }

  public get(): LabelSchema {
    if (!this.ensureSeeded()) return structuredClone(DEFAULT_SCHEMA);
    const rows = this.db.prepare('SELECT * FROM label_classes ORDER BY position, id').all() as ClassRow[];
    return { classes: rows.map(fromRow) };
  }

  public getClass(id: string): LabelClass | null {
    if (!this.ensureSeeded()) return structuredClone(DEFAULT_SCHEMA.classes.find((c) => c.id === id) ?? null);
    const row = this.db.prepare('SELECT * FROM label_classes WHERE id = ?').get(id) as ClassRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** Replace the whole schema; returns it as stored (hotkeys in canonical spelling). */
  public set(next: LabelSchema): LabelSchema {
    this.ensureSeeded();
    const { schema, problems } = checkSchema(next);
    if (problems.length) throw new ApiError('invalid_payload', `label schema: ${problems.join('; ')}`, { problems });
    // IMMEDIATE: it reads the labels before it writes (see LabelStore.apply).
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
    }).immediate();
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
