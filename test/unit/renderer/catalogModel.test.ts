import { describe, expect, it } from 'vitest';
import type { FileRow } from '../../../src/shared/api/catalog.contract';
import {
  commonFolder,
  filterFiles,
  folderTree,
  folderWithin,
  neighbourFile,
  nextUnlabelled,
  relativeFolder,
  sortFiles,
  statusCounts,
  toggleSort,
} from '../../../src/renderer/features/catalog/catalogModel';
import { createCatalogStore, moveCursor, patchFile, selectVisible, setFilter, clickHeader } from '../../../src/renderer/state/catalogStore';

let nextId = 1;
function row(folder: string, name: string, extra: Partial<FileRow> = {}): FileRow {
  return {
    id: nextId++,
    path: `${folder}/${name}`,
    folder,
    name,
    size: 1000,
    hash: 'h',
    version: 9,
    date: '2024-01-01T10:00:00',
    headName: 'HEAD',
    headTag: null,
    globalCounter: null,
    localCounter: null,
    rowCount: 100,
    steps: [1, 2],
    depthMin: 0.5,
    depthMax: 10,
    findings: { error: 0, warning: 0, info: 0 },
    status: 'unlabelled',
    verdict: null,
    labelCount: 0,
    missing: false,
    duplicateOf: null,
    parseError: null,
    ...extra,
  };
}

const R = '/data/setitec';
const files = [
  row(`${R}/TUHH/009_V9`, 'V9_010.xls', { status: 'labelled', depthMax: 12, version: 9 }),
  row(`${R}/TUHH/009_V9`, 'V9_002.xls', { depthMax: null, date: null }),
  row(`${R}/TUHH/010_V10`, 'V10_001.xls', { status: 'in_progress', headName: 'P6TL' }),
  row(`${R}/misc`, 'a.xls', { version: 4, depthMax: 3, verdict: 'good', status: 'reviewed', findings: { error: 1, warning: 0, info: 2 } }),
  row(`${R}/TUHH/009_V9b`, 'x.xls', { version: 11 }),
];

