/**
 * The keyboard review loop against the real back end (createBackend on a temp catalog through the in-memory
 * AppApi) and the real keyboard dispatch: which keys a focused control keeps (one rule), status and verdict
 * hotkeys, Enter / Ctrl+Enter confirm-and-next in the catalog's current filter, the messages at the ends of the
 * list, "file n of N", and the status following the labels after undo. No React.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend/createBackend';
import type { AppApi } from '../../../src/shared/api/contract';
import { encodeLatin1, generateSetitec } from '../../../src/shared/setitec/generator/index';
import { createMemoryApi } from '../../../src/renderer/api/memoryApi';
import { keyOwner } from '../../../src/renderer/features/annotate/controlKeys';
import { handleKeyDown, type KeyContext } from '../../../src/renderer/features/annotate/keyboard';
import { confirmedStatus, endOfListText, filePosition, followReviewInCatalog, positionText } from '../../../src/renderer/features/annotate/reviewKeys';
import * as A from '../../../src/renderer/state/annotateActions';
import { createAnnotateStore, type AnnotateStore } from '../../../src/renderer/state/annotateStore';
import { createCatalogStore, loadFiles, selectVisible, setFilter, type CatalogStore } from '../../../src/renderer/state/catalogStore';
import { DEFAULT_KEYMAP } from '../../../src/renderer/state/keymap';

const FILES = 4;
let dir: string;
let template: string;
let backend: Backend;
let api: AppApi;
let catalogs = 0;

// Generated files imported once into a template catalog; every test works on its own copy (any order).
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-review-keys-'));
  const data = path.join(dir, 'files');
  fs.mkdirSync(data);
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(data, `rev_${i}.xls`), encodeLatin1(generateSetitec({ seed: 500 + i, version: 9 }).text));
  template = path.join(dir, 'template.sqlite');
  const importer = createBackend({ host: 'memory', catalogPath: template });
  expect((await createMemoryApi(importer.dispatch).invoke('catalog.import', { dirs: [data] })).imported).toBe(FILES);
  await importer.dispose();
});

beforeEach(() => {
  const own = path.join(dir, `catalog-${++catalogs}`);
  fs.mkdirSync(own);
  fs.copyFileSync(template, path.join(own, 'catalog.sqlite'));
  backend = createBackend({ host: 'memory', catalogPath: path.join(own, 'catalog.sqlite') });
  api = createMemoryApi(backend.dispatch);
});

afterEach(async () => {
  await backend?.dispose();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A fake focused element: what the rule looks at (tag, type), and whether it was blurred or asked to open. */
function element(tagName: string, type?: string): EventTarget & { blurred: number; pickers: number } {
  const el = {
    tagName: tagName.toUpperCase(),
    type,
    blurred: 0,
    pickers: 0,
    blur() {
      el.blurred++;
    },
    showPicker() {
      el.pickers++;
    },
  };
  return el as unknown as EventTarget & { blurred: number; pickers: number };
}

interface Session {
  annotate: AnnotateStore;
  catalog: CatalogStore;
  ctx: KeyContext;
  /** Files opened through the key context, in order. */
  opened: number[];
  notices: Array<string | null>;
  /** Resolves once the file opened last has loaded and every edit is answered. */
  settled(): Promise<void>;
  press(key: string, mods?: { ctrl?: boolean; shift?: boolean; alt?: boolean; repeat?: boolean }, target?: EventTarget | null): boolean;
  order(): number[];
  dispose(): void;
}

/** The annotation view as the app wires it: keys → actions → back end, review changes patched into the catalog. */
async function session(): Promise<Session> {
  const annotate = createAnnotateStore();
  const catalog = createCatalogStore();
  await loadFiles(catalog, api);
  const opened: number[] = [];
  const notices: Array<string | null> = [];
  let loading: Promise<void> = Promise.resolve();
  const ctx: KeyContext = {
    api,
    annotate,
    catalog,
    keymap: DEFAULT_KEYMAP,
    openFile: (id) => {
      opened.push(id);
      loading = A.openFile(annotate, api, id);
    },
    notify: (text) => notices.push(text),
  };
  const off = followReviewInCatalog(annotate, catalog);
  return {
    annotate,
    catalog,
    ctx,
    opened,
    notices,
    async settled() {
      await loading;
      await A.whenSaved(annotate);
    },
    press: (key, mods = {}, target = null) =>
      handleKeyDown({ key, ctrlKey: !!mods.ctrl, altKey: !!mods.alt, shiftKey: !!mods.shift, metaKey: false, target, repeat: !!mods.repeat }, ctx),
    order: () => selectVisible(catalog.getState()).map((f) => f.id),
    dispose: off,
  };
}

