/**
 * Inference against PyTorch: the committed fixture model (test/fixtures/models, exported by python-bridge)
 * over generated files imported with the real `udw import`. `udw infer --json` (the real bundle, its
 * inference child process, onnxruntime-node) must agree with PyTorch eager on the same float32 arrays, for
 * the heatmaps and for the depths and confidences read off them (≤ 1e-4); --paths reads the files from disk
 * and must give what the catalog gives. A mismatched model is refused clearly and inference goes on.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/main/db/openCatalog';
import { checkModel } from '../../src/main/models/checkedModel';
import { ChildInferenceService } from '../../src/main/models/childInferenceService';
import { nodeInferenceLink } from '../../src/main/models/nodeInferenceLink';
import { heatmapsOf } from '../../src/main/models/predict';
import { inputFromCatalog, type ModelInput } from '../../src/main/models/preprocess';
import { MISMATCHED, NO_METADATA, PYTHON, TINY, makeCatalogFixture, torchReference, udwSync, type CatalogFixture } from '../fixtures/models/modelsFixture';

const hasPython = fs.existsSync(PYTHON);
if (!hasPython) console.warn(`SKIPPED: the PyTorch comparison needs ${PYTHON} (scripts/bootstrap creates it)`);

interface InferJson {
  model: { id: string; path: string; snapshotId: string | null };
  files: Array<{ path: string; fileId: number | null; predictions: Array<{ classId: string; depth: number; confidence: number }> }>;
  failed: unknown[];
}

let root: string;
let fx: CatalogFixture;

beforeAll(() => {
  execFileSync('node', ['scripts/build-node.mjs'], { stdio: 'pipe' });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-infer-'));
  fx = makeCatalogFixture(root);
}, 240_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function infer(...args: string[]): InferJson {
  const res = udwSync(['infer', ...args, '--json']);
  if (res.status !== 0) throw new Error(`udw infer failed (exit ${res.status}): ${res.stderr}${res.stdout}`);
  return JSON.parse(res.stdout) as InferJson;
}

describe('udw infer', () => {
  it.skipIf(!hasPython)('matches PyTorch eager on the same inputs: heatmaps, depths and confidences within 1e-4', async () => {
    const out = infer('--model', TINY, '--db', fx.catalog);
    expect(Object.keys(out).sort()).toEqual(['failed', 'files', 'model']);
    expect(out.model.path).toBe(TINY);
    expect(out.model.id).toMatch(/^model-[0-9a-f]{16}$/);
    expect(out.model.snapshotId).toMatch(/^[0-9a-f]{64}$/);
    expect(out.failed).toEqual([]);
    expect(out.files.map((f) => f.path).sort()).toEqual([...fx.files].sort());

    // The same inputs the CLI fed its model, and this process's own onnxruntime heatmaps of them.
    const db = openCatalog(fx.catalog, { verify: false });
    const service = new ChildInferenceService(nodeInferenceLink());
    try {
      const model = await checkModel(service, TINY);
      const inputs: ModelInput[] = out.files.map((f) => inputFromCatalog(db, f.fileId!, f.path, model.metadata));
      const heat = await Promise.all(inputs.map((i) => heatmapsOf(service, model, i)));
      const torch = torchReference(root, inputs);
      expect(torch.sigma).toBe(model.metadata.peak.sigmaSamples);
      out.files.forEach((file, i) => {
        const input = inputs[i]!;
        const ref = torch.outputs[i]!;
        expect(heat[i]!.data.length).toBe(ref.heatmaps.length);
        let worst = 0;
        for (let k = 0; k < ref.heatmaps.length; k++) worst = Math.max(worst, Math.abs(heat[i]!.data[k]! - ref.heatmaps[k]!));
        expect(worst).toBeLessThanOrEqual(1e-4);
        expect(file.predictions.map((p) => p.classId)).toEqual(model.metadata.classes);
        file.predictions.forEach((p, k) => {
          const depth = input.depthStartMm + ref.positions[k]! * input.stepMm;
          expect(Math.abs(p.depth - depth)).toBeLessThanOrEqual(1e-4);
          expect(Math.abs(p.confidence - ref.confidence[k]!)).toBeLessThanOrEqual(1e-4);
          expect(Object.keys(p).sort()).toEqual(['classId', 'confidence', 'depth']);
        });
      });
    } finally {
      await service.dispose();
      db.close();
    }
  }, 240_000);

  it('reads --paths straight from disk (fileId null) and gives what the catalog gives', () => {
    const fromCatalog = infer('--model', TINY, '--db', fx.catalog, '--folder', path.join(fx.data, 'a'));
    const onDisk = infer('--model', TINY, '--paths', ...fromCatalog.files.map((f) => f.path));
    expect(fromCatalog.files.length).toBe(2);
    expect(onDisk.files.map((f) => f.fileId)).toEqual([null, null]);
    expect(onDisk.files.map((f) => ({ path: f.path, predictions: f.predictions }))).toEqual(fromCatalog.files.map((f) => ({ path: f.path, predictions: f.predictions })));
  }, 120_000);

  it('refuses a model whose graph does not match its metadata, naming what was expected', () => {
    const res = udwSync(['infer', '--model', MISMATCHED, '--paths', fx.files[0]!, '--json']);
    expect(res.status).toBe(1);
    const message = (JSON.parse(res.stdout) as { error: { message: string } }).error.message;
    expect(message).toContain(MISMATCHED);
    expect(message).toContain("the graph's inputs are 'x' float32 (batch, 3)");
    expect(message).toContain("expected");
    expect(message).toContain("'signals' float32 (batch, 2 channels [torque_net, thrust_net], length)");
  }, 120_000);
});

describe('the inference service', () => {
  it('refuses mismatched models with a clear error and keeps its process for the next model', async () => {
    const service = new ChildInferenceService(nodeInferenceLink());
    try {
      const model = await checkModel(service, TINY);
      const pid = service.pid;
      await expect(checkModel(service, MISMATCHED)).rejects.toThrow(/inputs are 'x' float32 \(batch, 3\); its metadata says one input 'signals' float32/);
      await expect(checkModel(service, NO_METADATA)).rejects.toThrow(/no 'udw' metadata entry \(it has no metadata\); expected an ONNX model exported by python-bridge/);
      const bad = { channels: 3, length: 40, data: new Float32Array(120), depthStartMm: 0, stepMm: 0.02 };
      await expect(heatmapsOf(service, model, bad)).rejects.toThrow(/signals/);
      const input = { channels: 2, length: 64, data: new Float32Array(128).fill(1), depthStartMm: 0, stepMm: 0.02 };
      const heat = await heatmapsOf(service, model, input);
      expect(heat.dims).toEqual([1, 3, 64]);
      expect(service.pid).toBe(pid);
      expect(service.state).toBe('ready');
    } finally {
      await service.dispose();
    }
  }, 120_000);
});
