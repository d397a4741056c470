/**
 * Inspect-before-commit in the annotation store, against the real back end (createBackend on a temp catalog
 * through the in-memory AppApi) and the real keyboard dispatch: Enter accepts the selected proposal, Delete
 * rejects it, nudging or dragging moves it (it becomes a human label that remembers its origin), Alt+] / Alt+[
 * step through proposals, "accept all ≥ X", and Ctrl+Z undoes each of these. No React.
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
import { handleKeyDown, type KeyContext } from '../../../src/renderer/features/annotate/keyboard';
import * as A from '../../../src/renderer/state/annotateActions';
import * as P from '../../../src/renderer/state/proposalActions';
import { createAnnotateStore, type AnnotateStore } from '../../../src/renderer/state/annotateStore';
import { createCatalogStore } from '../../../src/renderer/state/catalogStore';
import { DEFAULT_KEYMAP } from '../../../src/renderer/state/keymap';

let dir: string;
let template: string;
let backend: Backend;
let api: AppApi;
let fileId: number;
let catalogs = 0;

// One generated file is imported once into a template catalog; every test works on its own copy.
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-proposals-'));
  const data = path.join(dir, 'files');
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, 'gen.xls'), encodeLatin1(generateSetitec({ seed: 321, version: 9 }).text));
  template = path.join(dir, 'template.sqlite');
  const importer = createBackend({ host: 'memory', catalogPath: template });
  const summary = await createMemoryApi(importer.dispatch).invoke('catalog.import', { dirs: [data] });
  expect(summary.imported).toBe(1);
  await importer.dispose();
});

beforeEach(async () => {
  const own = path.join(dir, `catalog-${++catalogs}`);
  fs.mkdirSync(own);
  fs.copyFileSync(template, path.join(own, 'catalog.sqlite'));
  backend = createBackend({ host: 'memory', catalogPath: path.join(own, 'catalog.sqlite') });
  api = createMemoryApi(backend.dispatch);
  fileId = (await api.invoke('catalog.listFiles', {}))[0]!.id;
});

afterEach(async () => {
  await backend?.dispose();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A machine-made proposal, stored the way the batch run stores one (state proposed, origin stamped by the back end). */
async function propose(id: string, classId: string, depth: number | null, over: Partial<Label> = {}): Promise<void> {
  await api.invoke('labels.apply', {
    op: 'create',
    fileId,
    label: {
      id,
      classId,
      depth,
      depthEnd: null,
      value: null,
      source: 'stepcode',
      confidence: 0.9,
      state: 'proposed',
      provenance: 'stepcode@1',
      details: { sampleIndex: 10, reasons: ['step 1 ended on a torque trigger'] },
      ...over,
    },
  });
}

async function stored(id: string): Promise<Label | undefined> {
  return (await api.invoke('labels.list', { fileId })).find((l) => l.id === id);
}

/** The store's copy and the back end's agree on everything the back end decides (state, source, depths, origin). */
async function expectInSync(store: AnnotateStore): Promise<void> {
  await A.whenSaved(store);
  const pick = (l: Label) => ({ id: l.id, classId: l.classId, depth: l.depth, depthEnd: l.depthEnd, value: l.value, state: l.state, source: l.source, origin: l.origin });
  const back = (await api.invoke('labels.list', { fileId })).map(pick).sort((a, b) => a.id.localeCompare(b.id));
  expect(store.getState().labels.map(pick).sort((a, b) => a.id.localeCompare(b.id))).toEqual(back);
}

function keyContext(store: AnnotateStore): KeyContext {
  return { api, annotate: store, catalog: createCatalogStore(), keymap: DEFAULT_KEYMAP, openFile: () => undefined };
}

function press(store: AnnotateStore, key: string, mods: { ctrl?: boolean; alt?: boolean; shift?: boolean } = {}): boolean {
  return handleKeyDown({ key, ctrlKey: !!mods.ctrl, altKey: !!mods.alt, shiftKey: !!mods.shift, metaKey: false, target: null }, keyContext(store));
}

