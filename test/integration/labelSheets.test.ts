/**
 * Label sheets through the real back end (dispatch with contract validation) on real catalogs of generated
 * files: JSON, CSV and .xlsx exports read back to no change in the same catalog and to the same labels in a
 * fresh one; a hand-made sheet's unmatched, ambiguous, duplicate and ill-typed rows are reported and change
 * nothing until applied; applied changes are ordinary label edits (history, undo, events).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import { ApiError } from '../../src/shared/api/errors';
import type { Label, LabelEdit } from '../../src/shared/api/labels.contract';
import { MAX_SHEET_BYTES, type SheetApplyResult, type SheetExport, type SheetPreview } from '../../src/shared/api/sheets.contract';
import { inverseEdit } from '../../src/shared/labels/labelEditOps';
import { encodeLatin1, generateCorpus } from '../../src/shared/setitec/generator/index';
import { FileReviewStore } from '../../src/main/labels/fileReview';
import { LabelSchemaStore } from '../../src/main/labels/labelSchemaStore';
import { LabelStore } from '../../src/main/labels/labelStore';
import { loadExcel } from '../../src/main/labels/sheets/loadExcel';
import { SheetService } from '../../src/main/labels/sheets/sheetService';
import { startHttpHost } from '../../src/main/host/httpHost';
import { fromWireJson, toWireJson } from '../../src/shared/api/wire';
import { tempBackend, type TempBackend } from '../helpers/tempBackend';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A folder of `count` generated Setitec files: in a/ and b/, or all in one folder. */
function dataFolder(count: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-sheets-'));
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  generateCorpus(count, 7, { rows: 200 }).forEach((f, i) => {
    const dir = path.join(root, i % 2 === 0 ? 'a' : 'b');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, f.name), encodeLatin1(f.text));
  });
  return root;
}

interface Catalog {
  t: TempBackend;
  rows: FileRow[];
  call<T>(channel: string, payload: unknown): Promise<T>;
}

/** A fresh catalog with every file of `data` imported. */
async function catalogOf(data: string, host: 'memory' | 'web' = 'memory'): Promise<Catalog> {
  const t = tempBackend(host);
  cleanups.push(() => t.cleanup());
  const call = <T>(channel: string, payload: unknown): Promise<T> => t.backend.dispatch(channel, payload) as Promise<T>;
  await call('catalog.import', { dirs: [data] });
  return { t, call, rows: await call<FileRow[]>('catalog.listFiles', {}) };
}

let ids = 0;
const id = (): string => `t-${process.pid}-${++ids}`;

async function create(c: Catalog, fileId: number, label: Record<string, unknown>): Promise<Label> {
  const res = await c.call<{ label: Label }>('labels.apply', { op: 'create', fileId, label: { id: id(), depth: null, depthEnd: null, value: null, ...label } });
  return res.label;
}

/** Key points, ranges, every attribute type, machine-made and proposed labels, text that needs care in CSV. */
async function seed(c: Catalog): Promise<void> {
  const [f1, f2, f3] = c.rows;
  await create(c, f1!.id, { classId: 'entry', depth: 1.25 });
  await create(c, f1!.id, { classId: 'exit', depth: 9.75 });
  await create(c, f1!.id, { classId: 'cfrp', depth: 1.25, depthEnd: 5.5 });
  await create(c, f1!.id, { classId: 'air', depth: 0, depthEnd: 1.25 });
  await create(c, f1!.id, { classId: 'air', depth: 9.75, depthEnd: 12 });
  await create(c, f1!.id, { classId: 'stack_thickness', value: 8.4 });
  await create(c, f1!.id, { classId: 'predrilled', value: false });
  await create(c, f1!.id, { classId: 'comment', value: 'burr, "big" one\non exit' });
  await create(c, f2!.id, { classId: 'stack_thickness', value: 7.123456789 });
  await create(c, f2!.id, { classId: 'anomaly', value: 'tool break' });
  await create(c, f2!.id, { classId: 'comment', value: '=HYPERLINK("x")' });
  // A stop-code label a human accepted, and one still proposed: only the first is a label.
  await create(c, f2!.id, { classId: 'entry', depth: 0.5, source: 'stepcode', provenance: 'stepcode@1', confidence: 0.9, state: 'confirmed' });
  await create(c, f3!.id, { classId: 'exit', depth: 11, source: 'stepcode', provenance: 'stepcode@1', confidence: 0.9, state: 'proposed' });
  await create(c, f3!.id, { classId: 'predrilled', value: true, source: 'heuristic', provenance: 'heuristic-x@1', confidence: 0.4, state: 'proposed' });
}

