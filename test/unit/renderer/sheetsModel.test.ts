/**
 * The label-sheets panel without React: its pure logic (file checks, counts, rows with problems, wording,
 * export scopes, what to save) and its store's pick → preview → apply / cancel and export against the real
 * back end (createBackend on a temp catalog of generated files, through the in-memory AppApi). The panel as
 * React renders it is in sheetsPanel.test.ts.
 *
 * Node's environment, not jsdom: the in-memory AppApi structured-clones payloads, and under jsdom the clone
 * of a Uint8Array comes from another realm than the contract's `Uint8Array`. Node has File and Blob.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SHEET_BYTES, type SheetExport, type SheetPreview } from '../../../src/shared/api/sheets.contract';
import {
  applyText,
  changeRows,
  exportDownload,
  exportedText,
  exportScopes,
  pickScope,
  previewCountRows,
  problemRows,
  resultText,
  sheetFileProblem,
  withoutPrefix,
} from '../../../src/renderer/features/sheets/sheetsModel';
import * as S from '../../../src/renderer/features/sheets/sheetsStore';
import { LAYOUT, MIXED_CSV, sheetsTemplate, type SheetsCatalog, type SheetsTemplate } from './helpers/sheetsCatalog';

let template: SheetsTemplate;
let c: SheetsCatalog;

beforeAll(async () => {
  template = await sheetsTemplate();
});

beforeEach(async () => {
  c = await template.open();
});

afterEach(async () => {
  await c?.dispose();
});

afterAll(() => {
  template?.remove();
});

/** A DOM File, as the file input hands it over. */
const csvFile = (text: string, name = 'thickness.csv'): File => new File([text], name, { type: 'text/csv' });

async function preview(text: string): Promise<SheetPreview> {
  return c.api.invoke('labels.previewSheet', { fileName: 'thickness.csv', bytes: new TextEncoder().encode(text) });
}

