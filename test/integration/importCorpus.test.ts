/**
 * The whole shared corpus (../shared/setitec, DOMAIN §1.1) through the real import: every file parses,
 * per-version counts match the documentation, and stored signals equal a direct parse bit for bit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFileDetail, getSignals } from '../../src/main/catalog/fileDetail';
import { findFileId, listFileRows } from '../../src/main/catalog/fileRows';
import { openCatalog, type CatalogDb } from '../../src/main/db/openCatalog';
import { runImport } from '../../src/main/ingest/importJob';
import type { ImportSummary } from '../../src/shared/api/catalog.contract';
import { parseSetitec } from '../../src/shared/setitec/parse';
import { CORPUS, hasCorpus, integrity } from './importFixtures';

if (!hasCorpus) console.warn(`skipping the corpus import tests: ${CORPUS} is missing (see ../shared/README.md)`);

describe.skipIf(!hasCorpus)('import of the shared corpus', () => {
  let dir: string;
  let db: CatalogDb;
  let summary: ImportSummary;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-corpus-'));
    db = openCatalog(path.join(dir, 'catalog.sqlite'));
    summary = await runImport(db, { dirs: [CORPUS], jobId: 'corpus' });
  }, 300_000);

  afterAll(() => {
    db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports 778 files with no failure', () => {
    expect(summary).toMatchObject({ files: 778, imported: 778, failed: 0, cancelled: false });
    expect(summary.errors).toEqual([]);
    expect(integrity(db)).toEqual({ integrity: 'ok', foreignKeyViolations: 0 });
  });

  it('has the per-version counts of DOMAIN §1.1', () => {
    const counts = Object.fromEntries((db.prepare('SELECT version, count(*) AS n FROM files GROUP BY version').all() as Array<{ version: number; n: number }>).map((r) => [r.version, r.n]));
    expect(counts).toEqual({ 4: 641, 7: 1, 8: 2, 9: 132, 11: 2 });
    expect(db.prepare('SELECT sum(row_count) FROM files').pluck().get()).toBe(1_959_971);
  });

  it('finds no byte-identical files (the corpus is de-duplicated)', () => {
    const sameHash = db.prepare('SELECT count(*) FROM (SELECT hash FROM files GROUP BY hash HAVING count(*) > 1)').pluck().get();
    expect(sameHash).toBe(0);
  });

  it('converted files (V05, metadata copied from a genuine file) are not duplicates of that file', () => {
    // MQTT_to_XLS_17070141_798a / _17070144_175b / _17070144_30221 carry the Head Name and Global Counter of
    // …ST_798_100 and …ST_885_99: with untrusted identity they are compared by hash only (no V34, no duplicate_of).
    const converted = db.prepare("SELECT name FROM files WHERE id IN (SELECT file_id FROM findings WHERE rule_id = 'V05') ORDER BY name").pluck().all();
    expect(converted).toEqual(['MQTT_to_XLS_17070141_798a.xls', 'MQTT_to_XLS_17070144_175b.xls', 'MQTT_to_XLS_17070144_30221.xls']);
    expect(db.prepare("SELECT count(*) FROM findings WHERE rule_id = 'V34'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM files WHERE duplicate_of IS NOT NULL').pluck().get()).toBe(0);
  });

  it('stores signals that equal a direct parse exactly', () => {
    const names = [
      'TUHH/001_V1/V1_001.xls',
      'misc/MQTT_to_XLS_17070141_798a.xls',
      'misc/E00401009F78AA43_41-Al_ST_1226_219.xls',
      'misc/E0025C639508824D_P6TL-INT_ST_339_460.xls',
      'MDB-MQL/E00401009F45C395_114-V3-002-MQ_ST_1900_27.xls',
    ];
    for (const name of names) {
      const file = path.join(CORPUS, name);
      const parsed = parseSetitec(fs.readFileSync(file), file);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const stored = getSignals(db, findFileId(db, file)!);
      expect(stored.columns.map((c) => c.raw)).toEqual(parsed.file.data.columns.map((c) => c.raw));
      stored.columns.forEach((c, i) => {
        const want = parsed.file.data.columns[i]!.values;
        expect(c.values.length).toBe(want.length);
        // Bit-level equality (Object.is semantics per sample) via the raw bytes.
        expect(Buffer.from(c.values.buffer).equals(Buffer.from(want.buffer, want.byteOffset, want.byteLength))).toBe(true);
      });
    }
  });

  it('keeps the step segments, stop codes and metadata of a fixture', () => {
    const d = getFileDetail(db, findFileId(db, path.join(CORPUS, 'MDB-MQL/E0040100247BDE7A_114-V3-003-MQ_ST_1146_1.xls'))!);
    expect(d.file.version).toBe(9);
    expect(d.segments.at(-1)!.stopCode).toBe(131074);
    expect(d.segments.at(-1)!.stopLabel).toBe('KILLMOT_M1 + TORQUE_LIMIT (131074)');
    expect(d.file.rowCount).toBe(9975);
    expect(d.sections.map((s) => s.name)).toContain('General Infos');
    expect(d.columns.every((c) => c.length === 9975)).toBe(true);
    expect(d.program.length).toBeGreaterThan(0);
  });

  it('loads the signals of the largest file in well under 5 ms', () => {
    const id = db.prepare('SELECT id FROM files ORDER BY row_count DESC LIMIT 1').pluck().get() as number;
    let best = Infinity;
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      getSignals(db, id);
      best = Math.min(best, performance.now() - t);
    }
    expect(best).toBeLessThan(5);
  });

  it('a rescan of the unchanged corpus skips every file', async () => {
    const again = await runImport(db, { dirs: [CORPUS], jobId: 'again' });
    expect(again).toMatchObject({ files: 778, imported: 0, skipped: 778, failed: 0, missing: 0 });
    expect(again.findings).toEqual(summary.findings);
    expect(listFileRows(db)).toHaveLength(778);
  });
});
