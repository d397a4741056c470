/**
 * The import against real SQLite files and real worker threads, on generated files: incremental rescans,
 * moves, deletions, edits, cancellation, bad files, and a re-parse failure that must not lose data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../src/shared/api/catalog.contract';
import { getFileDetail, getSignals } from '../../src/main/catalog/fileDetail';
import { findFileId, listFileRows } from '../../src/main/catalog/fileRows';
import { runImport } from '../../src/main/ingest/importJob';
import { integrity, listFiles, sandbox, type Sandbox } from './importFixtures';
import { LabelSchemaStore } from '../../src/main/labels/labelSchemaStore';

let box: Sandbox | null = null;
afterEach(() => {
  box?.cleanup();
  box = null;
});

const run = (b: Sandbox, extra: Partial<Parameters<typeof runImport>[1]> = {}) => runImport(b.db, { dirs: [b.data], jobId: 't', ...extra });

function idOf(b: Sandbox, file: string): number {
  const id = findFileId(b.db, file);
  if (id === null) throw new Error(`${file} not in the catalog`);
  return id;
}

/** The first cell of the first Datas row replaced by text. */
function textInFirstDataRow(text: string): string {
  const rowStart = text.indexOf('\n', text.indexOf('Position (mm)')) + 1;
  return `${text.slice(0, rowStart)}abc${text.slice(text.indexOf('\t', rowStart))}`;
}