describe('label sheets: pure logic', () => {
  it('says which picked files cannot be sent, naming the file and what was expected', () => {
    expect(sheetFileProblem('thickness.csv', 10)).toBeNull();
    expect(sheetFileProblem('Thickness.XLSX', 10)).toBeNull();
    expect(sheetFileProblem('udw-labels.json', 10)).toBeNull();
    expect(sheetFileProblem('notes.txt', 10)).toBe('notes.txt: expected a label sheet ending in .xlsx, .csv, .json');
    expect(sheetFileProblem('empty.csv', 0)).toMatch(/^empty\.csv: the file is empty; expected a sheet with a header row/);
    expect(sheetFileProblem('huge.xlsx', MAX_SHEET_BYTES + 1)).toBe('huge.xlsx: 4.0 MiB; expected a sheet of at most 4 MiB');
    expect(sheetFileProblem('edge.csv', MAX_SHEET_BYTES)).toBeNull();
  });

  it('takes the location prefix off messages the table shows beside their row and file', () => {
    expect(withoutPrefix("row 4: name 'nope.xls': no file of the catalog has this name", "name 'nope.xls'")).toBe('no file of the catalog has this name');
    // A sentence that starts with its rows keeps them: without them it would not read.
    expect(withoutPrefix('rows 6, 7 all name /d/a/x4.xls; none of them is applied', '')).toBe('rows 6, 7 all name /d/a/x4.xls; none of them is applied');
    expect(withoutPrefix('row 3, column B (stack_thickness): expected a number', 'x3.xls')).toBe('column B (stack_thickness): expected a number');
    // JSON entries say where inside the entry; that stays.
    expect(withoutPrefix('entry 2 (files[1].labels[0], entry): expected a confirmed label', '')).toBe('entry 2 (files[1].labels[0], entry): expected a confirmed label');
  });

  it('words the apply button, the result and the export plainly', () => {
    expect([applyText(0), applyText(1), applyText(3)]).toEqual(['Nothing to apply', 'Apply 1 change', 'Apply 3 changes']);
    const counts = { rows: 6, matched: 2, unmatched: 1, ambiguous: 1, duplicate: 2, changes: 1, unchanged: 0, blank: 0, problems: 1 };
    expect(resultText({ applied: [{}] as never, files: 1, preview: { counts } as SheetPreview })).toBe(
      'Applied 1 change to 1 file; 4 rows not applied (unmatched, ambiguous or duplicate); 1 value left out.',
    );
    expect(resultText({ applied: [{}, {}] as never, files: 2, preview: { counts: { ...counts, unmatched: 0, ambiguous: 0, duplicate: 0, problems: 0 } } as SheetPreview })).toBe(
      'Applied 2 changes to 2 files.',
    );
    expect(exportedText({ fileName: 'udw-labels-x.csv', files: 1, labels: 0 })).toBe('Saved udw-labels-x.csv: 1 file, 0 labels.');
    expect(previewCountRows(counts).map((r) => [r.key, r.count])).toEqual([
      ['rows', 6],
      ['matched', 2],
      ['unmatched', 1],
      ['ambiguous', 1],
      ['duplicate', 2],
      ['changes', 1],
      ['unchanged', 0],
      ['problems', 1],
    ]);
  });

  it('offers the files the filter shows only when it narrows the catalog, and falls back to all when it no longer does', () => {
    const all = [{ id: 1 }, { id: 2 }, { id: 3 }];
    expect(exportScopes(all, all).map((s) => [s.key, s.fileIds, s.files])).toEqual([['all', undefined, 3]]);
    expect(exportScopes(all, []).map((s) => s.key)).toEqual(['all']);
    const narrowed = exportScopes(all, [{ id: 3 }, { id: 1 }]);
    expect(narrowed.map((s) => [s.key, s.fileIds, s.title])).toEqual([
      ['all', undefined, 'All files (3 files)'],
      ['shown', [3, 1], 'Files shown by the filter (2 files)'],
    ]);
    expect(pickScope(narrowed, 'shown').key).toBe('shown');
    expect(pickScope(exportScopes(all, all), 'shown').key).toBe('all');
  });

  it('saves an export as its text or its bytes, and refuses one that has neither', () => {
    const base: SheetExport = { fileName: 'f.csv', format: 'csv', mime: 'text/csv; charset=utf-8', text: 'a,b', bytes: null, files: 1, labels: 1 };
    expect(exportDownload(base)).toEqual({ fileName: 'f.csv', mime: 'text/csv; charset=utf-8', data: 'a,b' });
    const bytes = new Uint8Array([80, 75, 3, 4]);
    expect(exportDownload({ ...base, fileName: 'f.xlsx', text: null, bytes }).data).toBe(bytes);
    expect(() => exportDownload({ ...base, text: null })).toThrow(/labels export f\.csv: the back end sent neither text nor bytes/);
  });

  it('lists every refused row of a real preview by row, with the file it names and what was expected', async () => {
    const p = await preview(MIXED_CSV);
    expect(p.counts).toMatchObject({ rows: 6, matched: 2, unmatched: 1, ambiguous: 1, duplicate: 2, changes: 1, problems: 1 });
    const rows = problemRows(p);
    expect(rows.map((r) => [r.rows, r.file, r.kind])).toEqual([
      ['3', 'x3.xls', 'problem'],
      ['4', "name 'nope.xls'", 'unmatched'],
      ['5', "name 'x2.xls'", 'ambiguous'],
      ['6, 7', 'x4.xls', 'duplicate'],
    ]);
    expect(rows[0]!.message).toMatch(/^column B \(stack_thickness\): expected a number/);
    expect(rows[1]!.message).toBe('no file of the catalog has this name');
    expect(rows[2]!.message).toMatch(/^2 files fit/);
    expect(rows[3]!.message).toMatch(/^rows 6, 7 all name .*x4\.xls; none of them is applied/);
    expect(changeRows(p.changes)).toEqual([{ key: '0', row: 2, file: 'x1.xls', classId: 'stack_thickness', before: '–', after: '8.4' }]);
  });
});

