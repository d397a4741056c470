/**
 * The datasets.* handlers on a real back end (its catalog made by `udw import` + `udw autolabel`), with the
 * dataset worker started from the TypeScript sources: default folder beside the catalog, reuse, listing,
 * and bad options answered as invalid_payload.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import { datasetHandlers } from '../../src/main/training/datasetHandlers';
import { ApiError } from '../../src/shared/api/errors';
import { Manifest } from '../../src/shared/training/manifest';
import { makeDatasetFixture, type DatasetFixture } from './helpers/datasetFixture';

let root: string;
let fx: DatasetFixture;
let backend: Backend;

beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-dataset-handlers-'));
  fx = makeDatasetFixture(root);
  backend = createBackend({ host: 'memory', catalogPath: fx.catalog });
}, 180_000);

afterAll(async () => {
  await backend?.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('datasetHandlers', () => {
  it('builds into <catalog folder>/datasets/<snapshotId>, reuses it, and lists it', async () => {
    const h = datasetHandlers(backend.context);
    const options = { sources: ['stepcode' as const], classes: ['cfrp_ti_transition', 'exit'], groupBy: 'head', valFraction: 0 };
    const first = await h['datasets.create'](options);
    expect(first.dir).toBe(path.join(root, 'datasets', first.snapshotId));
    const manifest = Manifest.parse(JSON.parse(fs.readFileSync(path.join(first.dir, 'manifest.json'), 'utf8')));
    expect(manifest.snapshotId).toBe(first.snapshotId);
    expect(manifest.created.catalog).toBe(fx.catalog);
    expect(manifest.created.app).toMatch(/^udw \d+\.\d+\.\d+/);
    expect(first).toMatchObject({ files: 11, train: 11, val: 0, groups: 1, reused: false });
    const again = await h['datasets.create'](options);
    expect(again).toMatchObject({ snapshotId: first.snapshotId, dir: first.dir, reused: true });
    expect(fs.readdirSync(path.join(root, 'datasets'))).toEqual([first.snapshotId]);
    const listed = await h['datasets.list']({});
    expect(listed.map((s) => s.snapshotId)).toEqual([first.snapshotId]);
  });

  it('answers a class the schema lacks with invalid_payload naming it', async () => {
    const h = datasetHandlers(backend.context);
    const err = await Promise.resolve(h['datasets.create']({ classes: ['exitt'] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('invalid_payload');
    expect((err as ApiError).message).toMatch(/^classes: 'exitt' is not a class of the label schema/);
  });

  it('fails clearly when no file qualifies, leaving no folder behind', async () => {
    const h = datasetHandlers(backend.context);
    const list = (): string[] => (fs.existsSync(path.join(root, 'datasets')) ? fs.readdirSync(path.join(root, 'datasets')) : []);
    const before = list();
    const err = await Promise.resolve(h['datasets.create']({ sources: ['model'] })).catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('failed');
    expect((err as ApiError).message).toMatch(/no file qualifies for a snapshot: 14 excluded \(1 parse_error, 1 duplicate, 12 no_labels\)/);
    expect(list()).toEqual(before);
  });
});