async function exported(c: Catalog, format: 'json' | 'csv' | 'xlsx'): Promise<{ sheet: SheetExport; bytes: Uint8Array }> {
  const sheet = await c.call<SheetExport>('labels.exportSheet', { format });
  const bytes = sheet.bytes ?? new TextEncoder().encode(sheet.text ?? '');
  return { sheet, bytes };
}

/** What a label is, without where and when it was made. */
function essence(labels: readonly Label[], kinds: 'attributes' | 'all') {
  return labels
    .filter((l) => l.state === 'confirmed' && (kinds === 'all' || l.depth === null))
    .map((l) => ({ classId: l.classId, depth: l.depth, depthEnd: l.depthEnd, value: l.value, source: l.source, provenance: l.provenance, confidence: l.confidence }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

async function labelsByPath(c: Catalog): Promise<Map<string, Label[]>> {
  const out = new Map<string, Label[]>();
  for (const r of c.rows) out.set(r.path, await c.call<Label[]>('labels.list', { fileId: r.id }));
  return out;
}

async function historyLength(c: Catalog): Promise<number> {
  let n = 0;
  for (const r of c.rows) n += (await c.call<unknown[]>('labels.history', { fileId: r.id })).length;
  return n;
}

describe('labels.exportSheet', () => {
  it('writes one row per file with key points, ranges, attributes, grip code, status, source and provenance; proposals left out', async () => {
    const c = await catalogOf(dataFolder(4));
    await seed(c);
    const { sheet } = await exported(c, 'csv');
    expect(sheet).toMatchObject({ format: 'csv', mime: 'text/csv; charset=utf-8', files: 4, labels: 12, bytes: null });
    expect(sheet.fileName).toMatch(/^udw-labels-\d{8}-\d{6}\.csv$/);
    expect(sheet.text!.startsWith('\uFEFF')).toBe(true);

    const json = await c.call<SheetExport>('labels.exportSheet', { format: 'json' });
    const doc = JSON.parse(json.text!) as { format: string; files: Array<Record<string, unknown> & { labels: Label[] }> };
    expect(doc.format).toBe('udw-labels');
    expect(doc.files.map((f) => f.path)).toEqual(c.rows.map((r) => r.path));
    const [first, second, third] = doc.files;
    expect(first).toMatchObject({
      name: c.rows[0]!.name,
      status: 'in_progress',
      verdict: null,
      // exit − entry = 8.5 mm → floor(8.5 / 1.5875) + 1
      gripCode: 6,
      keypoints: { entry: [1.25], exit: [9.75] },
      ranges: { cfrp: [{ start: 1.25, end: 5.5 }], air: [{ start: 0, end: 1.25 }, { start: 9.75, end: 12 }] },
      attributes: { stack_thickness: 8.4, predrilled: false, comment: 'burr, "big" one\non exit' },
    });
    expect(first!.head).toBe(c.rows[0]!.headName ?? c.rows[0]!.headTag);
    expect(first!.globalCounter).toBe(c.rows[0]!.globalCounter);
    expect(second!.labels.find((l) => l.classId === 'entry')).toMatchObject({ source: 'stepcode', provenance: 'stepcode@1', confidence: 0.9, state: 'confirmed' });
    expect(third).toMatchObject({ keypoints: {}, attributes: {}, labels: [] });

    // The sheet says the same, row by row, in columns named after the classes.
    const workbook = await exported(c, 'xlsx');
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(workbook.bytes) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('labels')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const cell = (row: number, col: string): unknown => ws.getRow(row).getCell(header.indexOf(col) + 1).value;
    expect(header.slice(0, 7)).toEqual(['path', 'name', 'head', 'global_counter', 'status', 'verdict', 'grip_code']);
    expect(ws.rowCount).toBe(5);
    expect(cell(2, 'entry_mm')).toBe(1.25);
    expect(cell(2, 'air_start_mm')).toBe('0; 9.75');
    expect(cell(2, 'stack_thickness')).toBe(8.4);
    expect(cell(2, 'grip_code')).toBe(6);
    expect(cell(3, 'entry_source')).toBe('stepcode');
    expect(cell(3, 'entry_provenance')).toBe('stepcode@1');
    expect(cell(3, 'anomaly')).toBe('tool break');
    expect(cell(4, 'exit_mm')).toBe(null);
    expect(cell(4, 'predrilled')).toBe(null);
  });

  it('exports only the files asked for, and names ids that are not in the catalog', async () => {
    const c = await catalogOf(dataFolder(3));
    const one = await c.call<SheetExport>('labels.exportSheet', { format: 'json', fileIds: [c.rows[1]!.id] });
    expect(one.files).toBe(1);
    await expect(c.call('labels.exportSheet', { format: 'csv', fileIds: [c.rows[0]!.id, 99999] })).rejects.toThrow(/file 99999 not in the catalog/);
    await expect(c.call('labels.exportSheet', { format: 'pdf' })).rejects.toThrow(/labels\.exportSheet: invalid payload: format/);
  });
});

describe('label sheets round-trip', () => {
  for (const format of ['csv', 'xlsx', 'json'] as const) {
    it(`${format}: into the same catalog changes nothing; into a fresh catalog of the same files it reproduces the ${format === 'json' ? 'labels' : 'attributes'}`, async () => {
      const data = dataFolder(4);
      const c = await catalogOf(data);
      await seed(c);
      const { sheet, bytes } = await exported(c, format);
      const before = await historyLength(c);

      const same = await c.call<SheetPreview>('labels.previewSheet', { fileName: sheet.fileName, bytes });
      expect(same.counts).toMatchObject({ rows: 4, matched: 4, unmatched: 0, ambiguous: 0, duplicate: 0, changes: 0, problems: 0 });
      expect(same.problems).toEqual([]);
      expect(same.counts.unchanged).toBe(format === 'json' ? 12 : 6);
      if (format !== 'json') expect(same.columns.filter((col) => col.role === 'unknown')).toEqual([]);
      const noop = await c.call<SheetApplyResult>('labels.applySheet', { fileName: sheet.fileName, bytes });
      expect(noop.applied).toEqual([]);
      expect(await historyLength(c)).toBe(before);

      const fresh = await catalogOf(data);
      const preview = await fresh.call<SheetPreview>('labels.previewSheet', { fileName: sheet.fileName, bytes });
      expect(preview.counts).toMatchObject({ matched: 4, changes: format === 'json' ? 12 : 6, problems: 0 });
      expect(preview.changes.every((ch) => ch.op === 'create' && ch.before === null)).toBe(true);
      expect(await historyLength(fresh)).toBe(0);
      const result = await fresh.call<SheetApplyResult>('labels.applySheet', { fileName: sheet.fileName, bytes, expectChanges: preview.counts.changes });
      expect(result.applied).toHaveLength(preview.counts.changes);
      expect(result.files).toBe(2);

      const want = await labelsByPath(c);
      const got = await labelsByPath(fresh);
      for (const [p, labels] of want) {
        if (format === 'json') {
          expect(essence(got.get(p)!, 'all'), p).toEqual(essence(labels, 'all'));
        } else {
          // A sheet carries the values; the labels it makes are a person's, from that sheet.
          const values = (ls: Label[]) => essence(ls, 'attributes').map((l) => ({ classId: l.classId, value: l.value }));
          expect(values(got.get(p)!), p).toEqual(values(labels));
          for (const l of got.get(p)!) expect(l).toMatchObject({ source: 'human', provenance: `sheet:${sheet.fileName}`, state: 'confirmed' });
        }
      }
      // And the fresh catalog's own export reads back to no change there either.
      const again = await exported(fresh, format);
      const twice = await fresh.call<SheetPreview>('labels.previewSheet', { fileName: again.sheet.fileName, bytes: again.bytes });
      expect(twice.counts.changes).toBe(0);
    });
  }

  it('json: reproduces the label ids, and keeps the origin of an accepted stop-code label', async () => {
    const data = dataFolder(2);
    const c = await catalogOf(data);
    const accepted = await create(c, c.rows[0]!.id, { classId: 'exit', depth: 10, source: 'stepcode', provenance: 'stepcode@1', confidence: 0.8, state: 'confirmed' });
    const { sheet, bytes } = await exported(c, 'json');
    const fresh = await catalogOf(data);
    await fresh.call('labels.applySheet', { fileName: sheet.fileName, bytes });
    const [copy] = await fresh.call<Label[]>('labels.list', { fileId: fresh.rows[0]!.id });
    expect(copy).toMatchObject({ id: accepted.id, classId: 'exit', depth: 10, source: 'stepcode', provenance: 'stepcode@1', origin: accepted.origin });
  });
});

/** A CSV file as bytes, rows joined by CRLF. */
const csv = (...lines: string[]): Uint8Array => new TextEncoder().encode(lines.join('\r\n') + '\r\n');

describe('a hand-made sheet', () => {
  it('reports unmatched, duplicate, ambiguous and ill-typed rows with their row numbers, and changes nothing until applied', async () => {
    const data = dataFolder(4);
    // The same file in a third folder: its name alone no longer says which file is meant.
    const a = fs.readdirSync(path.join(data, 'a')).sort();
    fs.mkdirSync(path.join(data, 'c'));
    fs.copyFileSync(path.join(data, 'a', a[0]!), path.join(data, 'c', a[0]!));
    const c = await catalogOf(data);
    const byName = (n: string) => c.rows.filter((r) => r.name === n);
    const [twin] = byName(a[0]!);
    const b = fs.readdirSync(path.join(data, 'b')).sort();
    const unique = c.rows.find((r) => r.name === a[1]!)!;
    const other = c.rows.find((r) => r.name === b[0]!)!;
    const third = c.rows.find((r) => r.name === b[1]!)!;

    const sheet = csv(
      'File name;Stack thickness (measured);predrilled;anomaly;operator',
      `${a[1]};4,2 mm;yes;Tool Break;anna`, // row 2: matched; Excel-style decimal comma and unit; choice in any case
      'nothing_like_this.xls;5;no;;anna', // row 3: unmatched
      `${b[0]};3.9;;;`, // row 4 and row 6: the same file twice
      `${a[0]};4.0;;;`, // row 5: two files have this name
      `${b[0]};4.1;;;`,
      `${b[1]!.replace(/\.xls$/, '')};thick;maybe;bent;`, // row 7: found without its extension (its values are never read: row 9 names the file again)
      ';;;;',
      `${b[1]};;;;`, // row 9 (row 8 is blank and not counted)
    );
    const before = await historyLength(c);
    const preview = await c.call<SheetPreview>('labels.previewSheet', { fileName: 'thickness.csv', bytes: sheet });

    expect(preview.format).toBe('csv');
    expect(preview.columns.map((col) => [col.column, col.role, col.classId])).toEqual([
      ['A', 'key', null],
      ['B', 'attribute', 'stack_thickness'],
      ['C', 'attribute', 'predrilled'],
      ['D', 'attribute', 'anomaly'],
      ['E', 'unknown', null],
    ]);
    expect(preview.matched).toEqual([{ row: 2, fileId: unique.id, path: unique.path, matchedBy: 'name' }]);
    expect(preview.unmatched).toEqual([expect.objectContaining({ row: 3, key: "name 'nothing_like_this.xls'", message: expect.stringMatching(/^row 3: .*no file of the catalog has this name/) })]);
    expect(preview.ambiguous).toEqual([
      expect.objectContaining({ row: 5, candidates: expect.arrayContaining([{ fileId: twin!.id, path: twin!.path }]), message: expect.stringMatching(/^row 5: .*2 files fit/) }),
    ]);
    expect(preview.ambiguous[0]!.candidates).toHaveLength(2);
    expect(preview.duplicates).toEqual([
      { fileId: other.id, path: other.path, rows: [4, 6], message: expect.stringMatching(/^rows 4, 6 all name .*none of them is applied/) },
      { fileId: third.id, path: third.path, rows: [7, 9], message: expect.stringMatching(/^rows 7, 9 all name/) },
    ]);
    expect(preview.problems).toEqual([
      expect.objectContaining({ row: 1, column: 'E', message: expect.stringMatching(/column E 'operator': expected a key .* or an attribute class .*stack_thickness/) }),
    ]);
    expect(preview.changes).toEqual([
      { row: 2, fileId: unique.id, path: unique.path, classId: 'stack_thickness', kind: 'attribute', op: 'create', labelId: null, before: null, after: { depth: null, depthEnd: null, value: 4.2 } },
      { row: 2, fileId: unique.id, path: unique.path, classId: 'predrilled', kind: 'attribute', op: 'create', labelId: null, before: null, after: { depth: null, depthEnd: null, value: true } },
      { row: 2, fileId: unique.id, path: unique.path, classId: 'anomaly', kind: 'attribute', op: 'create', labelId: null, before: null, after: { depth: null, depthEnd: null, value: 'tool break' } },
    ]);
    expect(preview.counts).toEqual({ rows: 7, matched: 1, unmatched: 1, ambiguous: 1, duplicate: 4, changes: 3, unchanged: 0, blank: 0, problems: 1 });
    expect(preview.counts.rows).toBe(preview.counts.matched + preview.counts.unmatched + preview.counts.ambiguous + preview.counts.duplicate);
    expect(await historyLength(c)).toBe(before);
    expect(await c.call<Label[]>('labels.list', { fileId: unique.id })).toEqual([]);

    const result = await c.call<SheetApplyResult>('labels.applySheet', { fileName: 'thickness.csv', bytes: sheet, expectChanges: 3 });
    expect(result.applied.map((x) => [x.row, x.classId, x.op])).toEqual([
      [2, 'stack_thickness', 'create'],
      [2, 'predrilled', 'create'],
      [2, 'anomaly', 'create'],
    ]);
    expect(result.files).toBe(1);
    const labels = await c.call<Label[]>('labels.list', { fileId: unique.id });
    expect(essence(labels, 'attributes').map((l) => [l.classId, l.value])).toEqual([
      ['anomaly', 'tool break'],
      ['predrilled', true],
      ['stack_thickness', 4.2],
    ]);
    // Nothing else was touched.
    expect(await historyLength(c)).toBe(before + 3);
    for (const r of [other, third, twin!]) expect(await c.call<Label[]>('labels.list', { fileId: r.id })).toEqual([]);
  });

  it('reports values of the wrong type with row, column and what was expected', async () => {
    const c = await catalogOf(dataFolder(2));
    const [f] = c.rows;
    const sheet = csv('path,stack_thickness,predrilled,anomaly,comment,entry', `${f!.path},thick,maybe,bent,fine,3`);
    const preview = await c.call<SheetPreview>('labels.previewSheet', { fileName: 'bad.csv', bytes: sheet });
    expect(preview.matched).toEqual([expect.objectContaining({ row: 2, fileId: f!.id, matchedBy: 'path' })]);
    const messages = preview.problems.map((p) => [p.row, p.column, p.classId, p.message]);
    expect(messages).toEqual([
      [1, 'F', 'entry', expect.stringMatching(/column F 'entry': class 'entry' is a point, not an attribute/)],
      [2, 'B', 'stack_thickness', "row 2, column B (stack_thickness): expected a number (mm), found 'thick'"],
      [2, 'C', 'predrilled', "row 2, column C (predrilled): expected true or false (also yes/no, 1/0), found 'maybe'"],
      [2, 'D', 'anomaly', expect.stringMatching(/^row 2, column D \(anomaly\): expected one of 'none', 'air cycle', .* found 'bent'$/)],
    ]);
    expect(preview.changes.map((ch) => [ch.classId, ch.after.value])).toEqual([['comment', 'fine']]);
  });

  it('matches by head and global counter, and updates an existing attribute (accepting a proposed one)', async () => {
    const c = await catalogOf(dataFolder(3));
    const [f1, f2] = c.rows;
    const head = (r: FileRow) => r.headName ?? r.headTag ?? '';
    const measured = await create(c, f1!.id, { classId: 'stack_thickness', value: 4 });
    const proposed = await create(c, f2!.id, { classId: 'stack_thickness', value: 6, source: 'heuristic', provenance: 'heuristic-x@1', confidence: 0.3, state: 'proposed' });
    const sheet = csv('head,global counter,stack_thickness', `${head(f1!)},${f1!.globalCounter},4.5`, `${head(f2!).toUpperCase()},${f2!.globalCounter},6`, `${head(f1!)},12x,1`);
    const preview = await c.call<SheetPreview>('labels.previewSheet', { fileName: 'counters.csv', bytes: sheet });
    expect(preview.matched.map((m) => [m.row, m.fileId, m.matchedBy])).toEqual([
      [2, f1!.id, 'head+counter'],
      [3, f2!.id, 'head+counter'],
    ]);
    expect(preview.unmatched).toEqual([expect.objectContaining({ row: 4, message: "row 4: global_counter: expected a whole number, found '12x'" })]);
    expect(preview.changes).toEqual([
      expect.objectContaining({ row: 2, op: 'update', labelId: measured.id, before: { depth: null, depthEnd: null, value: 4 }, after: { depth: null, depthEnd: null, value: 4.5 } }),
      expect.objectContaining({ row: 3, op: 'update', labelId: proposed.id, before: { depth: null, depthEnd: null, value: 6 }, after: { depth: null, depthEnd: null, value: 6 } }),
    ]);
    await c.call('labels.applySheet', { fileName: 'counters.csv', bytes: sheet });
    expect((await c.call<Label[]>('labels.list', { fileId: f1!.id }))[0]).toMatchObject({ id: measured.id, value: 4.5, state: 'confirmed', source: 'human' });
    // Same value: the proposal is accepted as it was made, like Enter in the annotation view.
    expect((await c.call<Label[]>('labels.list', { fileId: f2!.id }))[0]).toMatchObject({ id: proposed.id, value: 6, state: 'confirmed', source: 'heuristic', provenance: 'heuristic-x@1' });
  });

  it('applies each change as an ordinary label edit: in the history, undone by its inverse edit, announced by labels.changed', async () => {
    const c = await catalogOf(dataFolder(2));
    const [f] = c.rows;
    await create(c, f!.id, { classId: 'stack_thickness', value: 3 });
    const events: Array<{ channel: string; payload: unknown }> = [];
    c.t.backend.events.subscribe((channel, payload) => events.push({ channel, payload }));
    const sheet = csv('name,stack_thickness,comment', `${f!.name},3.5,measured twice`);
    const result = await c.call<SheetApplyResult>('labels.applySheet', { fileName: 'm.csv', bytes: sheet });
    const history = await c.call<Array<{ seq: number; op: string; before: Label | null; after: Label | null }>>('labels.history', { fileId: f!.id });
    expect(history.slice(-2).map((e) => [e.seq, e.op, e.after?.value])).toEqual(result.applied.map((x) => [x.seq, x.op, x.after.value]));
    expect(events).toEqual([{ channel: 'labels.changed', payload: { fileId: f!.id, seq: result.applied.at(-1)!.seq } }]);

    // Undo, newest first, as the annotation view's undo stack would.
    for (const e of history.slice(-2).reverse()) {
      const edit: LabelEdit =
        e.op === 'create' ? { op: 'create', fileId: f!.id, label: { id: e.after!.id, classId: e.after!.classId, depth: null, depthEnd: null, value: e.after!.value } } : { op: 'update', fileId: f!.id, id: e.after!.id, patch: { value: e.after!.value } };
      await c.call('labels.apply', inverseEdit(edit, { label: e.after, before: e.before }));
    }
    const labels = await c.call<Label[]>('labels.list', { fileId: f!.id });
    expect(labels.map((l) => [l.classId, l.value])).toEqual([['stack_thickness', 3]]);
  });

  it('applies all changes or none: an edit that fails midway leaves the catalog as it was', async () => {
    const c = await catalogOf(dataFolder(2));
    const db = c.t.backend.context.db;
    const schema = new LabelSchemaStore(db);
    let calls = 0;
    // The real store, with one fault put in: the second write fails as a full disk would.
    class FailingSecondEdit extends LabelStore {
      public override apply(edit: LabelEdit, annotator: string): ReturnType<LabelStore['apply']> {
        if (++calls === 2) throw new Error('disk full (injected)');
        return super.apply(edit, annotator);
      }
    }
    const service = new SheetService(db, schema, new FailingSecondEdit(db, schema, new FileReviewStore(db)));
    const [f1, f2] = c.rows;
    const sheet = csv('path,stack_thickness', `${f1!.path},5`, `${f2!.path},6`);
    await expect(service.applySheet('two.csv', sheet, 'tester')).rejects.toThrow(/^two\.csv: row 3 \(.*, stack_thickness\): disk full \(injected\); nothing was applied$/);
    expect(calls).toBe(2);
    expect(await historyLength(c)).toBe(0);
    for (const r of c.rows) expect(await c.call<Label[]>('labels.list', { fileId: r.id })).toEqual([]);
    expect((await c.call<FileRow[]>('catalog.listFiles', {})).map((r) => r.status)).toEqual(['unlabelled', 'unlabelled']);
  });

  it('refuses to apply when the catalog changed since the preview, and then changes nothing', async () => {
    const c = await catalogOf(dataFolder(2));
    const [f] = c.rows;
    const sheet = csv('path,stack_thickness', `${f!.path},5`);
    const preview = await c.call<SheetPreview>('labels.previewSheet', { fileName: 's.csv', bytes: sheet });
    expect(preview.counts.changes).toBe(1);
    await create(c, f!.id, { classId: 'stack_thickness', value: 5 });
    const before = await historyLength(c);
    const err = await c.call('labels.applySheet', { fileName: 's.csv', bytes: sheet, expectChanges: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('conflict');
    expect((err as ApiError).message).toMatch(/s\.csv: the preview showed 1 change, the catalog now needs 0; preview the sheet again/);
    expect(await historyLength(c)).toBe(before);
  });
});

describe('sheets that cannot be read', () => {
  const cases: Array<[string, () => Record<string, unknown>, RegExp]> = [
    ['empty bytes', () => ({ fileName: 'a.csv', bytes: new Uint8Array(0) }), /labels\.previewSheet: invalid payload: bytes: a non-empty file/],
    ['over the size limit', () => ({ fileName: 'a.csv', bytes: new Uint8Array(MAX_SHEET_BYTES + 1) }), /bytes: a sheet of at most 4194304 bytes/],
    ['bytes as text', () => ({ fileName: 'a.csv', bytes: 'path,stack_thickness' }), /bytes: the file contents as bytes/],
    ['no file name', () => ({ fileName: '', bytes: csv('a') }), /fileName: a file name/],
    ['an .xlsx that is no zip', () => ({ fileName: 'm.xlsx', bytes: csv('name,stack_thickness') }), /m\.xlsx: expected an \.xlsx workbook \(a zip archive\)/],
    ['an old binary .xls', () => ({ fileName: 'm.xls', bytes: csv('name') }), /m\.xls: expected a \.csv, \.xlsx or \.json sheet; an old binary \.xls workbook cannot be read/],
    ['a damaged zip', () => ({ fileName: 'm.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) }), /m\.xlsx: expected an \.xlsx workbook, found no zip directory/],
    ['no key column', () => ({ fileName: 'k.csv', bytes: csv('hole,stack_thickness', 'x,1') }), /k\.csv: row 1: expected a header with a 'path' or 'name' column, or both 'head' and 'global_counter'.*found 'hole', 'stack_thickness'/],
    ['an open quote', () => ({ fileName: 'q.csv', bytes: csv('name,comment', 'a,"never closed') }), /q\.csv: row 2: expected a closing quote/],
    ['JSON of another kind', () => ({ fileName: 'x.json', bytes: new TextEncoder().encode('{"files": []}') }), /x\.json: not a labels export as expected: format: "udw-labels"/],
    ['JSON that does not parse', () => ({ fileName: 'x.json', bytes: new TextEncoder().encode('{"format": ') }), /x\.json: expected JSON, found text that does not parse/],
    ['JSON with a label of the wrong shape', () => ({ fileName: 'x.json', bytes: new TextEncoder().encode('{"format":"udw-labels","version":1,"files":[{"name":"a","labels":[{"classId":"exit","depth":"deep","depthEnd":null,"value":null}]}]}') }), /x\.json: not a labels export as expected: files\.0\.labels\.0\.depth: /],
  ];
  for (const [name, payload, message] of cases) {
    it(name, async () => {
      const c = await catalogOf(dataFolder(1));
      const err = await c.call('labels.previewSheet', payload()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('invalid_payload');
      expect((err as ApiError).message).toMatch(message);
    });
  }

  it('a JSON label of an unknown class or a proposed state is reported, the rest imported', async () => {
    const c = await catalogOf(dataFolder(1));
    const [f] = c.rows;
    const doc = {
      format: 'udw-labels',
      version: 1,
      files: [
        {
          path: f!.path,
          labels: [
            { classId: 'burr', depth: 1, depthEnd: null, value: null },
            { classId: 'exit', depth: 9, depthEnd: null, value: null, state: 'proposed' },
            { classId: 'entry', depth: 1, depthEnd: null, value: null },
            { classId: 'cfrp', depth: 5, depthEnd: 2, value: null },
          ],
        },
        { name: 'gone.xls', labels: [] },
      ],
    };
    const preview = await c.call<SheetPreview>('labels.previewSheet', { fileName: 'hand.json', bytes: new TextEncoder().encode(JSON.stringify(doc)) });
    expect(preview.counts).toMatchObject({ rows: 2, matched: 1, unmatched: 1, changes: 1, problems: 3 });
    expect(preview.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^entry 1 \(files\[0\]\.labels\[0\], burr\): class 'burr' is not in the label schema \(known: entry, /),
      "entry 1 (files[0].labels[1], exit): expected a confirmed label, found state 'proposed'; proposals are not imported",
      expect.stringMatching(/^entry 1 \(files\[0\]\.labels\[3\], cfrp\): .*depth \(5\) must be less than depthEnd \(2\)/),
    ]);
    expect(preview.changes).toEqual([expect.objectContaining({ classId: 'entry', kind: 'point', op: 'create', after: { depth: 1, depthEnd: null, value: null } })]);
    expect(preview.unmatched[0]!.message).toMatch(/^entry 2: name 'gone\.xls': no file of the catalog has this name/);
  });
});

describe('label sheets through the loopback web host (the browser renderer\'s way in)', () => {
  it('carries the workbook bytes out and a sheet\'s bytes in, and refuses an over-limit sheet with the limit', async () => {
    const c = await catalogOf(dataFolder(2), 'web');
    await create(c, c.rows[0]!.id, { classId: 'stack_thickness', value: 4.5 });
    const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-sheets-static-'));
    cleanups.push(() => fs.rmSync(staticDir, { recursive: true, force: true }));
    const host = await startHttpHost({ backend: c.t.backend, staticDir });
    cleanups.push(() => host.close());
    // Node's base64, as the host itself uses: the pure codec is slow on a 4 MiB sheet.
    const codec = { encode: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64'), decode: (t: string) => new Uint8Array(Buffer.from(t, 'base64')) };
    const post = async (channel: string, payload: unknown): Promise<{ status: number; body: unknown }> => {
      const res = await fetch(`${host.url}/api/${channel}`, { method: 'POST', headers: { authorization: `Bearer ${host.token}` }, body: toWireJson(payload, codec) });
      return { status: res.status, body: fromWireJson(await res.text(), codec) };
    };

    const out = await post('labels.exportSheet', { format: 'xlsx' });
    expect(out.status).toBe(200);
    const sheet = out.body as SheetExport;
    expect(sheet.bytes).toBeInstanceOf(Uint8Array);
    expect([...sheet.bytes!.subarray(0, 2)]).toEqual([0x50, 0x4b]);

    const back = await post('labels.previewSheet', { fileName: sheet.fileName, bytes: sheet.bytes });
    expect(back.status).toBe(200);
    expect((back.body as SheetPreview).counts).toMatchObject({ rows: 2, matched: 2, changes: 0, unchanged: 1 });

    const big = await post('labels.previewSheet', { fileName: 'big.csv', bytes: new Uint8Array(MAX_SHEET_BYTES + 1) });
    expect(big.status).toBe(400);
    expect(big.body).toMatchObject({ error: { code: 'invalid_payload', message: expect.stringMatching(/bytes: a sheet of at most 4194304 bytes/) } });
  });
});