describe('label sheets: store against the real back end', () => {
  let store: S.SheetsStore;
  beforeEach(() => {
    store = S.createSheetsStore({ open: true });
  });

  it('previews a picked file without changing anything, then applies exactly what it showed', async () => {
    await S.pickSheet(store, c.api, csvFile(MIXED_CSV));
    const s = store.getState();
    expect(s.phase).toBe('preview');
    expect(s.sheet?.fileName).toBe('thickness.csv');
    expect(s.preview!.counts).toMatchObject({ matched: 2, unmatched: 1, changes: 1 });
    for (const f of c.files) expect(await c.api.invoke('labels.list', { fileId: f.id })).toEqual([]);

    const result = await S.applySheet(store, c.api);
    expect(store.getState()).toMatchObject({ phase: 'applied', error: null });
    expect(result!.applied).toHaveLength(1);
    expect(result!.files).toBe(1);
    expect(await c.stackThickness(c.fileNamed('a', 'x1.xls'))).toBe(8.4);
    for (const [folder, name] of LAYOUT.slice(1)) expect(await c.stackThickness(c.fileNamed(folder, name))).toBeNull();
    // Nothing left to apply: a second apply does nothing.
    expect(await S.applySheet(store, c.api)).toBeNull();
  });

  it('refuses to apply when the catalog moved since the preview, and shows the sheet as it now reads', async () => {
    const sheet = ['name,stack_thickness', 'x1.xls,8.4', 'x3.xls,9.1'].join('\n');
    await S.pickSheet(store, c.api, csvFile(sheet));
    expect(store.getState().preview!.counts.changes).toBe(2);
    // Someone else (the CLI, another window) sets one of the values meanwhile.
    await c.api.invoke('labels.apply', {
      op: 'create',
      fileId: c.fileNamed('a', 'x3.xls').id,
      label: { id: 'other-window-1', classId: 'stack_thickness', depth: null, depthEnd: null, value: 9.1 },
    });

    expect(await S.applySheet(store, c.api)).toBeNull();
    const s = store.getState();
    expect(s.phase).toBe('preview');
    expect(s.error).toMatch(/^Nothing was applied: /);
    expect(s.preview!.counts).toMatchObject({ changes: 1, unchanged: 1 });
    expect(await c.stackThickness(c.fileNamed('a', 'x1.xls'))).toBeNull();

    // Applying the fresh preview goes through.
    expect((await S.applySheet(store, c.api))!.applied).toHaveLength(1);
    expect(await c.stackThickness(c.fileNamed('a', 'x1.xls'))).toBe(8.4);
  });

  it('says what is wrong with a file before sending it, and what the back end refused', async () => {
    await S.pickSheet(store, c.api, csvFile('a,b', 'notes.txt'));
    expect(store.getState()).toMatchObject({ phase: 'choose', sheet: null, preview: null, error: 'notes.txt: expected a label sheet ending in .xlsx, .csv, .json' });

    await S.pickSheet(store, c.api, new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], 'broken.xlsx'));
    const s = store.getState();
    expect(s.phase).toBe('choose');
    expect(s.error).toMatch(/broken\.xlsx/);
  });

  it('forgets the sheet on cancel, and keeps the panel open', async () => {
    await S.pickSheet(store, c.api, csvFile(MIXED_CSV));
    S.cancelSheet(store);
    expect(store.getState()).toMatchObject({ open: true, phase: 'choose', sheet: null, preview: null, error: null });
    expect(await S.applySheet(store, c.api)).toBeNull();
    for (const f of c.files) expect(await c.api.invoke('labels.list', { fileId: f.id })).toEqual([]);
  });

  it('exports all files or the ones asked for, and reports an export the back end refuses', async () => {
    await c.api.invoke('labels.apply', { op: 'create', fileId: c.fileNamed('a', 'x1.xls').id, label: { id: 'seed-1', classId: 'stack_thickness', depth: null, depthEnd: null, value: 8.4 } });
    const all = await S.exportSheet(store, c.api, 'csv', undefined);
    expect(all).toMatchObject({ format: 'csv', files: LAYOUT.length, labels: 1 });
    expect(store.getState().exported).toEqual({ fileName: all!.fileName, files: LAYOUT.length, labels: 1 });
    const lines = all!.text!.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(LAYOUT.length + 1);

    const one = await S.exportSheet(store, c.api, 'xlsx', [c.fileNamed('b', 'x2.xls').id]);
    expect(one).toMatchObject({ format: 'xlsx', files: 1, labels: 0, text: null });
    expect([...one!.bytes!.slice(0, 2)]).toEqual([0x50, 0x4b]);

    expect(await S.exportSheet(store, c.api, 'json', [999_999])).toBeNull();
    expect(store.getState()).toMatchObject({ exporting: false, exported: null });
    expect(store.getState().exportError).toMatch(/file 999999 not in the catalog/);
  });
});
