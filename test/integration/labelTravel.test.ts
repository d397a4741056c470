/**
 * Labels that travel between laptops (issue 10): two real back ends on two real SQLite catalogs, each
 * importing its own copy of the same generated Setitec files (other paths, same bytes), each its own
 * installation. Events move as the JSON Lines of labels.exportEvents and merge by event id; an edit that
 * did not see the other side's edit is a conflict for a human, and no edit is lost.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import { FileReviewStore } from '../../src/main/labels/fileReview';
import { LabelSchemaStore } from '../../src/main/labels/labelSchemaStore';
import { LabelStore } from '../../src/main/labels/labelStore';
import type { FileRow, ImportSummary } from '../../src/shared/api/catalog.contract';
import type { Label, LabelEdit } from '../../src/shared/api/labels.contract';
import type { ImportEventsResult, LabelConflict } from '../../src/shared/api/labelSync.contract';
import { isUuidv7 } from '../../src/shared/ids/uuidv7';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import { killAll, udw } from './helpers/childProcesses';

/** Three generated holes every laptop has, and one only the first laptop has. */
const hole = (seed: number) => generateSetitec({ seed, version: 9, family: 'mdb4', rows: 300 });
const SHARED = [11, 12, 13].map(hole);
const ONLY_ON_A = hole(14);
/** Tests name holes by their seed. */
const NAME_OF_SEED = new Map([...SHARED, ONLY_ON_A].map((g, i) => [11 + i, g.expected.fileName]));

interface Laptop {
  name: string;
  dir: string;
  catalog: string;
  backend: Backend;
  /** File id of each generated file, by its seed. */
  file: (seed: number) => number;
  call<T>(channel: string, payload: unknown): Promise<T>;
}

let root: string;
let a: Laptop;
let b: Laptop;

async function laptop(name: string, annotator: string, gens: ReturnType<typeof generateSetitec>[]): Promise<Laptop> {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  const byName = new Map<string, number>();
  for (const g of gens) {
    const file = path.join(dir, 'data', g.expected.fileName);
    fs.writeFileSync(file, encodeLatin1(g.text));
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
  }
  const catalog = path.join(dir, 'catalog.sqlite');
  const backend = createBackend({ host: 'memory', catalogPath: catalog });
  const call = <T,>(channel: string, payload: unknown) => backend.dispatch(channel, payload) as Promise<T>;
  await call('settings.update', { annotator });
  const summary = await call<ImportSummary>('catalog.import', { dirs: [path.join(dir, 'data')] });
  expect(summary).toMatchObject({ imported: gens.length, failed: 0 });
  for (const row of await call<FileRow[]>('catalog.listFiles', {})) byName.set(row.name, row.id);
  const file = (seed: number): number => {
    const id = byName.get(NAME_OF_SEED.get(seed) ?? '');
    if (id === undefined) throw new Error(`${name} has no file of seed ${seed}`);
    return id;
  };
  return { name, dir, catalog, backend, file, call };
}

