import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { updateDuplicates } from '../../../src/main/catalog/duplicates';
import { listFileRows } from '../../../src/main/catalog/fileRows';
import { catalogSchema } from '../../../src/main/db/migrations/001_catalog';
import { openCatalog } from '../../../src/main/db/openCatalog';
import { checkDuplicates } from '../../../src/shared/validation/index';
import { LabelSchemaStore } from '../../../src/main/labels/labelSchemaStore';

type Db = Database.Database;

function insert(db: Db, path: string, over: Record<string, unknown> = {}): number {
  const row = { path, folder: '/d', name: path.split('/').at(-1), hash: `h-${path}`, size: 1, mtime_ms: 1, imported_at: 'now', ...over };
  const cols = Object.keys(row);
  return Number(db.prepare(`INSERT INTO files (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(row)).lastInsertRowid);
}

describe('catalog queries', () => {
  it('lists files without the labels tables (defaults) and with them (review + label count)', () => {
    const bare = new Database(':memory:');
    catalogSchema.up(bare);
    insert(bare, '/d/a.xls', { step_sequence: '[2,3]' });
    expect(listFileRows(bare)[0]).toMatchObject({ status: 'unlabelled', verdict: null, labelCount: 0, steps: [2, 3], missing: false, findings: { error: 0, warning: 0, info: 0 } });

    const db = openCatalog(':memory:');
    const id = insert(db, '/d/a.xls');
    insert(db, '/d/b.xls', { missing: 1 });
    db.prepare("INSERT INTO file_review (file_id, status, verdict, updated_by, updated_at) VALUES (?, 'labelled', 'hard_to_say', 't', 'now')").run(id);
    // The label schema store seeds the default classes (as the back end does at start).
    const classId = new LabelSchemaStore(db).get().classes[0]!.id;
    for (const n of [1, 2])
      db.prepare("INSERT INTO labels (id, file_id, class_id, depth, source, annotator, created_at, updated_at) VALUES (?, ?, ?, 1.5, 'human', 't', 'now', 'now')").run(`l${n}`, id, classId);
    expect(listFileRows(db)).toHaveLength(1);
    expect(listFileRows(db)[0]).toMatchObject({ status: 'labelled', verdict: 'hard_to_say', labelCount: 2 });
    expect(listFileRows(db, { includeMissing: true }).map((r) => r.missing)).toEqual([false, true]);
  });

  it('duplicate_of points at the earliest present file with the same hash or the same head and counter', () => {
    const db = openCatalog(':memory:');
    const a = insert(db, '/d/a.xls', { hash: 'x', head_name: 'H', head_global: 7 });
    const b = insert(db, '/d/b.xls', { hash: 'x' });
    const c = insert(db, '/d/c.xls', { hash: 'y', head_name: 'H', head_global: 7 });
    const d = insert(db, '/d/d.xls', { hash: 'z', head_name: 'H', head_global: 8 });
    const e = insert(db, '/d/e.xls', { hash: 'w', head_name: null, head_global: 8 });
    expect(updateDuplicates(db)).toBe(2);
    const dup = (id: number) => db.prepare('SELECT duplicate_of FROM files WHERE id = ?').pluck().get(id);
    expect([a, b, c, d, e].map(dup)).toEqual([null, a, a, null, null]);
    // The original goes missing: the next copy becomes the original.
    db.prepare('UPDATE files SET missing = 1 WHERE id = ?').run(a);
    updateDuplicates(db);
    expect([b, c].map(dup)).toEqual([null, null]);
    expect(updateDuplicates(db)).toBe(0);
  });

  it('duplicate_of and V34 agree on what the same head is (case and surrounding spaces ignored)', () => {
    const db = openCatalog(':memory:');
    const a = insert(db, '/d/a.xls', { hash: 'p', head_name: 'Head-7 ', head_global: 42 });
    const b = insert(db, '/d/b.xls', { hash: 'q', head_name: 'head-7', head_global: 42 });
    const c = insert(db, '/d/c.xls', { hash: 'r', head_name: 'head-8', head_global: 42 });
    updateDuplicates(db);
    const dup = (id: number) => db.prepare('SELECT duplicate_of FROM files WHERE id = ?').pluck().get(id);
    expect([a, b, c].map(dup)).toEqual([null, a, null]);
    const v34 = checkDuplicates(
      [
        { id: a, headName: 'Head-7 ', hash: 'p' },
        { id: b, headName: 'head-7', hash: 'q' },
        { id: c, headName: 'head-8', hash: 'r' },
      ].map((f) => ({ ...f, name: String(f.id), globalCounter: 42, date: null, clockUnset: false, untrustedIdentity: false })),
    );
    expect(v34.map((f) => f.fileId)).toEqual([b]);
  });
});
