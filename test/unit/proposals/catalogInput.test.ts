/**
 * The catalog adapter (src/main/labels/proposalInput.ts) against a real import: generated files are
 * imported into a fresh SQLite catalog, and the proposals made from what the catalog stored equal those
 * made from a fresh parse of the same bytes, file by file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFileId } from '../../../src/main/catalog/fileRows';
import { openCatalog, type CatalogDb } from '../../../src/main/db/openCatalog';
import { runImport } from '../../../src/main/ingest/importJob';
import { proposalInputForFile } from '../../../src/main/labels/proposalInput';
import { proposeLabels, proposalInputFromFile } from '../../../src/shared/labels/proposals/index';
import { encodeLatin1, generateSetitec, type GenerateOptions } from '../../../src/shared/setitec/generator/index';
import { parseSetitec } from '../../../src/shared/setitec/parse';

const FILES: GenerateOptions[] = [
  { seed: 1, version: 9, family: 'mdbmql' },
  { seed: 2, version: 9, family: 'mdbmql', anomaly: true },
  { seed: 3, version: 7, family: 'ham', date: '1970-01-01:06:38:39' },
  { seed: 4, version: 8, family: 'mdb4', separator: ';' },
  { seed: 5, version: 11, family: 'mdb4' },
  { seed: 6, version: 4, family: 'tuhh' },
  { seed: 7, version: 4, family: 'single' },
];

let dir: string;
let db: CatalogDb;
const paths: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-proposals-'));
  fs.mkdirSync(path.join(dir, 'data'));
  FILES.forEach((opts, i) => {
    const g = generateSetitec(opts);
    const file = path.join(dir, 'data', `${i}_${g.expected.fileName}`);
    fs.writeFileSync(file, encodeLatin1(g.text));
    paths.push(file);
  });
  db = openCatalog(path.join(dir, 'catalog.sqlite'));
  const summary = await runImport(db, { dirs: [path.join(dir, 'data')], jobId: 'proposals' });
  expect(summary).toMatchObject({ imported: FILES.length, failed: 0 });
});

afterAll(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('proposalInputForFile', () => {
  it('gives the proposals a fresh parse gives, for every family, version and anomaly', () => {
    for (const file of paths) {
      const parsed = parseSetitec(fs.readFileSync(file), file);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const fromParse = proposeLabels(proposalInputFromFile(parsed.file));
      const fromCatalog = proposeLabels(proposalInputForFile(db, findFileId(db, file)!));
      expect(fromCatalog, path.basename(file)).toEqual(fromParse);
      expect(fromCatalog.proposals.length, path.basename(file)).toBeGreaterThan(0);
    }
  });

  it('reads the metadata the anomaly attributes need', () => {
    const input = (k: number) => proposalInputForFile(db, findFileId(db, paths[k]!)!).meta;
    expect(input(1).cycleOk).toBe(false);
    expect(input(2).date).toMatchObject({ raw: '1970-01-01:06:38:39', clockUnset: true });
    expect(input(3).separator).toBe(';');
    expect(input(0)).toMatchObject({ separator: '\t', version: 9, cycleOk: true });
  });

  it('names the id when the file is not in the catalog', () => {
    expect(() => proposalInputForFile(db, 999_999)).toThrow(/no file with id 999999 in the catalog/);
  });
});