const apply = (l: Laptop, edit: LabelEdit) => l.call<{ seq: number; label: Label | null }>('labels.apply', edit);
const point = (fileId: number, id: string, classId: string, depth: number): LabelEdit => ({ op: 'create', fileId, label: { id, classId, depth, depthEnd: null, value: null } });
const move = (fileId: number, id: string, depth: number): LabelEdit => ({ op: 'update', fileId, id, patch: { depth } });
const labelsOf = (l: Laptop, seed: number) => l.call<Label[]>('labels.list', { fileId: l.file(seed) });
const labelOf = async (l: Laptop, seed: number, id: string) => (await labelsOf(l, seed)).find((x) => x.id === id) ?? null;
const historyOf = (l: Laptop, seed: number) => l.call<Array<{ eventId: string; installationId: string; op: string; annotator: string; before: Label | null; after: Label | null }>>('labels.history', { fileId: l.file(seed) });
const exportAll = async (l: Laptop) => (await l.call<{ jsonl: string }>('labels.exportEvents', {})).jsonl;
const importInto = (l: Laptop, jsonl: string, applyIt = true) => l.call<ImportEventsResult>('labels.importEvents', { jsonl, name: 'events.jsonl', apply: applyIt });
const openConflicts = (l: Laptop) => l.call<LabelConflict[]>('labels.conflicts', {});
const resolve = (l: Laptop, id: number, keep: 'local' | 'theirs') => l.call<{ conflict: LabelConflict; label: Label | null }>('labels.resolveConflict', { id, keep });
const rowOf = async (l: Laptop, seed: number) => (await l.call<FileRow[]>('catalog.listFiles', {})).find((r) => r.id === l.file(seed))!;
const withoutFile = ({ fileId: _f, ...rest }: Label) => rest;

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-label-travel-'));
  a = await laptop('laptop-a', 'alice', [...SHARED, ONLY_ON_A]);
  b = await laptop('laptop-b', 'bob', SHARED);
});
afterEach(async () => {
  killAll();
  await a.backend.dispose();
  await b.backend.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

/** The entry of hole 11 created on A and merged into B: both laptops have the same label, then edit it apart. */
async function sharedEntry(): Promise<void> {
  await apply(a, point(a.file(11), 'entry-11', 'entry', 2.0));
  expect(await importInto(b, await exportAll(a))).toMatchObject({ replayed: 1, conflicts: [] });
}

describe('label events between two catalogs', () => {
  it('are two installations, each with its own id on its events', async () => {
    const ia = (await a.call<{ installationId: string }>('labels.installation', {})).installationId;
    const ib = (await b.call<{ installationId: string }>('labels.installation', {})).installationId;
    expect(isUuidv7(ia) && isUuidv7(ib)).toBe(true);
    expect(ia).not.toBe(ib);
    await apply(a, point(a.file(11), 'e', 'entry', 2));
    expect((await historyOf(a, 11)).map((e) => e.installationId)).toEqual([ia]);
  });

  it('merge: a preview writes nothing, apply brings the labels over with their events, a second import changes nothing', async () => {
    await apply(a, point(a.file(11), 'entry-11', 'entry', 2.0));
    await apply(a, { op: 'create', fileId: a.file(12), label: { id: 'thick-12', classId: 'stack_thickness', depth: null, depthEnd: null, value: 5.1 } });
    await apply(a, move(a.file(11), 'entry-11', 2.2));
    const jsonl = await exportAll(a);
    expect(jsonl.split('\n')[0]).toContain('"format":"udw-label-events"');

    const preview = await importInto(b, jsonl, false);
    expect(preview).toMatchObject({ applied: false, events: 3, present: 0, replayed: 3, unchanged: 0, conflicts: [], unmatched: [] });
    expect(preview.files.map((f) => f.fileId).sort()).toEqual([b.file(11), b.file(12)].sort());
    expect(await labelsOf(b, 11)).toEqual([]);
    expect(await historyOf(b, 11)).toEqual([]);

    const merged = await importInto(b, jsonl);
    expect(merged).toMatchObject({ applied: true, events: 3, present: 0, replayed: 3, conflicts: [], unmatched: [] });
    expect((await labelsOf(b, 11)).map(withoutFile)).toEqual((await labelsOf(a, 11)).map(withoutFile));
    expect((await labelsOf(b, 12)).map(withoutFile)).toEqual((await labelsOf(a, 12)).map(withoutFile));
    expect(await labelOf(b, 11, 'entry-11')).toMatchObject({ depth: 2.2, annotator: 'alice', fileId: b.file(11) });
    // The events themselves came over: same ids, made by A's installation.
    const ids = (h: Awaited<ReturnType<typeof historyOf>>) => h.map((e) => [e.eventId, e.installationId, e.op, e.annotator]);
    expect(ids(await historyOf(b, 11))).toEqual(ids(await historyOf(a, 11)));
    expect(await rowOf(b, 11)).toMatchObject({ status: 'in_progress', labelCount: 1 });

    const again = await importInto(b, jsonl);
    expect(again).toMatchObject({ events: 3, present: 3, replayed: 0, unchanged: 0, conflicts: [], settled: [], files: [] });
    expect((await historyOf(b, 11)).length).toBe(2);
    expect(await labelOf(b, 11, 'entry-11')).toMatchObject({ depth: 2.2 });
    // And A taking its own events back from B is no change either.
    expect(await importInto(a, await exportAll(b))).toMatchObject({ present: 3, replayed: 0, conflicts: [] });
  });

  it('two edits of one label that did not see each other: a conflict, the local label stays, neither edit is lost', async () => {
    await sharedEntry();
    await apply(a, move(a.file(11), 'entry-11', 2.5));
    await apply(b, move(b.file(11), 'entry-11', 2.7));
    await apply(b, point(b.file(11), 'exit-11', 'exit', 18.0));

    const result = await importInto(a, await exportAll(b));
    expect(result).toMatchObject({ events: 3, present: 1, replayed: 1, unchanged: 0, unmatched: [] });
    expect(result.conflicts).toHaveLength(1);
    const c = result.conflicts[0]!;
    expect(c).toMatchObject({ reason: 'concurrent_edit', labelId: 'entry-11', localLabelId: 'entry-11', fileId: a.file(11), annotator: 'bob', resolution: null });
    expect(c.local).toMatchObject({ depth: 2.5, annotator: 'alice' });
    expect(c.base).toMatchObject({ depth: 2.0 });
    expect(c.theirs).toMatchObject({ depth: 2.7, annotator: 'bob' });
    const bobsEdit = (await historyOf(b, 11)).find((e) => e.op === 'update')!;
    expect(c.eventIds).toEqual([bobsEdit.eventId]);

    // Ours stays; theirs waits in the conflict; the edit that did not collide came through.
    expect(await labelOf(a, 11, 'entry-11')).toMatchObject({ depth: 2.5, annotator: 'alice' });
    expect(await labelOf(a, 11, 'exit-11')).toMatchObject({ depth: 18.0, annotator: 'bob' });
    const listed = await openConflicts(a);
    expect(listed).toEqual([c]);

    const again = await importInto(a, await exportAll(b));
    expect(again).toMatchObject({ present: 3, replayed: 0, conflicts: [] });
    expect(await openConflicts(a)).toEqual([c]);
    expect(await labelOf(a, 11, 'entry-11')).toMatchObject({ depth: 2.5 });
  });

  it('keeping theirs is an ordinary edit, and it settles the same conflict on the other laptop', async () => {
    await sharedEntry();
    await apply(a, move(a.file(11), 'entry-11', 2.5));
    await apply(b, move(b.file(11), 'entry-11', 2.7));
    const onA = (await importInto(a, await exportAll(b))).conflicts[0]!;
    const onB = (await importInto(b, await exportAll(a))).conflicts[0]!;
    expect(onB).toMatchObject({ local: { depth: 2.7 }, theirs: { depth: 2.5 } });

    const resolved = await resolve(a, onA.id!, 'theirs');
    expect(resolved.conflict).toMatchObject({ resolution: 'theirs', resolvedBy: 'alice' });
    expect(resolved.label).toMatchObject({ depth: 2.7, annotator: 'alice' });
    expect((await historyOf(a, 11)).at(-1)).toMatchObject({ op: 'update', annotator: 'alice', before: { depth: 2.5 }, after: { depth: 2.7 } });
    expect(await openConflicts(a)).toEqual([]);
    await expect(resolve(a, onA.id!, 'local')).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already resolved/) });

    const settling = await importInto(b, await exportAll(a));
    expect(settling.settled).toEqual([{ id: onB.id, labelId: 'entry-11', fileId: b.file(11) }]);
    expect(await openConflicts(b)).toEqual([]);
    expect(await labelOf(b, 11, 'entry-11')).toMatchObject({ depth: 2.7 });
    expect(await importInto(a, await exportAll(b))).toMatchObject({ replayed: 0, conflicts: [] });
    expect((await labelOf(a, 11, 'entry-11'))!.depth).toBe((await labelOf(b, 11, 'entry-11'))!.depth);
  });

  it('keeping ours leaves the label and tells the other laptop, which then ends on ours', async () => {
    await sharedEntry();
    await apply(a, move(a.file(11), 'entry-11', 2.5));
    await apply(b, move(b.file(11), 'entry-11', 2.7));
    const onA = (await importInto(a, await exportAll(b))).conflicts[0]!;
    await importInto(b, await exportAll(a));
    const before = await labelOf(a, 11, 'entry-11');

    const resolved = await resolve(a, onA.id!, 'local');
    expect(resolved.conflict).toMatchObject({ resolution: 'local' });
    expect(await labelOf(a, 11, 'entry-11')).toEqual(before);
    expect((await historyOf(a, 11)).at(-1)).toMatchObject({ op: 'update', before: { depth: 2.7 }, after: { depth: 2.5 } });

    const settling = await importInto(b, await exportAll(a));
    expect(settling).toMatchObject({ replayed: 1, conflicts: [] });
    expect(settling.settled).toHaveLength(1);
    expect(await labelOf(b, 11, 'entry-11')).toMatchObject({ depth: 2.5, annotator: 'alice' });
    expect(await openConflicts(b)).toEqual([]);
  });

  it('a proposal accepted on one laptop travels to the other as an accepted label', async () => {
    const db = a.backend.context.db;
    const schema = new LabelSchemaStore(db);
    new LabelStore(db, schema, new FileReviewStore(db)).replaceProposals(
      a.file(13),
      [{ id: 'p-entry-13', classId: 'entry', depth: 2.1, depthEnd: null, value: null, source: 'stepcode', confidence: 0.9, provenance: 'stepcode@1', details: { sampleIndex: 40 } }],
      { annotator: 'autolabel', sources: ['stepcode', 'heuristic'] },
    );
    await importInto(b, await exportAll(a));
    expect(await labelOf(b, 13, 'p-entry-13')).toMatchObject({ state: 'proposed', source: 'stepcode', provenance: 'stepcode@1', confidence: 0.9 });
    expect(await rowOf(b, 13)).toMatchObject({ status: 'unlabelled', labelCount: 0 });

    await apply(a, { op: 'update', fileId: a.file(13), id: 'p-entry-13', patch: { state: 'confirmed' } });
    const result = await importInto(b, await exportAll(a));
    expect(result).toMatchObject({ present: 1, replayed: 1, conflicts: [] });
    expect(await labelOf(b, 13, 'p-entry-13')).toMatchObject({
      state: 'confirmed',
      source: 'stepcode',
      annotator: 'alice',
      origin: { depth: 2.1, source: 'stepcode', provenance: 'stepcode@1', confidence: 0.9 },
    });
    expect(await rowOf(b, 13)).toMatchObject({ status: 'in_progress', labelCount: 1 });
  });

  it('an attribute the file already has from the other laptop is a conflict; keeping theirs replaces ours', async () => {
    const thickness = (l: Laptop, id: string, value: number): LabelEdit => ({ op: 'create', fileId: l.file(12), label: { id, classId: 'stack_thickness', depth: null, depthEnd: null, value } });
    await apply(a, thickness(a, 'thick-a', 5.0));
    await apply(b, thickness(b, 'thick-b', 5.2));
    const result = await importInto(a, await exportAll(b));
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]).toMatchObject({ reason: 'attribute_clash', labelId: 'thick-b', localLabelId: 'thick-a', local: { value: 5.0 }, theirs: { value: 5.2 } });
    expect((await labelsOf(a, 12)).map((l) => [l.id, l.value])).toEqual([['thick-a', 5.0]]);

    await resolve(a, result.conflicts[0]!.id!, 'theirs');
    expect((await labelsOf(a, 12)).map((l) => [l.id, l.value])).toEqual([['thick-b', 5.2]]);
  });

  it('events of a file the other catalog does not have are reported and not stored; a later import takes them', async () => {
    await apply(a, point(a.file(14), 'entry-14', 'entry', 1.9));
    await apply(a, move(a.file(14), 'entry-14', 2.0));
    await apply(a, point(a.file(11), 'entry-11', 'entry', 2.0));
    const jsonl = await exportAll(a);
    const result = await importInto(b, jsonl);
    expect(result).toMatchObject({ events: 3, replayed: 1, conflicts: [] });
    expect(result.unmatched.map((u) => [u.line, u.labelId])).toEqual([
      [2, 'entry-14'],
      [3, 'entry-14'],
    ]);
    expect(result.unmatched[0]!.message).toMatch(new RegExp(`file '${ONLY_ON_A.expected.fileName}' .*not in this catalog`));

    // Once B has the file (copied over), the same events file brings its labels.
    fs.writeFileSync(path.join(b.dir, 'data', ONLY_ON_A.expected.fileName), encodeLatin1(ONLY_ON_A.text));
    await b.call('catalog.import', { dirs: [path.join(b.dir, 'data')] });
    const later = await importInto(b, jsonl);
    expect(later).toMatchObject({ present: 1, replayed: 2, unmatched: [] });
    const rows = await b.call<FileRow[]>('catalog.listFiles', {});
    const fileId = rows.find((r) => r.name === ONLY_ON_A.expected.fileName)!.id;
    expect(await b.call<Label[]>('labels.list', { fileId })).toMatchObject([{ id: 'entry-14', depth: 2.0 }]);
  });

  it('a damaged events file is refused as a whole, naming the line and what was expected', async () => {
    await apply(a, point(a.file(11), 'entry-11', 'entry', 2.0));
    await apply(a, move(a.file(11), 'entry-11', 2.1));
    const lines = (await exportAll(a)).trimEnd().split('\n');
    const broken = [lines[0], lines[1], lines[2]!.replace(/"op":"update"/, '"op":"rename"')].join('\n');
    await expect(importInto(b, broken)).rejects.toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/^events\.jsonl line 3: expected a label event: op: /) });
    await expect(importInto(b, lines.slice(1).join('\n'))).rejects.toMatchObject({ message: expect.stringMatching(/events\.jsonl line 1: expected the header line/) });
    await expect(importInto(b, `${lines[0]}\n{"eventId":`)).rejects.toMatchObject({ message: expect.stringMatching(/events\.jsonl line 2: expected one JSON object per line/) });
    expect(await labelsOf(b, 11)).toEqual([]);
  });
});