const review = async (fileId: number) => api.invoke('files.getReview', { fileId });

describe('which keys a focused control keeps', () => {
  it('text fields keep every key but Escape; selects and buttons never keep the navigation keys', () => {
    const text = element('input', 'text');
    expect(['n', 'p', 'arrowleft', 'arrowdown', 'enter', 'ctrl+enter', 'shift+g'].map((k) => keyOwner(text, k))).toEqual(Array(7).fill('control'));
    expect(keyOwner(text, 'escape')).toBe('leave');
    expect(keyOwner(element('input', 'number'), 'arrowup')).toBe('control');
    expect(keyOwner(element('textarea'), 'n')).toBe('control');

    const select = element('select');
    expect(['n', 'p', 'arrowleft', 'arrowright', 'pagedown', 'shift+n', 'i', 'ctrl+enter'].map((k) => keyOwner(select, k))).toEqual(Array(8).fill('view'));
    expect(['arrowdown', 'arrowup', 'home', 'end'].map((k) => keyOwner(select, k))).toEqual(Array(4).fill('open'));
    expect(['enter', 'space', 'alt+arrowdown', 'tab'].map((k) => keyOwner(select, k))).toEqual(Array(4).fill('control'));
    expect(keyOwner(select, 'escape')).toBe('leave');

    const button = element('button');
    expect(['enter', 'space', 'tab', 'shift+tab'].map((k) => keyOwner(button, k))).toEqual(Array(4).fill('control'));
    expect(['n', 'p', 'arrowleft', 'i', 'shift+g', 'ctrl+enter'].map((k) => keyOwner(button, k))).toEqual(Array(6).fill('view'));
    expect(keyOwner(element('input', 'checkbox'), 'space')).toBe('control');
    expect(keyOwner(element('input', 'checkbox'), 'n')).toBe('view');
    expect(keyOwner(element('input', 'range'), 'arrowleft')).toBe('control');
    expect(keyOwner(element('input', 'range'), 'n')).toBe('view');
    expect(keyOwner(element('div'), 'enter')).toBe('view');
    expect(keyOwner(null, 'enter')).toBe('view');
  });

  it('n on a focused select opens the next file; ↓ opens its list instead of changing it; unused keys are dropped', async () => {
    const s = await session();
    const [first, second] = s.order();
    s.ctx.openFile(first!);
    await s.settled();
    const select = element('select');
    expect(s.press('ArrowDown', {}, select)).toBe(true);
    expect(select.pickers).toBe(1);
    // A letter the view does not use would pick an option by type-ahead: taken, and nothing happens.
    expect(s.press('q', {}, select)).toBe(true);
    expect(s.opened).toEqual([first]);
    expect(s.press('Escape', {}, select)).toBe(true);
    expect(select.blurred).toBe(1);
    expect(s.press('n', {}, select)).toBe(true);
    expect(s.opened).toEqual([first, second]);
    // In a text field n is a letter.
    expect(s.press('n', {}, element('input', 'text'))).toBe(false);
    expect(s.opened).toEqual([first, second]);
    // Enter on a button activates the button, it does not confirm the file.
    expect(s.press('Enter', {}, element('button'))).toBe(false);
    await s.settled();
    expect((await review(second!)).status).toBe('unlabelled');
    s.dispose();
  });
});

describe('status and verdict by hotkey', () => {
  it('i, l, r set the status; Shift+G/A/L/H set the verdict and the same key again clears it; durable', async () => {
    const s = await session();
    const fileId = s.order()[0]!;
    s.ctx.openFile(fileId);
    await s.settled();
    const steps: Array<[string, { shift?: boolean }, { status: string; verdict: string | null }]> = [
      ['i', {}, { status: 'in_progress', verdict: null }],
      ['l', {}, { status: 'labelled', verdict: null }],
      ['G', { shift: true }, { status: 'labelled', verdict: 'good' }],
      ['A', { shift: true }, { status: 'labelled', verdict: 'algorithm_error' }],
      ['L', { shift: true }, { status: 'labelled', verdict: 'labelling_error' }],
      ['H', { shift: true }, { status: 'labelled', verdict: 'hard_to_say' }],
      ['r', {}, { status: 'reviewed', verdict: 'hard_to_say' }],
      ['H', { shift: true }, { status: 'reviewed', verdict: null }],
    ];
    for (const [key, mods, expected] of steps) {
      expect(s.press(key, mods)).toBe(true);
      expect(s.annotate.getState().review, `after ${key}`).toEqual(expected);
      await s.settled();
      expect(await review(fileId), `stored after ${key}`).toEqual({ fileId, ...expected });
      expect(s.catalog.getState().files.find((f) => f.id === fileId)).toMatchObject(expected);
    }
    s.dispose();
  });
});