describe('reviewing proposals in the annotation store', () => {
  let store: AnnotateStore;
  beforeEach(() => {
    store = createAnnotateStore();
  });

  it('Enter accepts the selected proposal and selects the next one; Ctrl+Z makes it a proposal again', async () => {
    await propose('p-entry', 'entry', 2);
    await propose('p-exit', 'exit', 9);
    await A.openFile(store, api, fileId);
    A.select(store, 'p-entry');
    expect(press(store, 'Enter')).toBe(true);
    expect(store.getState().labels.find((l) => l.id === 'p-entry')!.state).toBe('confirmed');
    expect(store.getState().selectedId).toBe('p-exit');
    await A.whenSaved(store);
    expect(await stored('p-entry')).toMatchObject({ state: 'confirmed', source: 'stepcode', depth: 2 });
    // The first accepted proposal starts the file's review, like a first human label.
    expect(store.getState().review?.status).toBe('in_progress');

    press(store, 'z', { ctrl: true });
    await A.whenSaved(store);
    expect(await stored('p-entry')).toMatchObject({ state: 'proposed', source: 'stepcode' });
    await expectInSync(store);

    // Enter on a confirmed label does nothing.
    await A.placePoint(store, api, 'cfrp_ti_transition', 5);
    const human = store.getState().selectedId!;
    press(store, 'Enter');
    await expectInSync(store);
    expect(await stored(human)).toMatchObject({ state: 'confirmed', source: 'human' });
  });

  it('Delete rejects a proposal (kept, hidden) and deletes a label; Ctrl+Z brings the proposal back', async () => {
    await propose('p-exit', 'exit', 9);
    await A.openFile(store, api, fileId);
    A.select(store, 'p-exit');
    press(store, 'Delete');
    await A.whenSaved(store);
    expect(await stored('p-exit')).toMatchObject({ state: 'rejected', source: 'stepcode', depth: 9 });
    // Delete again on the (now hidden) rejected proposal leaves it as it is.
    A.select(store, 'p-exit');
    press(store, 'Delete');
    await A.whenSaved(store);
    expect(await stored('p-exit')).toMatchObject({ state: 'rejected' });

    press(store, 'z', { ctrl: true });
    await A.whenSaved(store);
    expect(await stored('p-exit')).toMatchObject({ state: 'proposed' });
    await expectInSync(store);

    await A.placePoint(store, api, 'entry', 1);
    const human = store.getState().selectedId!;
    press(store, 'Delete');
    await A.whenSaved(store);
    expect(await stored(human)).toBeUndefined();
  });

  it('nudging a proposal makes it a human label that keeps its origin; undo restores source, state and depth', async () => {
    await propose('p-exit', 'exit', 9);
    await A.openFile(store, api, fileId);
    A.select(store, 'p-exit');
    press(store, ']');
    // The local copy already says what the back end will: moved means human and confirmed.
    expect(store.getState().labels.find((l) => l.id === 'p-exit')).toMatchObject({ depth: 9.01, source: 'human', state: 'confirmed' });
    press(store, '}');
    await A.whenSaved(store);
    expect(await stored('p-exit')).toMatchObject({ depth: 9.11, source: 'human', state: 'confirmed', origin: { depth: 9, source: 'stepcode', provenance: 'stepcode@1' } });
    await expectInSync(store);

    press(store, 'z', { ctrl: true });
    press(store, 'z', { ctrl: true });
    await A.whenSaved(store);
    expect(await stored('p-exit')).toMatchObject({ depth: 9, source: 'stepcode', state: 'proposed', origin: { depth: 9 } });
    await expectInSync(store);
    // Redo moves it again.
    press(store, 'Z', { ctrl: true, shift: true });
    await A.whenSaved(store);
    expect(await stored('p-exit')).toMatchObject({ depth: 9.01, source: 'human', state: 'confirmed' });
  });

  it('a moved (dragged or typed) proposal goes through the same path; a rejected one cannot be moved', async () => {
    await propose('p-entry', 'entry', 2);
    await propose('p-exit', 'exit', 9);
    await A.openFile(store, api, fileId);
    await A.moveLabel(store, api, 'p-entry', 2.5);
    expect(await stored('p-entry')).toMatchObject({ depth: 2.5, source: 'human', state: 'confirmed', origin: { depth: 2 } });
    await A.rejectLabel(store, api, 'p-exit');
    await A.moveLabel(store, api, 'p-exit', 10);
    A.select(store, 'p-exit');
    await A.nudgeSelected(store, api, 0.1);
    expect(await stored('p-exit')).toMatchObject({ depth: 9, state: 'rejected', source: 'stepcode' });
    await A.restoreLabel(store, api, 'p-exit');
    expect(await stored('p-exit')).toMatchObject({ state: 'proposed' });
    await expectInSync(store);
  });

  it('Alt+] and Alt+[ step through pending proposals in depth order, skipping labels and rejected ones', async () => {
    await propose('p-a', 'entry', 2);
    await propose('p-b', 'cfrp_ti_transition', 5);
    await propose('p-c', 'exit', 9);
    await propose('p-gone', 'countersink_start', 7);
    await A.openFile(store, api, fileId);
    await A.rejectLabel(store, api, 'p-gone');
    await A.placePoint(store, api, 'countersink_start', 6); // a human label, selected
    expect(press(store, ']', { alt: true })).toBe(true);
    expect(store.getState().selectedId).toBe('p-c'); // the first proposal deeper than the label
    press(store, ']', { alt: true });
    expect(store.getState().selectedId).toBe('p-a'); // wraps
    press(store, ']', { alt: true });
    expect(store.getState().selectedId).toBe('p-b');
    press(store, '[', { alt: true });
    expect(store.getState().selectedId).toBe('p-a');
    press(store, '[', { alt: true });
    expect(store.getState().selectedId).toBe('p-c');
  });

  it('"accept all ≥ X" accepts only the confident proposals, attributes included, each undoable', async () => {
    await propose('p-hi', 'entry', 2, { confidence: 0.95 });
    await propose('p-edge', 'exit', 9, { confidence: 0.8 });
    await propose('p-lo', 'cfrp_ti_transition', 5, { source: 'heuristic', provenance: 'heuristic-torque-walkback@1', confidence: 0.45 });
    await propose('p-attr', 'anomaly', null, { value: 'air cycle', confidence: 0.85 });
    await A.openFile(store, api, fileId);
    A.select(store, 'p-lo');
    expect(await P.acceptAllAtLeast(store, api, 0.8)).toBe(3);
    expect(store.getState().selectedId).toBe('p-lo'); // the selection stays where it was
    await A.whenSaved(store);
    const states = Object.fromEntries((await api.invoke('labels.list', { fileId })).map((l) => [l.id, l.state]));
    expect(states).toEqual({ 'p-hi': 'confirmed', 'p-edge': 'confirmed', 'p-lo': 'proposed', 'p-attr': 'confirmed' });
    await A.undo(store, api);
    expect((await api.invoke('labels.list', { fileId })).filter((l) => l.state === 'proposed')).toHaveLength(2);
    await expectInSync(store);
  });

  it('hotkey placement ignores proposals: a pending proposal stays, a confirmed one of the class is moved', async () => {
    await propose('p-entry', 'entry', 2);
    await propose('p-exit', 'exit', 9);
    await A.openFile(store, api, fileId);
    await A.placePoint(store, api, 'entry', 3);
    const entries = (await api.invoke('labels.list', { fileId })).filter((l) => l.classId === 'entry');
    expect(entries.map((l) => [l.state, l.source, l.depth]).sort()).toEqual([
      ['confirmed', 'human', 3],
      ['proposed', 'stepcode', 2],
    ]);
    await A.acceptLabel(store, api, 'p-exit');
    await A.placePoint(store, api, 'exit', 9.4);
    expect(await stored('p-exit')).toMatchObject({ depth: 9.4, source: 'human', state: 'confirmed', origin: { depth: 9 } });
    expect((await api.invoke('labels.list', { fileId })).filter((l) => l.classId === 'exit')).toHaveLength(1);
  });

  it('a proposed attribute: choosing its value accepts it, clearing it rejects it, another value makes it human', async () => {
    await propose('p-anom', 'anomaly', null, { value: 'air cycle' });
    await A.openFile(store, api, fileId);
    await A.setAttribute(store, api, 'anomaly', 'air cycle');
    expect(await stored('p-anom')).toMatchObject({ state: 'confirmed', source: 'stepcode', value: 'air cycle' });
    await A.undo(store, api);
    await A.setAttribute(store, api, 'anomaly', null);
    expect(await stored('p-anom')).toMatchObject({ state: 'rejected' });
    await A.undo(store, api);
    await A.setAttribute(store, api, 'anomaly', 'sensor fault');
    expect(await stored('p-anom')).toMatchObject({ state: 'confirmed', source: 'human', value: 'sensor fault', origin: { value: 'air cycle' } });
    await expectInSync(store);
  });
});
