/**
 * Label findings V36–V39 through the real back end and dispatch, on a real SQLite catalog imported from a
 * generated Setitec file: they appear on the file like every other finding (catalog.getFile, the listing's
 * counts), follow every label edit, undo included, survive re-imports and commit or roll back with the edit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import { labelFindingsSchema } from '../../src/main/db/migrations/004_label_findings';
import type { FileDetail, FileRow, ImportSummary } from '../../src/shared/api/catalog.contract';
import type { Label, LabelEdit, LabelSchema } from '../../src/shared/api/labels.contract';
import { emptyUndoStack, recordEdit, takeUndo } from '../../src/shared/labels/undoStack';
import { encodeLatin1, generateSetitec } from '../../src/shared/setitec/generator/index';
import { parseSetitecText } from '../../src/shared/setitec/parse';
import { stepSegments } from '../../src/shared/setitec/segments';
import { exitStepMaxDepth } from '../../src/shared/validation/labelChecks';
import { killAll, udw } from './helpers/childProcesses';

const LABEL_RULES = new Set(['V36', 'V37', 'V38', 'V39']);

/** One generated file: the same name (seed) at another length has another exit step depth. */
function generated(rows: number): { name: string; text: string; truth: { entry: number; transition: number; exit: number }; deepestExitStep: number } {
  const gen = generateSetitec({ seed: 7, version: 9, family: 'mdb4', rows });
  const parsed = parseSetitecText(gen.text, gen.expected.fileName);
  if (!parsed.ok) throw new Error(`generated fixture does not parse: ${parsed.error.message}`);
  const deepest = exitStepMaxDepth(stepSegments(parsed.file));
  if (deepest === null) throw new Error('generated fixture has no exit step');
  return { name: gen.expected.fileName, text: gen.text, truth: gen.expected.truth, deepestExitStep: deepest };
}

const SHORT = generated(300);
const LONG = generated(400);

let dir: string;
let backend: Backend;
let filePath: string;
let fileId: number;
/** The import's own findings of the file, before any label. */
let baseline: { error: number; warning: number; info: number };

/** Writes the file with a distinct mtime per version, so the import sees the change whatever the clock does. */
function writeFixture(f: { text: string }, mtimeS: number): void {
  fs.writeFileSync(filePath, encodeLatin1(f.text));
  fs.utimesSync(filePath, mtimeS, mtimeS);
}

const call = (channel: string, payload: unknown) => backend.dispatch(channel, payload);
const importAll = async () => (await call('catalog.import', { dirs: [path.join(dir, 'data')] })) as ImportSummary;
const apply = (edit: LabelEdit) => call('labels.apply', edit) as Promise<{ seq: number; label: Label | null; before: Label | null }>;
const point = (id: string, classId: string, depth: number): LabelEdit => ({ op: 'create', fileId, label: { id, classId, depth, depthEnd: null, value: null } });
const attribute = (id: string, classId: string, value: number): LabelEdit => ({ op: 'create', fileId, label: { id, classId, depth: null, depthEnd: null, value } });

async function labelFindings(): Promise<Array<{ ruleId: string; severity: string }>> {
  const detail = (await call('catalog.getFile', { id: fileId })) as FileDetail;
  return detail.findings.filter((f) => LABEL_RULES.has(f.ruleId)).map((f) => ({ ruleId: f.ruleId, severity: f.severity }));
}

async function counts(): Promise<FileRow['findings']> {
  const rows = (await call('catalog.listFiles', {})) as FileRow[];
  const row = rows.find((r) => r.id === fileId);
  if (!row) throw new Error(`file ${fileId} is not in the listing`);
  return row.findings;
}

