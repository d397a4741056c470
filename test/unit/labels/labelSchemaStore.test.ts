import { beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/main/db/openCatalog';
import { DEFAULT_CLASSES_ADDED, DEFAULT_SCHEMA } from '../../../src/main/labels/defaultSchema';
import { LabelSchemaStore } from '../../../src/main/labels/labelSchemaStore';
import { ApiError } from '../../../src/shared/api/errors';
import type { LabelClass, LabelSchema } from '../../../src/shared/api/labels.contract';
import { checkSchema } from '../../../src/shared/labels/validateSchema';
import { storeFixture, type StoreFixture } from './storeFixture';

let f: StoreFixture;
beforeEach(() => {
  f = storeFixture();
});

const withClasses = (classes: LabelClass[]): LabelSchema => ({ classes });
const defaults = (): LabelClass[] => structuredClone(DEFAULT_SCHEMA.classes);

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('the default schema', () => {
  it('is put into a new catalog by the store once, not by a migration, and never over a schema the user set', () => {
    const db = openCatalog(':memory:');
    expect(db.prepare('SELECT count(*) FROM label_classes').pluck().get()).toBe(0);
    new LabelSchemaStore(db);
    expect(new LabelSchemaStore(db).get()).toEqual(DEFAULT_SCHEMA);
    const mine = withClasses([{ ...defaults()[0]!, id: 'mine', hotkey: 'm' }]);
    new LabelSchemaStore(db).set(mine);
    expect(new LabelSchemaStore(db).get().classes.map((c) => c.id)).toEqual(['mine']);
  });

  it('a catalog seeded with an older version of the defaults gains the classes added since, once, without hotkeys', () => {
    const db = openCatalog(':memory:');
    const v1 = DEFAULT_SCHEMA.classes.filter((c) => !Object.values(DEFAULT_CLASSES_ADDED).flat().includes(c.id));
    new LabelSchemaStore(db).set(withClasses(structuredClone(v1)));
    // What version 1 of the defaults left: its classes and the seed mark, no defaults version.
    db.prepare("DELETE FROM catalog_state WHERE key = 'label_schema_defaults'").run();
    const upgraded = new LabelSchemaStore(db).get().classes;
    expect(upgraded.map((c) => c.id)).toEqual(DEFAULT_SCHEMA.classes.map((c) => c.id));
    expect(upgraded.slice(v1.length).every((c) => c.hotkey === null)).toBe(true);
    // Removed by the user afterwards: not added again.
    new LabelSchemaStore(db).set(withClasses(upgraded.filter((c) => c.id !== 'cycle_ok')));
    expect(new LabelSchemaStore(db).get().classes.map((c) => c.id)).not.toContain('cycle_ok');
  });

  it('a seed written inside a transaction that rolls back is written again on the next use', () => {
    const db = openCatalog(':memory:');
    let store: LabelSchemaStore | null = null;
    expect(() =>
      db.transaction(() => {
        store = new LabelSchemaStore(db);
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(db.prepare('SELECT count(*) FROM label_classes').pluck().get()).toBe(0);
    expect(store!.get()).toEqual(DEFAULT_SCHEMA);
  });

  it('is seeded by the schema store, in order, and passes its own rules', () => {
    expect(f.schema.get()).toEqual(DEFAULT_SCHEMA);
    expect(checkSchema(DEFAULT_SCHEMA).problems).toEqual([]);
    const ids = DEFAULT_SCHEMA.classes.map((c) => `${c.kind}:${c.id}:${c.hotkey}`);
    expect(ids).toEqual([
      'point:entry:e',
      'point:cfrp_ti_transition:t',
      'point:exit:x',
      'point:countersink_start:c',
      'range:air:1',
      'range:cfrp:2',
      'range:ti:3',
      'range:shim:4',
      'range:countersink:5',
      'attribute:stack_thickness:g',
      'attribute:predrilled:d',
      'attribute:anomaly:a',
      'attribute:comment:m',
      'attribute:anomaly_stop_code:null',
      'attribute:cycle_ok:null',
      'attribute:trigger_not_fired:null',
      'attribute:clock_unset:null',
      'attribute:converted_file:null',
    ]);
  });
});

describe('LabelSchemaStore.set', () => {
  it('adds a class, renames one, reorders, and stores hotkeys canonically', () => {
    const classes = defaults();
    classes[0]!.name = 'Material entry';
    classes.reverse();
    classes.push({ id: 'burr', name: 'Exit burr', kind: 'range', colour: '#123456', hotkey: 'B' });
    const stored = f.schema.set(withClasses(classes));
    expect(stored.classes.at(-1)).toEqual({ id: 'burr', name: 'Exit burr', kind: 'range', colour: '#123456', hotkey: 'shift+b' });
    expect(stored.classes[0]!.id).toBe(DEFAULT_SCHEMA.classes.at(-1)!.id);
    expect(stored.classes.find((c) => c.id === 'entry')!.name).toBe('Material entry');
    expect(f.schema.get()).toEqual(stored);
  });

  it('lets two classes swap hotkeys', () => {
    const classes = defaults();
    classes[0]!.hotkey = 't';
    classes[1]!.hotkey = 'e';
    expect(f.schema.set(withClasses(classes)).classes.slice(0, 2).map((c) => c.hotkey)).toEqual(['t', 'e']);
  });

  it('removes an unused class', () => {
    const classes = defaults().filter((c) => c.id !== 'shim');
    expect(f.schema.set(withClasses(classes)).classes.map((c) => c.id)).not.toContain('shim');
  });

  it('refuses to remove a class that has labels, naming the class and the count', () => {
    for (const id of ['x1', 'x2']) f.labels.apply({ op: 'create', fileId: f.fileId, label: { id, classId: 'exit', depth: 18, depthEnd: null, value: null } }, 'a');
    const err = errorOf(() => f.schema.set(withClasses(defaults().filter((c) => c.id !== 'exit'))));
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/class 'exit' \(Exit\) has 2 labels: delete or reclassify them before removing the class/);
    expect(f.schema.get()).toEqual(DEFAULT_SCHEMA);
  });

  it('refuses to change the kind or value type of a class in use, or drop a choice labels hold', () => {
    f.labels.apply({ op: 'create', fileId: f.fileId, label: { id: 'e', classId: 'entry', depth: 2, depthEnd: null, value: null } }, 'a');
    f.labels.apply({ op: 'create', fileId: f.fileId, label: { id: 'an', classId: 'anomaly', depth: null, depthEnd: null, value: 're-drill' } }, 'a');
    f.labels.apply({ op: 'create', fileId: f.fileId, label: { id: 'th', classId: 'stack_thickness', depth: null, depthEnd: null, value: 15 } }, 'a');
    const classes = defaults().map((c): LabelClass => {
      if (c.id === 'entry') return { ...c, kind: 'range' };
      if (c.id === 'anomaly') return { ...c, choices: ['none', 'other'] };
      if (c.id === 'stack_thickness') return { ...c, valueType: 'text', unit: undefined };
      return c;
    });
    const err = errorOf(() => f.schema.set(withClasses(classes)));
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/class 'entry' \(Entry\) has 1 label: its kind cannot change from point to range/);
    expect(err.message).toMatch(/class 'anomaly': choice 're-drill' is held by 1 label/);
    expect(err.message).toMatch(/class 'stack_thickness' .* its value type cannot change from number to text/);
    // Dropping a choice nobody holds is fine.
    const fine = defaults().map((c) => (c.id === 'anomaly' ? { ...c, choices: ['none', 're-drill'] } : c));
    expect(f.schema.set(withClasses(fine)).classes.find((c) => c.id === 'anomaly')!.choices).toEqual(['none', 're-drill']);
  });

  it('refuses duplicate ids and duplicate hotkeys (in any spelling)', () => {
    const dupId = [...defaults(), { ...defaults()[0]!, hotkey: null }];
    expect(errorOf(() => f.schema.set(withClasses(dupId))).message).toMatch(/class id 'entry' is used twice/);
    const dupKey = defaults().map((c) => (c.id === 'air' ? { ...c, hotkey: 'E' } : c.id === 'cfrp' ? { ...c, hotkey: 'shift+e' } : c));
    const err = errorOf(() => f.schema.set(withClasses(dupKey)));
    expect(err.code).toBe('invalid_payload');
    expect(err.message).toMatch(/hotkey 'shift\+e' is used by both 'air' and 'cfrp'/);
  });

  it('refuses reserved hotkeys and malformed attribute classes', () => {
    const classes = defaults().map((c): LabelClass => {
      if (c.id === 'air') return { ...c, hotkey: 'z' };
      if (c.id === 'comment') return { ...c, valueType: undefined };
      if (c.id === 'anomaly') return { ...c, choices: [] };
      if (c.id === 'exit') return { ...c, valueType: 'number' };
      return c;
    });
    const err = errorOf(() => f.schema.set(withClasses(classes)));
    expect(err.code).toBe('invalid_payload');
    expect(err.message).toMatch(/class 'air': hotkey 'z' is reserved/);
    expect(err.message).toMatch(/class 'comment': an attribute needs a valueType/);
    expect(err.message).toMatch(/class 'anomaly': a choice attribute needs at least one choice/);
    expect(err.message).toMatch(/class 'exit': a point has no valueType or choices/);
  });

  it('allows classes without a hotkey', () => {
    const classes = defaults().map((c) => ({ ...c, hotkey: null }));
    expect(f.schema.set(withClasses(classes)).classes.every((c) => c.hotkey === null)).toBe(true);
  });
});