describe('confirm and next', () => {
  it('Ctrl+Enter marks the file labelled (reviewed with a verdict) and opens the next one of the filter', async () => {
    const s = await session();
    const order = s.order();
    s.ctx.openFile(order[0]!);
    await s.settled();
    expect(s.press('Enter', { ctrl: true })).toBe(true);
    await s.settled();
    expect(s.opened).toEqual([order[0], order[1]]);
    expect(s.annotate.getState().fileId).toBe(order[1]);
    expect((await review(order[0]!)).status).toBe('labelled');
    expect(s.catalog.getState().cursorId).toBe(order[1]);

    s.press('G', { shift: true });
    s.press('Enter', { ctrl: true });
    await s.settled();
    expect(await review(order[1]!)).toMatchObject({ status: 'reviewed', verdict: 'good' });
    expect(s.opened.at(-1)).toBe(order[2]);
    s.dispose();
  });

  it('Enter accepts a selected proposal (and stays); with no proposal selected it confirms and goes on', async () => {
    const s = await session();
    const order = s.order();
    const fileId = order[0]!;
    await api.invoke('labels.apply', {
      op: 'create',
      fileId,
      label: { id: 'p-exit', classId: 'exit', depth: 9, depthEnd: null, value: null, source: 'stepcode', confidence: 0.9, state: 'proposed', provenance: 'stepcode@1' },
    });
    s.ctx.openFile(fileId);
    await s.settled();
    A.select(s.annotate, 'p-exit');
    expect(s.press('Enter')).toBe(true);
    await s.settled();
    expect(s.opened).toEqual([fileId]);
    expect((await api.invoke('labels.list', { fileId }))[0]).toMatchObject({ id: 'p-exit', state: 'confirmed' });
    expect((await review(fileId)).status).toBe('in_progress');
    // The accepted label is still selected, but it is no proposal any more: Enter confirms the file.
    expect(s.press('Enter')).toBe(true);
    await s.settled();
    expect((await review(fileId)).status).toBe('labelled');
    expect(s.opened).toEqual([fileId, order[1]]);
    s.dispose();
  });

  it('in a filter by status the walk goes on from the confirmed file, which leaves the filter', async () => {
    const s = await session();
    const all = s.order();
    // The second file is already labelled: the unlabelled filter holds files 1, 3 and 4.
    await api.invoke('files.setReview', { fileId: all[1]!, status: 'labelled' });
    await loadFiles(s.catalog, api);
    setFilter(s.catalog, { status: 'unlabelled' });
    expect(s.order()).toEqual([all[0], all[2], all[3]]);
    s.ctx.openFile(all[2]!);
    await s.settled();
    expect(positionText(filePosition(s.catalog.getState(), all[2]!), true)).toBe('file 2 of 3');
    s.press('Enter', { ctrl: true });
    await s.settled();
    // Not back to the top of the list (file 1): the one after the confirmed file.
    expect(s.opened.at(-1)).toBe(all[3]);
    expect(s.order()).toEqual([all[0], all[3]]);
    // The confirmed file is out of the filter; p from the next one goes to the file before it in the list.
    s.press('p');
    await s.settled();
    expect(s.opened.at(-1)).toBe(all[0]);

    // A status set by hotkey takes the open file out of the filter too: n and p still go on from its place.
    await api.invoke('files.setReview', { fileId: all[2]!, status: 'unlabelled' });
    await loadFiles(s.catalog, api);
    s.ctx.openFile(all[2]!);
    await s.settled();
    s.press('l');
    expect(s.order()).toEqual([all[0], all[3]]);
    expect(positionText(filePosition(s.catalog.getState(), all[2]!), true)).toBe('outside the filter (2 in it)');
    s.press('n');
    await s.settled();
    expect(s.opened.at(-1)).toBe(all[3]);
    s.dispose();
  });

  it('at the end of the list: n and p say so and stay; confirming the last file confirms it and says so', async () => {
    const s = await session();
    const order = s.order();
    s.ctx.openFile(order[0]!);
    await s.settled();
    expect(s.press('p')).toBe(true);
    expect(s.opened).toEqual([order[0]]);
    expect(s.notices.at(-1)).toBe(endOfListText('prev', FILES));
    expect(s.notices.at(-1)).toMatch(/^First file of the current filter \(4 files\)/);

    s.ctx.openFile(order.at(-1)!);
    await s.settled();
    expect(s.press('n')).toBe(true);
    expect(s.opened).toEqual([order[0], order.at(-1)]);
    expect(s.notices.at(-1)).toMatch(/^Last file of the current filter \(4 files\): there is no next one/);
    // Any next key takes the message away (its text is about the previous key).
    s.press('i');
    expect(s.notices.at(-1)).toBeNull();
    s.press('Enter', { ctrl: true });
    await s.settled();
    expect(s.opened).toEqual([order[0], order.at(-1)]);
    expect((await review(order.at(-1)!)).status).toBe('labelled');
    expect(s.notices.at(-1)).toMatch(/^Marked labelled\. Last file of the current filter/);
    s.dispose();
  });

  it('a held Enter or verdict key decides once: its repeats neither confirm file after file nor flip the verdict', async () => {
    const s = await session();
    const order = s.order();
    s.ctx.openFile(order[0]!);
    await s.settled();
    s.press('G', { shift: true });
    expect(s.press('G', { shift: true, repeat: true })).toBe(true);
    s.press('Enter');
    for (let i = 0; i < 3; i++) expect(s.press('Enter', { repeat: true })).toBe(true);
    await s.settled();
    expect(s.opened).toEqual([order[0], order[1]]);
    expect(await review(order[0]!)).toMatchObject({ status: 'reviewed', verdict: 'good' });
    expect((await review(order[1]!)).status).toBe('unlabelled');
    // Navigation keys do repeat.
    s.press('n', { repeat: true });
    expect(s.opened.at(-1)).toBe(order[2]);
    s.dispose();
  });

  it('confirming keeps a reviewed file reviewed', () => {
    expect(confirmedStatus({ status: 'in_progress', verdict: null })).toBe('labelled');
    expect(confirmedStatus({ status: 'unlabelled', verdict: 'good' })).toBe('reviewed');
    expect(confirmedStatus({ status: 'reviewed', verdict: null })).toBe('reviewed');
  });
});