/** The listing's counts must be the import's findings plus exactly the label findings getFile lists. */
async function expectOnFile(expected: Array<{ ruleId: string; severity: string }>): Promise<void> {
  const found = await labelFindings();
  expect(found.sort((a, b) => a.ruleId.localeCompare(b.ruleId))).toEqual(expected);
  const n = (s: string) => expected.filter((f) => f.severity === s).length;
  expect(await counts()).toEqual({ error: baseline.error + n('error'), warning: baseline.warning + n('warning'), info: baseline.info });
  const detail = (await call('catalog.getFile', { id: fileId })) as FileDetail;
  expect(detail.file.findings).toEqual(await counts());
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-label-findings-'));
  fs.mkdirSync(path.join(dir, 'data'));
  filePath = path.join(dir, 'data', SHORT.name);
  writeFixture(SHORT, 1_700_000_000);
  backend = createBackend({ host: 'memory', catalogPath: path.join(dir, 'catalog.sqlite') });
  expect(await importAll()).toMatchObject({ imported: 1, failed: 0 });
  const rows = (await call('catalog.listFiles', {})) as FileRow[];
  fileId = rows[0]!.id;
  baseline = rows[0]!.findings;
});
afterEach(async () => {
  killAll();
  await backend.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('label findings V36–V39 on the file', () => {
  it('the generator’s true key points give no label finding', async () => {
    const t = SHORT.truth;
    await apply(point('entry', 'entry', t.entry));
    await apply(point('transition', 'cfrp_ti_transition', t.transition));
    await apply(point('exit', 'exit', t.exit));
    await apply(attribute('thickness', 'stack_thickness', t.exit - t.entry));
    await expectOnFile([]);
  });

  it('V37: an exit deeper than the exit step appears, goes when fixed, comes back on undo', async () => {
    await apply(point('entry', 'entry', SHORT.truth.entry));
    let stack = emptyUndoStack(fileId);
    const tooDeep: LabelEdit = point('exit', 'exit', SHORT.deepestExitStep + 0.5);
    stack = recordEdit(stack, tooDeep, await apply(tooDeep));
    await expectOnFile([{ ruleId: 'V37', severity: 'error' }]);
    const detail = (await call('catalog.getFile', { id: fileId })) as FileDetail;
    expect(detail.findings.find((f) => f.ruleId === 'V37')!.message).toMatch(/exit .* mm is deeper than the exit step ever went/);

    const fix: LabelEdit = { op: 'update', fileId, id: 'exit', patch: { depth: SHORT.truth.exit } };
    stack = recordEdit(stack, fix, await apply(fix));
    await expectOnFile([]);

    const undo = takeUndo(stack)!;
    await apply(undo.edit);
    await expectOnFile([{ ruleId: 'V37', severity: 'error' }]);
  });

  it('V36: an entry below the exit appears, and goes when the label is deleted', async () => {
    await apply(point('exit', 'exit', SHORT.truth.exit));
    await apply(point('entry', 'entry', SHORT.truth.exit + 0.1));
    await expectOnFile([{ ruleId: 'V36', severity: 'error' }]);
    await apply({ op: 'delete', fileId, id: 'entry' });
    await expectOnFile([]);
  });

  it('V38: total depth far from the measured thickness is a warning; the most trusted exit counts', async () => {
    const t = SHORT.truth;
    await apply(point('entry', 'entry', t.entry));
    await apply(point('exit', 'exit', t.exit));
    await apply(attribute('thickness', 'stack_thickness', t.exit - t.entry + 1));
    await expectOnFile([{ ruleId: 'V38', severity: 'warning' }]);
    // A model's exit that would agree does not override the person's (the readouts pick the same way).
    await apply({ op: 'create', fileId, label: { id: 'model-exit', classId: 'exit', depth: t.exit + 1, depthEnd: null, value: null, source: 'model', confidence: 0.9 } });
    await expectOnFile([{ ruleId: 'V38', severity: 'warning' }]);
    await apply({ op: 'update', fileId, id: 'thickness', patch: { value: t.exit - t.entry } });
    await expectOnFile([]);
  });

  it('V39: a recorded grip code (a grip_code attribute added to the schema) that disagrees with the depth', async () => {
    const schema = (await call('labels.getSchema', {})) as LabelSchema;
    await call('labels.setSchema', {
      classes: [...schema.classes, { id: 'grip_code', name: 'Grip code', kind: 'attribute', colour: '#123456', hotkey: null, valueType: 'number' }],
    });
    const t = SHORT.truth;
    await apply(point('entry', 'entry', t.entry));
    await apply(point('exit', 'exit', t.exit));
    const right = Math.floor((t.exit - t.entry) / 1.5875) + 1;
    await apply(attribute('grip', 'grip_code', right + 2));
    await expectOnFile([{ ruleId: 'V39', severity: 'warning' }]);
    await apply({ op: 'update', fileId, id: 'grip', patch: { value: right } });
    await expectOnFile([]);
  });
});

describe('label findings and re-imports', () => {
  it('a re-import of the unchanged file keeps them; of a changed file recomputes them against its new steps', async () => {
    expect(LONG.name).toBe(SHORT.name);
    expect(LONG.deepestExitStep).toBeGreaterThan(SHORT.deepestExitStep + 0.2);
    const between = (SHORT.deepestExitStep + LONG.deepestExitStep) / 2;
    await apply(point('entry', 'entry', SHORT.truth.entry));
    await apply(point('exit', 'exit', between));
    await apply(attribute('thickness', 'stack_thickness', between - SHORT.truth.entry + 2));
    await expectOnFile([
      { ruleId: 'V37', severity: 'error' },
      { ruleId: 'V38', severity: 'warning' },
    ]);

    expect(await importAll()).toMatchObject({ imported: 0, skipped: 1 });
    await expectOnFile([
      { ruleId: 'V37', severity: 'error' },
      { ruleId: 'V38', severity: 'warning' },
    ]);

    // The longer file's exit step goes deeper than the label: V37 no longer holds, V38 still does.
    writeFixture(LONG, 1_700_000_100);
    expect(await importAll()).toMatchObject({ imported: 1, failed: 0 });
    baseline = await importFindingCounts();
    await expectOnFile([{ ruleId: 'V38', severity: 'warning' }]);

    writeFixture(SHORT, 1_700_000_200);
    expect(await importAll()).toMatchObject({ imported: 1, failed: 0 });
    baseline = await importFindingCounts();
    await expectOnFile([
      { ruleId: 'V37', severity: 'error' },
      { ruleId: 'V38', severity: 'warning' },
    ]);
  });

  it('a re-import’s own findings do not wipe them, nor they the import’s', async () => {
    await apply(point('exit', 'exit', SHORT.truth.exit));
    await apply(point('entry', 'entry', SHORT.truth.exit + 1));
    const importFindings = async () =>
      ((await call('catalog.getFile', { id: fileId })) as FileDetail).findings.filter((f) => !LABEL_RULES.has(f.ruleId)).map((f) => `${f.ruleId} ${f.message}`);
    const before = await importFindings();
    writeFixture(LONG, 1_700_000_100);
    await importAll();
    writeFixture(SHORT, 1_700_000_200);
    await importAll();
    expect(await importFindings()).toEqual(before);
    await expectOnFile([{ ruleId: 'V36', severity: 'error' }]);
  });
});

describe('catalogs labelled before label findings existed', () => {
  it('get them at the next import: migration 004 marks the derive pending, and the derive fills them in', async () => {
    await apply(point('exit', 'exit', SHORT.truth.exit));
    await apply(point('entry', 'entry', SHORT.truth.exit + 1));
    const db = backend.context.db;
    // What such a catalog looks like: labels, no label findings, counts of the import's findings only.
    db.exec("DELETE FROM findings WHERE scope = 'label'");
    db.prepare('UPDATE files SET findings_error = ?, findings_warning = ?, findings_info = ? WHERE id = ?').run(baseline.error, baseline.warning, baseline.info, fileId);
    db.exec("DELETE FROM catalog_state WHERE key = 'derive_pending'");
    await expectOnFile([]);
    db.transaction(() => labelFindingsSchema.up(db))();
    expect(await importAll()).toMatchObject({ imported: 0, skipped: 1 });
    await expectOnFile([{ ruleId: 'V36', severity: 'error' }]);
  });
});

/** The listing's counts less the label findings getFile lists: what the import alone found. */
async function importFindingCounts(): Promise<FileRow['findings']> {
  const detail = (await call('catalog.getFile', { id: fileId })) as FileDetail;
  const own = detail.findings.filter((f) => !LABEL_RULES.has(f.ruleId));
  return { error: own.filter((f) => f.severity === 'error').length, warning: own.filter((f) => f.severity === 'warning').length, info: own.filter((f) => f.severity === 'info').length };
}

describe('label findings commit or roll back with the label write', () => {
  for (const [where, trigger] of [
    ['the edit event', `CREATE TEMP TRIGGER fail_label_write BEFORE INSERT ON label_events BEGIN SELECT RAISE(ABORT, 'injected failure'); END`],
    ['the label findings', `CREATE TEMP TRIGGER fail_label_write BEFORE INSERT ON findings WHEN NEW.scope = 'label' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`],
  ] as const) {
    it(`a failure writing ${where} leaves neither the label nor its findings changed`, async () => {
      await apply(point('entry', 'entry', SHORT.truth.entry));
      await apply(point('exit', 'exit', SHORT.truth.exit));
      await expectOnFile([]);
      const db = backend.context.db;
      db.exec(trigger);
      try {
        await expect(apply({ op: 'update', fileId, id: 'exit', patch: { depth: SHORT.deepestExitStep + 1 } })).rejects.toThrow(/injected failure/);
      } finally {
        db.exec('DROP TRIGGER IF EXISTS temp.fail_label_write');
      }
      const labels = (await call('labels.list', { fileId })) as Label[];
      expect(labels.find((l) => l.id === 'exit')!.depth).toBe(SHORT.truth.exit);
      await expectOnFile([]);
      // With the failure gone, the same edit goes through and brings its finding.
      await apply({ op: 'update', fileId, id: 'exit', patch: { depth: SHORT.deepestExitStep + 1 } });
      await expectOnFile([{ ruleId: 'V37', severity: 'error' }]);
    });
  }
});

describe('udw validate', () => {
  it('lists the label findings of the catalog with the others, and exits 1 on a label error', async () => {
    await apply(point('exit', 'exit', SHORT.truth.exit));
    await apply(point('entry', 'entry', SHORT.truth.exit + 1));
    const res = await udw(['validate', '--db', path.join(dir, 'catalog.sqlite'), '--json']).done;
    const out = JSON.parse(res.stdout) as { totals: { error: number }; findings: Array<{ id: number; findings: Array<{ ruleId: string; severity: string }> }> };
    const mine = out.findings.find((f) => f.id === fileId);
    expect(mine?.findings).toContainEqual(expect.objectContaining({ ruleId: 'V36', severity: 'error' }));
    expect(out.totals.error).toBe(baseline.error + 1);
    expect(res.status).toBe(1);
  });
});
