// Every label event has a global id and the id of the installation that made it (migration 006 and
// labels/travel/installationId.ts): old events get deterministic ids, new ones UUIDv7s, and a copied
// catalog never makes new events under the id of the catalog it was copied from.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LEGACY_INSTALLATION_ID } from '../../../src/main/db/migrations/006_label_travel';
import { MIGRATIONS } from '../../../src/main/db/migrations/index';
import { openCatalog, type CatalogDb } from '../../../src/main/db/openCatalog';
import { FileReviewStore } from '../../../src/main/labels/fileReview';
import { LabelSchemaStore } from '../../../src/main/labels/labelSchemaStore';
import { LabelStore } from '../../../src/main/labels/labelStore';
import { installationIdOf } from '../../../src/main/labels/travel/installationId';
import { isUuidv7, uuidv7Time } from '../../../src/shared/ids/uuidv7';
import { insertTestFile } from '../../integration/helpers/catalogFile';

let dir: string;
const open: CatalogDb[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-event-ids-'));
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function opened(file: string): CatalogDb {
  const db = openCatalog(file);
  open.push(db);
  return db;
}

const storeOf = (db: CatalogDb): LabelStore => {
  const schema = new LabelSchemaStore(db);
  return new LabelStore(db, schema, new FileReviewStore(db));
};

/** A catalog as schema version 5 left it, with two label events written before event ids existed. */
function catalogBeforeIds(file: string): void {
  const db = new Database(file);
  for (const m of MIGRATIONS.slice(0, 5)) m.up(db);
  db.pragma('user_version = 5');
  const fileId = insertTestFile(db, 'old.xls');
  const label = { id: 'old-1', fileId, classId: 'entry', depth: 2, depthEnd: null, value: null, source: 'human', confidence: null, annotator: 'ann', createdAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-01T10:00:00.000Z' };
  const add = db.prepare('INSERT INTO label_events (file_id, label_id, op, annotator, at, "before", "after") VALUES (?, ?, ?, ?, ?, ?, ?)');
  add.run(fileId, 'old-1', 'create', 'ann', label.createdAt, null, JSON.stringify(label));
  add.run(fileId, 'old-1', 'update', 'ann', '2024-05-02T10:00:00.000Z', JSON.stringify(label), JSON.stringify({ ...label, depth: 2.5, updatedAt: '2024-05-02T10:00:00.000Z' }));
  db.close();
}

const eventIds = (db: CatalogDb) => db.prepare('SELECT seq, event_id AS eventId, installation_id AS installationId, at FROM label_events ORDER BY seq').all() as Array<{ seq: number; eventId: string; installationId: string; at: string }>;

describe('migration 006: ids for the events that existed before', () => {
  it('gives old events deterministic UUIDv7s (time = their at) of no known installation; copies agree', () => {
    const a = path.join(dir, 'a.sqlite');
    catalogBeforeIds(a);
    const b = path.join(dir, 'b.sqlite');
    fs.copyFileSync(a, b);
    const fromA = eventIds(opened(a));
    const fromB = eventIds(opened(b));
    expect(fromA).toHaveLength(2);
    for (const e of fromA) {
      expect(isUuidv7(e.eventId)).toBe(true);
      expect(uuidv7Time(e.eventId)).toBe(Date.parse(e.at));
      expect(e.installationId).toBe(LEGACY_INSTALLATION_ID);
    }
    expect(new Set(fromA.map((e) => e.eventId)).size).toBe(2);
    // The two copies migrated apart, and still name the shared history alike: a merge will recognise it.
    expect(fromB).toEqual(fromA);
  });

  it('refuses an event written without ids', () => {
    const db = opened(path.join(dir, 'c.sqlite'));
    const fileId = insertTestFile(db, 'x.xls');
    expect(() => db.prepare("INSERT INTO label_events (file_id, label_id, op, annotator, at) VALUES (?, 'l', 'create', 'me', 'now')").run(fileId)).toThrow(
      /an event needs an event_id and an installation_id/,
    );
    expect(() =>
      db.prepare("INSERT INTO label_events (file_id, label_id, op, annotator, at, event_id) VALUES (?, 'l', 'create', 'me', 'now', '0190f5c2-7a3b-7c11-9d2e-0123456789ab')").run(fileId),
    ).toThrow(/installation_id/);
  });
});

describe('new events', () => {
  it('carry a fresh UUIDv7 and this catalog installation id, in the history too', () => {
    const db = opened(path.join(dir, 'cat.sqlite'));
    const fileId = insertTestFile(db, 'a.xls');
    const labels = storeOf(db);
    labels.apply({ op: 'create', fileId, label: { id: 'l1', classId: 'entry', depth: 1, depthEnd: null, value: null } }, 'alice');
    labels.apply({ op: 'update', fileId, id: 'l1', patch: { depth: 1.5 } }, 'alice');
    const history = labels.history(fileId);
    const installation = installationIdOf(db);
    expect(isUuidv7(installation)).toBe(true);
    expect(history.map((e) => e.installationId)).toEqual([installation, installation]);
    expect(history.every((e) => isUuidv7(e.eventId))).toBe(true);
    expect(history[0]!.eventId! < history[1]!.eventId!).toBe(true);
  });

  it('keep the installation id when the catalog is reopened, and get another one in a copy', () => {
    const file = path.join(dir, 'laptop.sqlite');
    let db = opened(file);
    const fileId = insertTestFile(db, 'a.xls');
    storeOf(db).apply({ op: 'create', fileId, label: { id: 'l1', classId: 'entry', depth: 1, depthEnd: null, value: null } }, 'alice');
    const first = storeOf(db).history(fileId)[0]!.installationId!;
    db.close();

    db = opened(file);
    storeOf(db).apply({ op: 'update', fileId, id: 'l1', patch: { depth: 2 } }, 'alice');
    expect(storeOf(db).history(fileId).map((e) => e.installationId)).toEqual([first, first]);
    db.close();

    const copy = path.join(dir, 'copied-to-another-laptop.sqlite');
    fs.copyFileSync(file, copy);
    const other = opened(copy);
    storeOf(other).apply({ op: 'update', fileId, id: 'l1', patch: { depth: 3 } }, 'bob');
    const ids = storeOf(other).history(fileId).map((e) => e.installationId);
    expect(ids.slice(0, 2)).toEqual([first, first]);
    expect(ids[2]).not.toBe(first);
    expect(isUuidv7(ids[2])).toBe(true);
    const state = JSON.parse(other.prepare("SELECT value FROM catalog_state WHERE key = 'installation'").pluck().get() as string) as { id: string; previous: string };
    expect(state).toMatchObject({ id: ids[2], previous: first });
  });

  it('do not hand out an id whose minting was rolled back', () => {
    const db = opened(path.join(dir, 'rollback.sqlite'));
    let minted = '';
    expect(() =>
      db.transaction(() => {
        minted = installationIdOf(db);
        throw new Error('the edit failed');
      })(),
    ).toThrow('the edit failed');
    const kept = installationIdOf(db);
    expect(isUuidv7(kept)).toBe(true);
    expect(kept).not.toBe(minted);
    expect(installationIdOf(db)).toBe(kept);
  });
});
