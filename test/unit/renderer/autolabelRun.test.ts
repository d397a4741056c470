/**
 * The catalog page's batch auto-label run: the scopes it offers and the preview's rows (pure), and the
 * store's run → progress → preview → commit / discard / cancel against the real back end (createBackend on
 * a temp catalog of generated files whose programs have sensing triggers, through the in-memory AppApi
 * with the back end's events delivered to it). No React.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend/createBackend';
import type { FileRow } from '../../../src/shared/api/catalog.contract';
import type { AutolabelProgress } from '../../../src/shared/api/autolabel.contract';
import { encodeLatin1, generateSetitec, type Family } from '../../../src/shared/setitec/generator/index';
import { createMemoryApi, type MemoryApi } from '../../../src/renderer/api/memoryApi';
import { classRows, defaultScopeKey, formatRate, parseThreshold, scopeOptions, tierRows } from '../../../src/renderer/features/autolabel/autolabelModel';
import { EMPTY_FILTER } from '../../../src/renderer/features/catalog/catalogModel';
import * as AL from '../../../src/renderer/state/autolabelStore';

let dir: string;
let template: string;
let backend: Backend;
let api: MemoryApi;
let files: FileRow[];
let catalogs = 0;
const SENSING: Family[] = ['mdbmql', 'mdb4', 'ham'];

// Generated files in two folders, imported once into a template catalog; every test gets its own copy.
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-autolabel-ui-'));
  for (const [folder, n] of [
    ['a', 3],
    ['b', 2],
  ] as const) {
    fs.mkdirSync(path.join(dir, 'files', folder), { recursive: true });
    for (let i = 0; i < n; i++) {
      const g = generateSetitec({ seed: 510 + i + (folder === 'b' ? 10 : 0), version: 9, family: SENSING[i % SENSING.length] });
      fs.writeFileSync(path.join(dir, 'files', folder, `${folder}_${i}.xls`), encodeLatin1(g.text));
    }
  }
  template = path.join(dir, 'template.sqlite');
  const importer = createBackend({ host: 'memory', catalogPath: template });
  const summary = await createMemoryApi(importer.dispatch).invoke('catalog.import', { dirs: [path.join(dir, 'files')] });
  expect(summary.imported).toBe(5);
  await importer.dispose();
});

let offEvents: () => void = () => undefined;
beforeEach(async () => {
  const own = path.join(dir, `catalog-${++catalogs}`);
  fs.mkdirSync(own);
  fs.copyFileSync(template, path.join(own, 'catalog.sqlite'));
  backend = createBackend({ host: 'memory', catalogPath: path.join(own, 'catalog.sqlite') });
  api = createMemoryApi(backend.dispatch);
  offEvents = backend.events.subscribe((channel, payload) => api.emit(channel, payload));
  files = await api.invoke('catalog.listFiles', {});
});

afterEach(async () => {
  offEvents();
  await backend?.dispose();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const folderOf = (name: 'a' | 'b'): string => files.find((f) => f.name.startsWith(`${name}_`))!.folder;

describe('auto-label scopes and preview rows', () => {
  const row = (id: number, folder: string, name: string) => ({ id, folder, name }) as FileRow;
  const all = [row(1, '/d/a', 'a_0.xls'), row(2, '/d/a', 'a_1.xls'), row(3, '/d/a/sub', 'a_2.xls'), row(4, '/d/b', 'b_0.xls')];

  it('offers the whole catalog, the chosen folder (with its subfolders), the filtered rows and the cursor row', () => {
    expect(scopeOptions({ files: all, visible: all, filter: EMPTY_FILTER, cursorId: null, root: '/d' }).map((o) => o.key)).toEqual(['all']);
    const inA = all.slice(0, 3);
    const folder = scopeOptions({ files: all, visible: inA, filter: { ...EMPTY_FILTER, folder: '/d/a' }, cursorId: 2, root: '/d' });
    expect(folder.map((o) => [o.key, o.files])).toEqual([
      ['all', 4],
      ['folder', 3],
      ['selected', 1],
    ]);
    expect(folder[1]!.scope).toEqual({ kind: 'folder', folder: '/d/a' });
    expect(folder[1]!.title).toBe('Folder a (3 files)');
    expect(folder[2]!.scope).toEqual({ kind: 'files', fileIds: [2] });
    expect(defaultScopeKey(folder)).toBe('folder');
    // A search narrowing the folder further offers exactly the rows shown.
    const searched = scopeOptions({ files: all, visible: [all[2]!], filter: { ...EMPTY_FILTER, folder: '/d/a', text: 'a_2' }, cursorId: null, root: '/d' });
    expect(searched.find((o) => o.key === 'shown')!.scope).toEqual({ kind: 'files', fileIds: [3] });
  });

  it('orders class counts as the schema does, names tiers by their bounds, and reads thresholds', () => {
    const rows = classRows({ byClass: { exit: 2, entry: 5, mystery: 1, cfrp: 0 } }, [
      { id: 'entry', name: 'Entry' },
      { id: 'exit', name: 'Exit' },
      { id: 'cfrp', name: 'CFRP' },
    ]);
    expect(rows.map((r) => [r.title, r.count])).toEqual([
      ['Entry', 5],
      ['Exit', 2],
      ['mystery', 1],
    ]);
    expect(tierRows({ byTier: { high: 3, medium: 2, low: 1 } }).map((r) => r.title)).toEqual(['high (≥ 0.8)', 'medium (≥ 0.5)', 'low (< 0.5)']);
    expect(formatRate(0)).toBe('– files/s');
    expect(formatRate(3.456)).toBe('3.46 files/s');
    expect(formatRate(812.3)).toBe('812 files/s');
    expect([parseThreshold('0.8'), parseThreshold('1'), parseThreshold('1.2'), parseThreshold(''), parseThreshold('x')]).toEqual([0.8, 1, null, null, null]);
  });
});

describe('auto-label run against the real back end', () => {
  let store: AL.AutolabelStore;
  beforeEach(() => {
    store = AL.createAutolabelStore();
  });

  it('runs on a folder with progress, previews without writing, then commits accepting the confident ones', async () => {
    const folder = folderOf('a');
    const progress: AutolabelProgress[] = [];
    const seen = store.subscribe((s) => {
      if (s.progress && s.progress !== progress.at(-1)) progress.push(s.progress);
    });
    const run = AL.runAutolabel(store, api, { scope: { kind: 'folder', folder }, scopeTitle: 'Folder a', minConfidence: 0 });
    expect(store.getState().phase).toBe('running');
    await run;
    seen();
    const s = store.getState();
    expect(s.phase).toBe('preview');
    expect(s.preview).toMatchObject({ state: 'complete', summary: { files: 3, done: 3 } });
    expect(s.preview!.summary.bySource.stepcode).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ done: 3, total: 3 });
    // A preview writes nothing.
    for (const f of files) expect(await api.invoke('labels.list', { fileId: f.id })).toEqual([]);

    const result = await AL.commit(store, api, 0.8);
    expect(store.getState()).toMatchObject({ phase: 'committed', jobId: null });
    expect(result!.files).toBe(3);
    const stored = (await Promise.all(files.filter((f) => f.folder === folder).map((f) => api.invoke('labels.list', { fileId: f.id })))).flat();
    expect(stored.length).toBe(result!.created);
    const accepted = stored.filter((l) => l.state === 'confirmed');
    expect(accepted.length).toBe(result!.accepted);
    expect(accepted.every((l) => l.confidence! >= 0.8)).toBe(true);
    expect(stored.filter((l) => l.state === 'proposed').every((l) => l.confidence! < 0.8)).toBe(true);
    // Files of the other folder were not touched.
    for (const f of files.filter((x) => x.folder !== folder)) expect(await api.invoke('labels.list', { fileId: f.id })).toEqual([]);

    await AL.closePanel(store, api);
    expect(store.getState()).toMatchObject({ open: false, phase: 'idle', result: null });
  });

  it('discarding a preview writes nothing and lets the back end drop the job', async () => {
    await AL.runAutolabel(store, api, { scope: { kind: 'all' }, scopeTitle: 'All', minConfidence: 0.5 });
    const jobId = store.getState().jobId!;
    expect(store.getState().preview!.minConfidence).toBe(0.5);
    await AL.discard(store, api);
    expect(store.getState()).toMatchObject({ phase: 'idle', jobId: null, preview: null });
    await expect(api.invoke('autolabel.commit', { jobId })).rejects.toThrow();
    for (const f of files) expect(await api.invoke('labels.list', { fileId: f.id })).toEqual([]);
  });

  it('a cancelled run previews what it computed and resumes to the end', async () => {
    // Cancel as soon as the first file is done (the progress event), so the run stops early whatever the speed.
    const off = api.on('autolabel.progress', (p) => {
      if (p.done >= 1) void AL.cancelRun(store, api);
    });
    await AL.runAutolabel(store, api, { scope: { kind: 'all' }, scopeTitle: 'All', minConfidence: 0 });
    off();
    const first = store.getState().preview!;
    // The back end honours a cancel before the next file starts (it yields between files).
    expect(first).toMatchObject({ state: 'cancelled', summary: { files: 5 } });
    expect(first.summary.done).toBeLessThan(5);
    expect(store.getState().cancelling).toBe(false);
    await AL.runAutolabel(store, api, { resume: true });
    expect(store.getState().preview).toMatchObject({ state: 'complete', summary: { files: 5, done: 5 } });
    await AL.discard(store, api);
  });

  it('an error of the run is shown and leaves no job behind', async () => {
    await AL.runAutolabel(store, api, { scope: { kind: 'files', fileIds: [999_999] }, scopeTitle: 'nothing', minConfidence: 0 });
    expect(store.getState()).toMatchObject({ phase: 'idle', jobId: null, preview: null });
    expect(store.getState().error).toMatch(/999999/);
  });
});
