/**
 * The label/undo flow of the annotation store against the real back end (createBackend on a temp catalog,
 * reached through the in-memory AppApi), plus the save-state and keyboard dispatch. No React.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend/createBackend';
import type { AppApi } from '../../../src/shared/api/contract';
import type { Label } from '../../../src/shared/api/labels.contract';
import { encodeLatin1, generateSetitec } from '../../../src/shared/setitec/generator/index';
import { createMemoryApi } from '../../../src/renderer/api/memoryApi';
import { handleKeyDown, placementDepth, type KeyContext } from '../../../src/renderer/features/annotate/keyboard';
import * as A from '../../../src/renderer/state/annotateActions';
import { createAnnotateStore, saveStateOf, type AnnotateStore } from '../../../src/renderer/state/annotateStore';
import { createCatalogStore, loadFiles, selectVisible } from '../../../src/renderer/state/catalogStore';
import { DEFAULT_KEYMAP } from '../../../src/renderer/state/keymap';
import { applyLocal, nudgePatch, roundDepth } from '../../../src/renderer/state/labelOps';

let dir: string;
let template: string;
let backend: Backend;
let api: AppApi;
let fileIds: number[];
let catalogs = 0;

// Three generated files are imported once into a template catalog; every test then works on its own copy,
// so no test sees the labels, undo history or review status another one left behind (any order, any subset).
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-annotate-'));
  const data = path.join(dir, 'files');
  fs.mkdirSync(data);
  for (let i = 0; i < 3; i++) {
    const g = generateSetitec({ seed: 100 + i, version: 9 });
    fs.writeFileSync(path.join(data, `gen_${i}.xls`), encodeLatin1(g.text));
  }
  template = path.join(dir, 'template.sqlite');
  const importer = createBackend({ host: 'memory', catalogPath: template });
  const summary = await createMemoryApi(importer.dispatch).invoke('catalog.import', { dirs: [data] });
  expect(summary.imported).toBe(3);
  // Closing the catalog checkpoints the WAL into the one file that is copied below.
  await importer.dispose();
});

beforeEach(async () => {
  const own = path.join(dir, `catalog-${++catalogs}`);
  fs.mkdirSync(own);
  fs.copyFileSync(template, path.join(own, 'catalog.sqlite'));
  backend = createBackend({ host: 'memory', catalogPath: path.join(own, 'catalog.sqlite') });
  api = createMemoryApi(backend.dispatch);
  fileIds = (await api.invoke('catalog.listFiles', {})).map((f) => f.id);
  expect(fileIds).toHaveLength(3);
});

afterEach(async () => {
  await backend?.dispose();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function stored(fileId: number): Promise<Label[]> {
  return api.invoke('labels.list', { fileId });
}

describe('label ops', () => {
  it('rounds depths to the micrometre and nudges ranges as a whole', () => {
    expect(roundDepth(12.34 + 0.01)).toBe(12.35);
    const range = { depth: 1, depthEnd: 2 } as Label;
    expect(nudgePatch(range, 0.1)).toEqual({ depth: 1.1, depthEnd: 2.1 });
  });
  it('applies edits locally', () => {
    const created = applyLocal([], { op: 'create', fileId: 1, label: { id: 'a', classId: 'entry', depth: 1, depthEnd: null, value: null } });
    expect(created).toHaveLength(1);
    expect(applyLocal(created, { op: 'update', fileId: 1, id: 'a', patch: { depth: 2 } })[0]!.depth).toBe(2);
    expect(applyLocal(created, { op: 'delete', fileId: 1, id: 'a' })).toEqual([]);
  });
});

describe('annotation store against the real back end', () => {
  let store: AnnotateStore;
  beforeEach(() => {
    store = createAnnotateStore();
  });

  it('places, moves, nudges and deletes labels durably, and says saved only once the back end answered', async () => {
    const fileId = fileIds[0]!;
    await A.openFile(store, api, fileId);
    expect(store.getState().detail?.file.id).toBe(fileId);
    expect(store.getState().review?.status).toBe('unlabelled');

    const p = A.placePoint(store, api, 'entry', 1.23456);
    // Local at once, not yet confirmed.
    expect(store.getState().labels.map((l) => l.depth)).toEqual([1.235]);
    expect(saveStateOf(store.getState())).toBe('saving');
    await p;
    expect(saveStateOf(store.getState())).toBe('saved');
    const [entry] = await stored(fileId);
    expect(entry).toMatchObject({ classId: 'entry', depth: 1.235, source: 'human' });
    expect(store.getState().selectedId).toBe(entry!.id);
    // The back end moved the file to in progress, and so did the store.
    expect(store.getState().review?.status).toBe('in_progress');
    expect((await api.invoke('files.getReview', { fileId })).status).toBe('in_progress');

    // Placing the same class again moves it.
    await A.placePoint(store, api, 'entry', 2);
    expect((await stored(fileId)).map((l) => l.depth)).toEqual([2]);

    // Rapid nudges all land, in order.
    void A.nudgeSelected(store, api, 0.01);
    void A.nudgeSelected(store, api, 0.01);
    void A.nudgeSelected(store, api, 0.1);
    await A.nudgeSelected(store, api, -0.01);
    expect(store.getState().labels[0]!.depth).toBe(2.11);
    expect((await stored(fileId))[0]!.depth).toBe(2.11);

    await A.moveLabel(store, api, entry!.id, 3.5);
    expect((await stored(fileId))[0]!.depth).toBe(3.5);

    await A.deleteSelected(store, api);
    expect(await stored(fileId)).toEqual([]);
    expect(store.getState().selectedId).toBeNull();
  });

  it('undoes and redoes through labels.apply, so undo is durable and in the history', async () => {
    const fileId = fileIds[1]!;
    await A.openFile(store, api, fileId);
    await A.placePoint(store, api, 'entry', 1);
    await A.placePoint(store, api, 'exit', 5);
    await A.nudgeSelected(store, api, 0.1); // exit → 5.1
    const exitId = store.getState().selectedId!;
    await A.deleteLabel(store, api, exitId);
    expect((await stored(fileId)).map((l) => l.classId)).toEqual(['entry']);

    await A.undo(store, api); // delete undone
    expect((await stored(fileId)).find((l) => l.id === exitId)?.depth).toBe(5.1);
    await A.undo(store, api); // nudge undone
    expect((await stored(fileId)).find((l) => l.id === exitId)?.depth).toBe(5);
    await A.undo(store, api); // exit creation undone
    expect((await stored(fileId)).map((l) => l.classId)).toEqual(['entry']);
    await A.redo(store, api);
    await A.redo(store, api);
    expect((await stored(fileId)).find((l) => l.id === exitId)?.depth).toBe(5.1);
    expect(store.getState().labels.find((l) => l.id === exitId)?.depth).toBe(5.1);

    // A new edit ends the redo branch.
    await A.undo(store, api);
    await A.placePoint(store, api, 'cfrp_ti_transition', 3);
    await A.redo(store, api);
    expect((await stored(fileId)).find((l) => l.id === exitId)?.depth).toBe(5);

    const history = await api.invoke('labels.history', { fileId });
    expect(history.length).toBeGreaterThanOrEqual(10);
    expect(history.at(-1)!.op).toBe('create');
  });

  it('keeps the undo history per file for the whole session', async () => {
    const [a, b] = [fileIds[0]!, fileIds[2]!];
    await A.openFile(store, api, a);
    await A.placePoint(store, api, 'exit', 7);
    await A.openFile(store, api, b);
    await A.placePoint(store, api, 'exit', 8);
    await A.openFile(store, api, a);
    await A.undo(store, api);
    expect((await stored(a)).some((l) => l.classId === 'exit')).toBe(false);
    expect((await stored(b)).some((l) => l.classId === 'exit')).toBe(true);
  });

  it('draws ranges with a key at start and end, and sets attributes', async () => {
    const fileId = fileIds[2]!;
    await A.openFile(store, api, fileId);
    await A.rangeKey(store, api, 'cfrp', 4);
    expect(store.getState().pendingRange).toEqual({ classId: 'cfrp', start: 4 });
    await A.rangeKey(store, api, 'cfrp', 2.5);
    expect(store.getState().pendingRange).toBeNull();
    expect((await stored(fileId)).find((l) => l.classId === 'cfrp')).toMatchObject({ depth: 2.5, depthEnd: 4 });

    await A.setAttribute(store, api, 'stack_thickness', 6.35);
    await A.setAttribute(store, api, 'stack_thickness', 6.4);
    await A.setAttribute(store, api, 'predrilled', true);
    await A.setAttribute(store, api, 'comment', 'burr at exit');
    let all = await stored(fileId);
    expect(all.filter((l) => l.classId === 'stack_thickness').map((l) => l.value)).toEqual([6.4]);
    expect(all.find((l) => l.classId === 'predrilled')?.value).toBe(true);
    await A.setAttribute(store, api, 'comment', '  ');
    all = await stored(fileId);
    expect(all.some((l) => l.classId === 'comment')).toBe(false);
  });

  it('refuses an invalid edit before sending it, and recovers from a refusal by the back end', async () => {
    const fileId = fileIds[0]!;
    await A.openFile(store, api, fileId);
    await A.createRange(store, api, 'cfrp', 3, 3);
    expect(saveStateOf(store.getState())).toBe('error');
    expect(store.getState().saveError).toMatch(/less than/);

    // The back end refuses (an id that exists on another file): the store re-reads and clears undo.
    await api.invoke('labels.apply', { op: 'create', fileId: fileIds[1]!, label: { id: 'on-another-file', classId: 'exit', depth: 4, depthEnd: null, value: null } });
    const other = (await stored(fileIds[1]!))[0]!;
    await A.commitEdit(store, api, { op: 'create', fileId, label: { id: other.id, classId: 'entry', depth: 1, depthEnd: null, value: null } });
    expect(store.getState().saveError).toMatch(/already exists/);
    expect(store.getState().labels.some((l) => l.id === other.id)).toBe(false);
    expect(store.getState().undo[fileId]!.undo).toHaveLength(0);
  });

  it('sets status and verdict', async () => {
    const fileId = fileIds[1]!;
    await A.openFile(store, api, fileId);
    await A.setReview(store, api, { verdict: 'algorithm_error' });
    await A.setReview(store, api, { status: 'labelled' });
    expect(await api.invoke('files.getReview', { fileId })).toMatchObject({ status: 'labelled', verdict: 'algorithm_error' });
    expect(store.getState().review).toEqual({ status: 'labelled', verdict: 'algorithm_error' });
  });
});

describe('keyboard dispatch', () => {
  it('places at the cursor, nudges, undoes, and walks to the next unlabelled file', async () => {
    const annotate = createAnnotateStore();
    const catalog = createCatalogStore();
    // Only the last file is unlabelled: "next unlabelled" must skip the one in between.
    await api.invoke('files.setReview', { fileId: fileIds[0]!, status: 'in_progress' });
    await api.invoke('files.setReview', { fileId: fileIds[1]!, status: 'labelled' });
    await loadFiles(catalog, api);
    const opened: number[] = [];
    const ctx: KeyContext = { api, annotate, catalog, keymap: DEFAULT_KEYMAP, openFile: (id) => opened.push(id) };
    const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean }> = {}): boolean =>
      handleKeyDown({ key: k, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, target: null, ...mods }, ctx);

    const fileId = fileIds[0]!;
    await A.openFile(annotate, api, fileId);
    const before = (await stored(fileId)).length;
    annotate.setState({ cursorDepth: 9.87654 });
    expect(placementDepth(annotate)).toBe(9.87654);
    expect(key('c')).toBe(true); // countersink start
    expect(key(']')).toBe(true);
    expect(key('}')).toBe(true);
    await A.whenSaved(annotate);
    const cs = (await stored(fileId)).find((l) => l.classId === 'countersink_start')!;
    expect(cs.depth).toBe(roundDepth(9.877 + 0.11));
    expect(key('z', { ctrlKey: true })).toBe(true);
    await A.whenSaved(annotate);
    expect((await stored(fileId)).find((l) => l.classId === 'countersink_start')!.depth).toBe(roundDepth(9.877 + 0.01));
    expect(key('Z', { ctrlKey: true, shiftKey: true })).toBe(true);
    await A.whenSaved(annotate);
    expect((await stored(fileId)).find((l) => l.classId === 'countersink_start')!.depth).toBe(roundDepth(9.877 + 0.11));
    expect(key('Delete')).toBe(true);
    await A.whenSaved(annotate);
    expect((await stored(fileId)).length).toBe(before);

    expect(key('?')).toBe(true);
    expect(annotate.getState().helpOpen).toBe(true);
    expect(key('e')).toBe(false); // help is open: label keys do nothing
    expect(key('Escape')).toBe(true);
    expect(annotate.getState().helpOpen).toBe(false);

    // Next unlabelled: a file still unlabelled in the catalog order.
    expect(key('N', { shiftKey: true })).toBe(true);
    const order = selectVisible(catalog.getState());
    expect(opened[0]).toBe(fileIds[2]);
    expect(order.find((f) => f.id === opened[0])?.status).toBe('unlabelled');
    expect(key('n')).toBe(true);
    expect(opened[1]).toBe(order[order.findIndex((f) => f.id === fileId) + 1]?.id);
    expect(key('x', { ctrlKey: true })).toBe(false); // not bound
  });
});