describe('import', () => {
  it('imports every file recursively, then a rescan skips them all without reading', async () => {
    box = sandbox(12);
    const first = await run(box);
    expect(first).toMatchObject({ files: 12, imported: 12, skipped: 0, failed: 0, missing: 0, cancelled: false });
    const rows = listFileRows(box.db);
    expect(rows.map((r) => r.path)).toEqual(listFiles(box.data));
    expect(rows.every((r) => r.rowCount > 0 && r.steps.length > 0 && r.hash.length === 64 && r.version !== null)).toBe(true);

    const again = await run(box);
    expect(again).toMatchObject({ files: 12, imported: 0, skipped: 12, failed: 0, moved: 0, missing: 0 });
    expect(again.findings).toEqual(first.findings);
  });

  it('a new mtime with the same bytes is a hash check, not a re-import', async () => {
    box = sandbox(4);
    await run(box);
    const file = listFiles(box.data)[0]!;
    const id = idOf(box, file);
    const before = box.db.prepare('SELECT imported_at, mtime_ms FROM files WHERE id = ?').get(id) as { imported_at: string; mtime_ms: number };
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    const s = await run(box);
    expect(s).toMatchObject({ imported: 0, skipped: 4, failed: 0 });
    const after = box.db.prepare('SELECT imported_at, mtime_ms FROM files WHERE id = ?').get(id) as { imported_at: string; mtime_ms: number };
    expect(after.imported_at).toBe(before.imported_at);
    expect(after.mtime_ms).toBe(fs.statSync(file).mtimeMs);
    // …and the next rescan does not even hash it.
    expect(await run(box)).toMatchObject({ imported: 0, skipped: 4 });
  });

  it('an edited file is re-imported under the same id (same size and different size)', async () => {
    box = sandbox(4);
    await run(box);
    const [a, b] = listFiles(box.data);
    const idA = idOf(box, a!);
    const idB = idOf(box, b!);
    // Same size: one data digit changed (the hash decides).
    const text = fs.readFileSync(a!, 'latin1');
    const at = text.lastIndexOf(',') + 1;
    fs.writeFileSync(a!, text.slice(0, at) + (text[at] === '1' ? '2' : '1') + text.slice(at + 1), 'latin1');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(a!, later, later);
    // Different size: the last data row dropped.
    const tb = fs.readFileSync(b!, 'latin1').trimEnd();
    fs.writeFileSync(b!, `${tb.slice(0, tb.lastIndexOf('\n'))}\n`, 'latin1');
    const rowsBefore = listFileRows(box.db).find((r) => r.id === idB)!.rowCount;

    const s = await run(box);
    expect(s).toMatchObject({ imported: 2, skipped: 2, failed: 0 });
    expect(idOf(box, a!)).toBe(idA);
    expect(listFileRows(box.db).find((r) => r.id === idB)!.rowCount).toBe(rowsBefore - 1);
    expect(listFileRows(box.db)).toHaveLength(4);
  });

  it('a moved file keeps its id, its review and labels; a deleted one is marked missing, not deleted', async () => {
    box = sandbox(6);
    await run(box);
    const [moved, deleted] = listFiles(box.data);
    const movedId = idOf(box, moved!);
    const deletedId = idOf(box, deleted!);
    box.db
      .prepare("INSERT INTO file_review (file_id, status, verdict, updated_by, updated_at) VALUES (?, 'reviewed', 'good', 'test', '2026-11-28T00:00:00Z')")
      .run(movedId);
    // The label schema store seeds the default classes (as the back end does at start).
    const classId = new LabelSchemaStore(box.db).get().classes[0]!.id;
    box.db
      .prepare("INSERT INTO labels (id, file_id, class_id, depth, source, annotator, created_at, updated_at) VALUES ('l1', ?, ?, 2.5, 'human', 'test', 'now', 'now')")
      .run(movedId, classId);
    const target = path.join(box.data, 'renamed', 'moved.xls');
    fs.mkdirSync(path.dirname(target));
    fs.renameSync(moved!, target);
    fs.rmSync(deleted!);

    const s = await run(box);
    expect(s).toMatchObject({ files: 5, imported: 0, moved: 1, missing: 1, failed: 0 });
    expect(idOf(box, target)).toBe(movedId);
    const row = listFileRows(box.db).find((r) => r.id === movedId)!;
    expect(row).toMatchObject({ path: target, name: 'moved.xls', status: 'reviewed', verdict: 'good', labelCount: 1, missing: false });
    expect(listFileRows(box.db).some((r) => r.id === deletedId)).toBe(false);
    expect(listFileRows(box.db, { includeMissing: true }).find((r) => r.id === deletedId)).toMatchObject({ missing: true });
    // The missing file keeps its data…
    expect(getSignals(box.db, deletedId).columns.length).toBeGreaterThan(0);
    // An already-missing file is not counted again.
    expect(await run(box)).toMatchObject({ moved: 0, missing: 0, imported: 0 });
  });

  it('a file that vanished and reappears under a new name later is moved back into place', async () => {
    box = sandbox(3);
    await run(box);
    const file = listFiles(box.data)[0]!;
    const id = idOf(box, file);
    const bytes = fs.readFileSync(file);
    fs.rmSync(file);
    expect(await run(box)).toMatchObject({ missing: 1 });
    const again = path.join(box.data, 'restored.xls');
    fs.writeFileSync(again, bytes);
    expect(await run(box)).toMatchObject({ moved: 1, imported: 0, missing: 0 });
    expect(idOf(box, again)).toBe(id);
  });

  it('a copy under a new name is imported and marked as a duplicate of the first', async () => {
    box = sandbox(3);
    await run(box);
    const file = listFiles(box.data)[0]!;
    const copy = path.join(box.data, 'zz-copy.xls');
    fs.copyFileSync(file, copy);
    expect(await run(box)).toMatchObject({ imported: 1, moved: 0 });
    const original = idOf(box, file);
    const detail = getFileDetail(box.db, idOf(box, copy));
    expect(detail.file.duplicateOf).toBe(original);
    expect(detail.findings.some((f) => f.ruleId === 'V34' && f.severity === 'error')).toBe(true);
    expect(listFileRows(box.db).find((r) => r.id === original)!.duplicateOf).toBeNull();
  });

  it('the original of a copy is the file imported first (lowest id), even when the copy sorts first by path', async () => {
    box = sandbox(3);
    await run(box);
    const file = listFiles(box.data)[0]!;
    const copy = path.join(box.data, 'a-copy.xls'); // sorts before data/a/… and data/b/…
    fs.copyFileSync(file, copy);
    await run(box);
    const original = idOf(box, file);
    const dup = idOf(box, copy);
    expect(dup).toBeGreaterThan(original);
    expect(getFileDetail(box.db, dup).file.duplicateOf).toBe(original);
    const v34 = box.db.prepare("SELECT file_id AS fileId, message FROM findings WHERE rule_id = 'V34'").all() as Array<{ fileId: number; message: string }>;
    expect(v34.map((x) => x.fileId)).toEqual([dup]);
    expect(v34[0]!.message).toContain(`byte-identical to ${file}`);
  });

  it('bad files each get one error naming file and line, and the import goes on', async () => {
    box = sandbox(3);
    const good = fs.readFileSync(listFiles(box.data)[0]!, 'latin1');
    const bad = path.join(box.data, 'bad');
    fs.mkdirSync(bad);
    const datas = good.indexOf('*** Datas ***');
    const cases: Record<string, Buffer> = {
      'empty.xls': Buffer.alloc(0),
      'random.xls': Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 256)),
      'ole2.xls': Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]),
      'truncated.xls': Buffer.from(good.slice(0, Math.floor(datas / 2)), 'latin1'),
      'no-datas.xls': Buffer.from(good.slice(0, datas), 'latin1'),
      'text-in-data.XLS': Buffer.from(textInFirstDataRow(good), 'latin1'),
    };
    for (const [name, bytes] of Object.entries(cases)) fs.writeFileSync(path.join(bad, name), bytes);

    const s = await run(box);
    expect(s).toMatchObject({ files: 9, imported: 3, failed: 6 });
    expect(s.errors).toHaveLength(6);
    for (const e of s.errors) {
      expect(e.message.startsWith(e.path)).toBe(true);
      if (e.line > 0) expect(e.message).toContain(`line ${e.line}`);
      expect(e.message).toMatch(/expected/);
    }
    const line = (name: string) => s.errors.find((e) => e.path.endsWith(name))!.line;
    expect(line('text-in-data.XLS')).toBeGreaterThan(0);
    const rows = listFileRows(box.db).filter((r) => r.parseError !== null);
    expect(rows).toHaveLength(6);
    for (const r of rows) expect(r).toMatchObject({ rowCount: 0, version: null, findings: { error: 1 } });
    // Failed files are skipped on a rescan like any other unchanged file.
    expect(await run(box)).toMatchObject({ imported: 0, failed: 0, skipped: 9 });
  });

  it('a file that no longer parses keeps its last good data and records the error', async () => {
    box = sandbox(2);
    await run(box);
    const file = listFiles(box.data)[0]!;
    const id = idOf(box, file);
    const detail = getFileDetail(box.db, id);
    const signals = getSignals(box.db, id);
    const good = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.from('*** General Infos ***\nnot a setitec file\n'));

    const s = await run(box);
    expect(s).toMatchObject({ imported: 0, failed: 1 });
    const now = getFileDetail(box.db, id);
    expect(now.file.parseError).toContain(file);
    expect(now.segments).toEqual(detail.segments);
    expect(now.sections).toEqual(detail.sections);
    expect(now.file.rowCount).toBe(detail.file.rowCount);
    expect(now.findings.some((f) => f.ruleId === 'V01' && f.severity === 'error')).toBe(true);
    expect(getSignals(box.db, id)).toEqual(signals);

    fs.writeFileSync(file, good);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    expect(await run(box)).toMatchObject({ imported: 1, failed: 0 });
    const fixed = getFileDetail(box.db, id);
    expect(fixed.file.parseError).toBeNull();
    expect(fixed.findings.filter((f) => f.ruleId === 'V01')).toEqual([]);
  });

  it('cancellation stops cleanly: the committed part is consistent and a new import completes it', async () => {
    box = sandbox(160);
    const controller = new AbortController();
    // A deterministic cancel point: unthrottled progress, and one worker, so results come back in task order
    // and the first 40 are all in when the abort lands (with two, a worker that starts late could still hold
    // task 0 while the other has done 40, and nothing would be committable, on a fast enough machine).
    const s = await run(box, {
      signal: controller.signal,
      progressIntervalMs: 0,
      poolSize: 1,
      onProgress: (p) => {
        if (p.phase === 'importing' && p.done >= 40) controller.abort();
      },
    });
    expect(s.cancelled).toBe(true);
    expect(s.missing).toBe(0);
    const stored = box.db.prepare('SELECT count(*) FROM files').pluck().get() as number;
    expect(s.imported).toBe(stored);
    expect(stored).toBeGreaterThanOrEqual(40);
    expect(stored).toBeLessThan(160);
    expect(integrity(box.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
    // Every stored file is complete: no file row without its signals and steps.
    const incomplete = box.db
      .prepare('SELECT count(*) FROM files f WHERE NOT EXISTS (SELECT 1 FROM signals s WHERE s.file_id = f.id) OR NOT EXISTS (SELECT 1 FROM steps s WHERE s.file_id = f.id)')
      .pluck()
      .get();
    expect(incomplete).toBe(0);

    const rest = await run(box);
    expect(rest).toMatchObject({ files: 160, imported: 160 - stored, skipped: stored, failed: 0, cancelled: false });
    expect(integrity(box.db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('progress events are throttled and end with done', async () => {
    box = sandbox(40);
    const events: ImportProgress[] = [];
    const s = await run(box, { onProgress: (p) => events.push(p) });
    expect(events[0]!.phase).toBe('scanning');
    expect(events.at(-1)).toMatchObject({ phase: 'done', done: 40, total: 40, errors: 0 });
    // ≤ 20/s during the job, plus the forced phase changes.
    expect(events.length).toBeLessThanOrEqual(Math.ceil(s.seconds * 20) + 5);
  });

  it('an import of a folder that does not exist fails without touching the catalog', async () => {
    box = sandbox(1);
    await expect(runImport(box.db, { dirs: [path.join(box.root, 'nope')], jobId: 'x' })).rejects.toThrow(/no such folder/);
    expect(listFileRows(box.db, { includeMissing: true })).toEqual([]);
  });
});