describe('catalog filtering', () => {
  it('filters by status, by folder (with subfolders, separator-aware) and by free text words', () => {
    expect(filterFiles(files, { status: 'labelled', folder: null, text: '' }).map((f) => f.name)).toEqual(['V9_010.xls']);
    expect(filterFiles(files, { status: null, folder: `${R}/TUHH`, text: '' }).length).toBe(4);
    expect(filterFiles(files, { status: null, folder: `${R}/TUHH/009_V9`, text: '' }).map((f) => f.name).sort()).toEqual(['V9_002.xls', 'V9_010.xls']);
    expect(filterFiles(files, { status: null, folder: null, text: 'tuhh p6tl' }).map((f) => f.name)).toEqual(['V10_001.xls']);
    expect(filterFiles(files, { status: 'unlabelled', folder: `${R}/TUHH`, text: 'V9' }).map((f) => f.name).sort()).toEqual(['V9_002.xls', 'x.xls']);
    expect(folderWithin('/a/b', '/a/')).toBe(true);
    expect(folderWithin('/a/bc', '/a/b')).toBe(false);
    expect(folderWithin('C:\\data\\x', 'C:\\data')).toBe(true);
  });

  it('sorts with natural order, both directions, nulls last', () => {
    const byName = sortFiles(files, { key: 'name', dir: 'asc' }).map((f) => f.name);
    expect(byName).toEqual(['a.xls', 'V9_002.xls', 'V9_010.xls', 'V10_001.xls', 'x.xls']);
    const depthDesc = sortFiles(files, { key: 'depth', dir: 'desc' }).map((f) => f.depthMax);
    expect(depthDesc).toEqual([12, 10, 10, 3, null]);
    const depthAsc = sortFiles(files, { key: 'depth', dir: 'asc' }).map((f) => f.depthMax);
    expect(depthAsc).toEqual([3, 10, 10, 12, null]);
    expect(sortFiles(files, { key: 'status', dir: 'asc' }).map((f) => f.status)).toEqual(['unlabelled', 'unlabelled', 'in_progress', 'labelled', 'reviewed']);
    expect(sortFiles(files, { key: 'findings', dir: 'desc' })[0]!.name).toBe('a.xls');
    expect(toggleSort({ key: 'name', dir: 'asc' }, 'name')).toEqual({ key: 'name', dir: 'desc' });
    expect(toggleSort({ key: 'name', dir: 'desc' }, 'date')).toEqual({ key: 'date', dir: 'asc' });
  });

  it('counts statuses', () => {
    expect(statusCounts(files)).toEqual({ unlabelled: 2, in_progress: 1, labelled: 1, reviewed: 1, total: 5 });
  });

  it('builds the folder tree under the common root with totals', () => {
    expect(commonFolder(files.map((f) => f.folder))).toBe(R);
    expect(relativeFolder(`${R}/TUHH/009_V9`, R)).toBe('TUHH/009_V9');
    const tree = folderTree(files)!;
    expect(tree.path).toBe(R);
    expect(tree.total).toBe(5);
    expect(tree.unlabelled).toBe(2);
    expect(tree.children.map((c) => c.name)).toEqual(['misc', 'TUHH']);
    const tuhh = tree.children[1]!;
    expect(tuhh.total).toBe(4);
    expect(tuhh.own).toBe(0);
    expect(tuhh.children.map((c) => `${c.name}:${c.total}:${c.unlabelled}`)).toEqual(['009_V9:2:1', '009_V9b:1:1', '010_V10:1:0']);
    expect(folderTree([])).toBeNull();
    // A folder that holds nothing but one subfolder is shown compacted.
    const deep = folderTree([row('/d/x/y/z', 'a.xls'), row('/d/w', 'b.xls')])!;
    expect(deep.children.map((c) => c.name)).toEqual(['w', 'x/y/z']);
    expect(deep.children[1]!.path).toBe('/d/x/y/z');
    expect(folderTree([row('/only', 'a.xls')])!.children).toEqual([]);
  });

  it('finds next/previous and the next unlabelled file in the visible order (wrapping)', () => {
    const order = sortFiles(files, { key: 'name', dir: 'asc' });
    const ids = order.map((f) => f.id);
    expect(neighbourFile(order, ids[1]!, 1)!.id).toBe(ids[2]);
    expect(neighbourFile(order, ids[1]!, -1)!.id).toBe(ids[0]);
    expect(neighbourFile(order, ids[4]!, 1)).toBeNull();
    expect(neighbourFile(order, null, 1)!.id).toBe(ids[0]);
    // order: a(reviewed) V9_002(unl) V9_010(lab) V10_001(inp) x(unl)
    expect(nextUnlabelled(order, ids[1]!)!.name).toBe('x.xls');
    expect(nextUnlabelled(order, ids[4]!)!.name).toBe('V9_002.xls');
    expect(nextUnlabelled(order.filter((f) => f.status !== 'unlabelled'), ids[0]!)).toBeNull();
  });
});

describe('catalog store', () => {
  it('filters, sorts by header clicks, moves the cursor and patches rows', () => {
    const store = createCatalogStore({ files, loaded: true });
    clickHeader(store, 'name');
    expect(selectVisible(store.getState())[0]!.name).toBe('a.xls');
    clickHeader(store, 'name');
    expect(selectVisible(store.getState())[0]!.name).toBe('x.xls');
    setFilter(store, { folder: `${R}/TUHH/009_V9` });
    expect(selectVisible(store.getState()).map((f) => f.name)).toEqual(['V9_010.xls', 'V9_002.xls']);
    expect(moveCursor(store, 1)).toBe(selectVisible(store.getState())[0]!.id);
    expect(moveCursor(store, 1)).toBe(selectVisible(store.getState())[1]!.id);
    expect(moveCursor(store, 1)).toBe(selectVisible(store.getState())[1]!.id); // clamped
    expect(moveCursor(store, -1e9)).toBe(selectVisible(store.getState())[0]!.id);
    const before = store.getState().files;
    patchFile(store, files[1]!.id, { status: 'in_progress' });
    expect(store.getState().files).not.toBe(before);
    expect(store.getState().files[1]!.status).toBe('in_progress');
    const same = store.getState().files;
    patchFile(store, files[1]!.id, { status: 'in_progress' });
    expect(store.getState().files).toBe(same);
  });
});