describe('udw events', () => {
  it('exports, previews, merges and lists conflicts from the command line', async () => {
    await sharedEntry();
    await apply(a, move(a.file(11), 'entry-11', 2.5));
    await apply(b, move(b.file(11), 'entry-11', 2.7));
    await apply(b, point(b.file(12), 'entry-12', 'entry', 3.0));
    const out = path.join(root, 'from-b.jsonl');

    const exported = await udw(['events', 'export', '--out', out, '--db', b.catalog, '--json']).done;
    expect(exported.status, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ out, events: 3, files: 2 });

    const preview = await udw(['events', 'import', out, '--db', a.catalog, '--json']).done;
    expect(preview.status, preview.stderr).toBe(0);
    expect(JSON.parse(preview.stdout)).toMatchObject({ applied: false, present: 1, replayed: 1, conflicts: [{ id: null, reason: 'concurrent_edit', labelId: 'entry-11' }] });
    expect(await labelsOf(a, 12)).toEqual([]);

    const merged = await udw(['events', 'import', out, '--apply', '--db', a.catalog, '--json']).done;
    expect(merged.status, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ applied: true, replayed: 1, conflicts: [{ reason: 'concurrent_edit', labelId: 'entry-11' }] });
    expect(await labelOf(a, 12, 'entry-12')).toMatchObject({ depth: 3.0, annotator: 'bob' });

    const listed = await udw(['events', 'conflicts', '--db', a.catalog, '--json']).done;
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ conflicts: await openConflicts(a) });
    expect((JSON.parse(listed.stdout) as { conflicts: LabelConflict[] }).conflicts).toMatchObject([{ local: { depth: 2.5 }, theirs: { depth: 2.7 } }]);

    const missing = await udw(['events', 'import', path.join(root, 'nope.jsonl'), '--db', a.catalog, '--json']).done;
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.jsonl: no such file/);
  });
});
