/**
 * The model registry through the real `udw` bundle: import (metadata and graph checked by loading the model
 * in the inference process, the file copied into the catalog folder), re-import of the same file, refusals
 * of models without metadata or with mismatched inputs (nothing left behind), activate, `udw infer` with
 * the active model and --commit (proposals with source model and provenance model:<id>), remove.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/main/db/openCatalog';
import { MISMATCHED, NO_METADATA, TINY, makeCatalogFixture, udwSync, type CatalogFixture } from '../fixtures/models/modelsFixture';

let root: string;
let fx: CatalogFixture;

beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-models-'));
  fx = makeCatalogFixture(root, 2);
}, 240_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function udw(...args: string[]) {
  return udwSync([...args, '--db', fx.catalog, '--json']);
}

function ok<T>(...args: string[]): T {
  const res = udw(...args);
  if (res.status !== 0) throw new Error(`udw ${args.join(' ')} failed (exit ${res.status}): ${res.stderr}${res.stdout}`);
  return JSON.parse(res.stdout) as T;
}

interface Info {
  id: string;
  path: string;
  sha256: string;
  active: boolean;
  created?: boolean;
  snapshotId: string | null;
  runId: string | null;
  channels: string[];
  classes: string[];
}

describe('udw models', () => {
  it('round trip: import, import again, refuse bad models, activate, infer with the active model, commit, remove', () => {
    const modelsDir = path.join(path.dirname(fx.catalog), 'models');
    expect(ok<Info[]>('models')).toEqual([]);

    const imported = ok<Info>('models', 'import', TINY);
    const sha = createHash('sha256').update(fs.readFileSync(TINY)).digest('hex');
    expect(imported).toMatchObject({ id: `model-${sha.slice(0, 16)}`, sha256: sha, active: false, created: true, runId: 'run-tinyfixture01', channels: ['torque_net', 'thrust_net'], classes: ['entry', 'cfrp_ti_transition', 'exit'] });
    expect(imported.path).toBe(path.join(modelsDir, `${imported.id}.onnx`));
    expect(fs.readFileSync(imported.path).equals(fs.readFileSync(TINY))).toBe(true);
    expect(ok<Info>('models', 'import', TINY)).toMatchObject({ id: imported.id, created: false });

    const noMeta = udw('models', 'import', NO_METADATA);
    expect(noMeta.status).toBe(1);
    expect(noMeta.stdout).toContain("no 'udw' metadata entry");
    const mismatched = udw('models', 'import', MISMATCHED);
    expect(mismatched.status).toBe(1);
    expect((JSON.parse(mismatched.stdout) as { error: { message: string } }).error.message).toMatch(/inputs are 'x' float32 \(batch, 3\); its metadata says one input 'signals'/);
    expect(fs.readdirSync(modelsDir)).toEqual([`${imported.id}.onnx`]);

    const noActive = udw('infer');
    expect(noActive.status).toBe(1);
    expect(noActive.stdout).toContain('no active model');
    expect(ok<Info>('models', 'activate', imported.id).active).toBe(true);
    expect(ok<Info[]>('models').map((m) => [m.id, m.active])).toEqual([[imported.id, true]]);
    const missing = udw('models', 'activate', 'model-0000000000000000');
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain('not in the registry');

    const inferred = ok<{ model: { id: string; path: string }; files: Array<{ fileId: number; predictions: unknown[] }>; commit: { created: number } }>('infer', '--commit');
    expect(inferred.model).toMatchObject({ id: imported.id, path: imported.path });
    expect(inferred.files).toHaveLength(2);
    expect(inferred.commit.created).toBe(6);
    const db = openCatalog(fx.catalog, { verify: false });
    try {
      const rows = db.prepare("SELECT class_id, state, provenance, confidence FROM labels WHERE source = 'model' ORDER BY file_id, class_id").all() as Array<{ class_id: string; state: string; provenance: string; confidence: number }>;
      expect(rows).toHaveLength(6);
      for (const r of rows) {
        expect(r.state).toBe('proposed');
        expect(r.provenance).toBe(`model:${imported.id}`);
        expect(r.confidence).toBeGreaterThanOrEqual(0);
      }
    } finally {
      db.close();
    }
    // A re-run replaces the untouched model proposals instead of adding more.
    expect(ok<{ commit: { created: number; removed: number } }>('infer', '--commit').commit).toMatchObject({ created: 6, removed: 6 });

    expect(ok<{ removed: boolean }>('models', 'remove', imported.id)).toEqual({ removed: true });
    expect(fs.existsSync(imported.path)).toBe(false);
    expect(ok<Info[]>('models')).toEqual([]);
    expect(udw('models', 'remove', imported.id).status).toBe(1);
  }, 240_000);
});
