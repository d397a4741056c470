/**
 * The annotation view's pre-annotation and the uncertainty order against the real back end (createBackend on a
 * temp catalog of generated MDB-MQL files, the tiny fixture model registered with the real `udw models`, the
 * real inference child): models.proposeFile with and without an active model, the catalog rows' model
 * confidence and disagreement, and Shift+U's "next most uncertain" over those rows.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend/createBackend';
import type { FileRow } from '../../../src/shared/api/catalog.contract';
import type { Label } from '../../../src/shared/api/labels.contract';
import { createMemoryApi } from '../../../src/renderer/api/memoryApi';
import { createFileProposalsStore, fileProposalsText, proposeForFile } from '../../../src/renderer/features/models/fileProposals';
import { goToMostUncertainAsync } from '../../../src/renderer/features/models/uncertainNav';
import { createAnnotateStore } from '../../../src/renderer/state/annotateStore';
import { createCatalogStore } from '../../../src/renderer/state/catalogStore';
import { encodeLatin1, generateSetitec } from '../../../src/shared/setitec/generator/index';

const TINY = path.resolve('test', 'fixtures', 'models', 'tiny.onnx');

function udw(args: string[]): string {
  const res = spawnSync('node', ['bin/udw.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  if (res.status !== 0) throw new Error(`udw ${args.join(' ')} failed (exit ${res.status}): ${res.stderr}`);
  return res.stdout;
}

interface Catalog {
  dir: string;
  backend: Backend;
  ids: number[];
  rows(): Promise<FileRow[]>;
  labels(fileId: number): Promise<Label[]>;
  close(): Promise<void>;
}

/** Three generated MDB-MQL files imported into a fresh catalog. */
async function makeCatalog(): Promise<Catalog> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-models-uncertainty-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data);
  for (let i = 0; i < 3; i++) {
    const g = generateSetitec({ seed: 9100 + i, version: 9, family: 'mdbmql', rows: 500, globalCounter: 4000 + i });
    fs.writeFileSync(path.join(data, g.expected.fileName), encodeLatin1(g.text));
  }
  const backend = createBackend({ host: 'web', catalogPath: path.join(dir, 'catalog.sqlite'), projectRoot: path.resolve('.') });
  await backend.dispatch('catalog.import', { dirs: [data] });
  const rows = async (): Promise<FileRow[]> => ((await backend.dispatch('catalog.listFiles', {})) as FileRow[]).sort((a, b) => a.id - b.id);
  return {
    dir,
    backend,
    ids: (await rows()).map((f) => f.id),
    rows,
    labels: async (fileId) => (await backend.dispatch('labels.list', { fileId })) as Label[],
    close: async () => {
      await backend.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('pre-annotating the open file without an active model', () => {
  let c: Catalog;
  beforeAll(async () => {
    c = await makeCatalog();
  }, 120_000);
  afterAll(() => c?.close());

  it('does nothing and says nothing', async () => {
    const store = createFileProposalsStore();
    await proposeForFile(store, createMemoryApi((ch, p) => c.backend.dispatch(ch, p)), c.ids[0]!);
    expect(store.getState()).toMatchObject({ phase: 'done', result: { modelId: null, stored: false, created: 0 } });
    expect(fileProposalsText(store.getState())).toBeNull();
    expect(await c.labels(c.ids[0]!)).toEqual([]);
    expect((await c.rows()).every((f) => f.modelConfidence === null)).toBe(true);
  });
});

describe('pre-annotating with the tiny model active', () => {
  let c: Catalog;
  let modelId: string;
  /** The note after each file was opened once, in id order. */
  const notes: ReturnType<typeof fileProposalsText>[] = [];
  const results: unknown[] = [];

  beforeAll(async () => {
    c = await makeCatalog();
    const catalog = path.join(c.dir, 'catalog.sqlite');
    modelId = (JSON.parse(udw(['models', 'import', TINY, '--db', catalog, '--json'])) as { id: string }).id;
    udw(['models', 'activate', modelId, '--db', catalog, '--json']);
    const api = createMemoryApi((ch, p) => c.backend.dispatch(ch, p));
    for (const id of c.ids) {
      const store = createFileProposalsStore();
      await proposeForFile(store, api, id);
      results.push(store.getState());
      notes.push(fileProposalsText(store.getState()));
    }
  }, 120_000);
  afterAll(() => c?.close());

  it('stores the predictions as model proposals, and the rows carry their lowest confidence', async () => {
    for (const r of results) expect(r).toMatchObject({ phase: 'done', result: { modelId, stored: true } });
    for (const n of notes) expect(n).toMatch(new RegExp(`^Model ${modelId}: \\d+ proposals? made`));
    for (const f of await c.rows()) {
      const mine = (await c.labels(f.id)).filter((l) => l.provenance === `model:${modelId}`);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((l) => l.state === 'proposed' && l.source === 'model')).toBe(true);
      expect(f.modelConfidence).toBeCloseTo(Math.min(...mine.map((l) => l.confidence!)), 12);
      // No stop-code proposals were stored here: nothing to disagree with.
      expect(f.modelDisagreementMm).toBeNull();
    }
  });

  it('makes nothing new when a file is opened again', async () => {
    const before = await c.labels(c.ids[0]!);
    const store = createFileProposalsStore();
    await proposeForFile(store, createMemoryApi((ch, p) => c.backend.dispatch(ch, p)), c.ids[0]!);
    expect(store.getState()).toMatchObject({ phase: 'done', result: { modelId, stored: false, created: 0 } });
    expect(fileProposalsText(store.getState())).toMatch(/made earlier/);
    expect(await c.labels(c.ids[0]!)).toEqual(before);
  });

  it('Shift+U opens the files in the order of their model confidence, least certain first', async () => {
    const order = [...(await c.rows())].sort((a, b) => a.modelConfidence! - b.modelConfidence!).map((f) => f.id);
    const annotate = createAnnotateStore();
    const catalog = createCatalogStore();
    const opened: number[] = [];
    const ctx = {
      api: createMemoryApi((ch, p) => c.backend.dispatch(ch, p)),
      annotate,
      catalog,
      openFile: (id: number) => {
        opened.push(id);
        annotate.setState({ fileId: id });
      },
    };
    for (let k = 0; k < order.length + 1; k++) await goToMostUncertainAsync(ctx);
    expect(opened).toEqual([...order, order[0]]);
    expect(catalog.getState().cursorId).toBe(order[0]);
  });
});