describe('position in the filter', () => {
  it('says file n of N, outside the filter, or not loaded', async () => {
    const s = await session();
    const order = s.order();
    expect(positionText(filePosition(s.catalog.getState(), order[2]!), true)).toBe('file 3 of 4');
    expect(positionText(filePosition(s.catalog.getState(), order[2]!), false)).toBe('file – of –');
    setFilter(s.catalog, { text: 'no such file anywhere' });
    expect(positionText(filePosition(s.catalog.getState(), order[2]!), true)).toBe('no file in the filter');
    setFilter(s.catalog, { text: 'rev_0' });
    expect(positionText(filePosition(s.catalog.getState(), order[2]!), true)).toBe('outside the filter (1 in it)');
    s.dispose();
  });
});

describe('the status follows the labels', () => {
  it('undoing every label brings the open file back to unlabelled, in the store, the catalog and the back end', async () => {
    const s = await session();
    const fileId = s.order()[0]!;
    s.ctx.openFile(fileId);
    await s.settled();
    s.annotate.setState({ cursorDepth: 4 });
    s.press('e');
    s.annotate.setState({ cursorDepth: 12 });
    s.press('x');
    await s.settled();
    expect(s.annotate.getState().review?.status).toBe('in_progress');
    expect(s.catalog.getState().files.find((f) => f.id === fileId)?.status).toBe('in_progress');
    s.press('z', { ctrl: true });
    await s.settled();
    expect(s.annotate.getState().review?.status).toBe('in_progress');
    s.press('z', { ctrl: true });
    await s.settled();
    expect(s.annotate.getState().labels).toEqual([]);
    expect(s.annotate.getState().review?.status).toBe('unlabelled');
    expect(s.catalog.getState().files.find((f) => f.id === fileId)?.status).toBe('unlabelled');
    expect((await review(fileId)).status).toBe('unlabelled');
    // Redo: the first label again starts the file.
    s.press('Z', { ctrl: true, shift: true });
    await s.settled();
    expect(s.annotate.getState().review?.status).toBe('in_progress');
    // Reopening (a reload) reads the same.
    s.ctx.openFile(fileId);
    await s.settled();
    expect(s.annotate.getState().review?.status).toBe('in_progress');
    s.dispose();
  });
});
