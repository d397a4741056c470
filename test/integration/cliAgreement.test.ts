/** `udw agreement` through the real bin script over the real bundle, on a catalog with decided proposals. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementReport } from '../../src/shared/api/agreement.contract';
import { openCatalog } from '../../src/main/db/openCatalog';
import { FileReviewStore } from '../../src/main/labels/fileReview';
import { LabelSchemaStore } from '../../src/main/labels/labelSchemaStore';
import { LabelStore, type ProposalDraft } from '../../src/main/labels/labelStore';
import { insertTestFile } from './helpers/catalogFile';

let dir: string;
let db: string;
let fileA: number;
let fileB: number;

const proposal = (id: string, classId: string, depth: number, confidence: number): ProposalDraft => ({
  id,
  classId,
  depth,
  depthEnd: null,
  value: null,
  source: 'stepcode',
  confidence,
  provenance: 'stepcode@1',
  details: null,
});

// One read-only catalog for every test: two files in two folders, proposals accepted, moved, rejected, pending.
beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-agreement-'));
  db = path.join(dir, 'catalog.sqlite');
  const catalog = openCatalog(db);
  try {
    const labels = new LabelStore(catalog, new LabelSchemaStore(catalog), new FileReviewStore(catalog));
    fileA = insertTestFile(catalog, 'a.xls');
    fileB = insertTestFile(catalog, 'b.xls');
    catalog.prepare('UPDATE files SET folder = ? WHERE id = ?').run(path.join(dir, 'holes', 'a'), fileA);
    catalog.prepare('UPDATE files SET folder = ? WHERE id = ?').run(path.join(dir, 'holes', 'b'), fileB);
    const sources = ['stepcode'] as const;
    labels.replaceProposals(fileA, [proposal('a-entry', 'entry', 2, 0.95), proposal('a-exit', 'exit', 18.3, 0.85)], { annotator: 'autolabel', sources });
    labels.replaceProposals(fileB, [proposal('b-entry', 'entry', 2.2, 0.9), proposal('b-exit', 'exit', 18, 0.4)], { annotator: 'autolabel', sources });
    labels.apply({ op: 'update', fileId: fileA, id: 'a-entry', patch: { state: 'confirmed' } }, 'alice');
    labels.apply({ op: 'update', fileId: fileA, id: 'a-exit', patch: { depth: 18.55 } }, 'alice');
    labels.apply({ op: 'update', fileId: fileB, id: 'b-entry', patch: { depth: 2 } }, 'alice');
    labels.apply({ op: 'update', fileId: fileB, id: 'b-exit', patch: { state: 'rejected' } }, 'alice');
  } finally {
    catalog.close();
  }
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function udw(...args: string[]) {
  return spawnSync('node', ['bin/udw.js', 'agreement', '--db', db, ...args], { encoding: 'utf8', timeout: 120_000 });
}

function json(res: ReturnType<typeof udw>): AgreementReport {
  try {
    return JSON.parse(res.stdout) as AgreementReport;
  } catch {
    throw new Error(`not JSON (exit ${res.status}): ${res.stdout}\n${res.stderr}`);
  }
}

const row = (r: AgreementReport, id: string) => r.classes.find((c) => c.classId === id)!;

describe('udw agreement', () => {
  it('--json prints the report of the whole catalog', () => {
    const res = udw('--json');
    expect(res.status, res.stderr).toBe(0);
    const r = json(res);
    expect(r).toMatchObject({ files: 2, binMm: 0.1, scope: { folder: null, fileIds: null } });
    expect(row(r, 'entry').counts).toMatchObject({ proposals: 2, accepted: 1, moved: 1, rejected: 0, pending: 0 });
    expect(row(r, 'exit').counts).toMatchObject({ proposals: 2, accepted: 0, moved: 1, rejected: 1, pending: 0, acceptanceRate: 0.5 });
    // entry offsets 0 and −0.2: mean −0.1, median |offset| 0.1; exit +0.25.
    expect(row(r, 'entry').offset).toMatchObject({ n: 2, meanSignedMm: -0.1, medianAbsMm: 0.1 });
    expect(row(r, 'exit').offset).toMatchObject({ n: 1, meanSignedMm: 0.25, medianAbsMm: 0.25, p95AbsMm: 0.25 });
    expect(r.byTier.find((t) => t.tier === 'low')).toMatchObject({ proposals: 1, rejected: 1, rejectionRate: 1 });
  });

  it('keeps to a folder or to files given by id, and bins as asked', () => {
    const byFolder = json(udw('--json', '--folder', path.join(dir, 'holes', 'b')));
    expect(byFolder).toMatchObject({ files: 1, scope: { folder: path.join(dir, 'holes', 'b') } });
    expect(row(byFolder, 'exit').counts).toMatchObject({ rejected: 1, moved: 0 });
    const byId = json(udw('--json', String(fileA), '--bin', '0.5'));
    expect(byId).toMatchObject({ files: 1, binMm: 0.5, scope: { fileIds: [fileA] } });
    expect(row(byId, 'exit').histogram).toEqual({ binMm: 0.5, bins: [{ centerMm: 0.5, count: 1 }] }); // 0.25 opens the bin [0.25, 0.75)
  });

  it('prints readable tables without --json', () => {
    const res = udw();
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('2 files with proposals, 4 proposals');
    expect(res.stdout).toMatch(/^entry\s+2\s+1\s+1\s+0\s+0\s+100%\s+0%\s+2\s+-0\.10\s+0\.10\s+0\.\d\d$/m);
    expect(res.stdout).toMatch(/^exit\s+2\s+0\s+1\s+1\s+0\s+50%\s+50%\s+1\s+\+0\.25\s+0\.25\s+0\.25$/m);
    expect(res.stdout).toMatch(/^stepcode@1\s+4\s+1\s+2\s+1\s+0\s+75%\s+25%$/m);
  });

  it('fails clearly on a bad bin width, an unknown file or a folder with no files', () => {
    const bin = udw('--bin=-1');
    expect(bin.status).toBe(2);
    expect(bin.stderr).toMatch(/binMm: a bin width/);
    const word = udw('--bin', 'wide');
    expect(word.status).toBe(2);
    expect(word.stderr).toMatch(/--bin must be a number of mm/);
    const missing = udw('--json', '4242');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/4242: not in the catalog/);
    const empty = udw('--json', '--folder', path.join(dir, 'nowhere'));
    expect(empty.status).toBe(1);
    expect(JSON.parse(empty.stdout)).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('nowhere') } });
  });
});
