/**
 * The local model registry: ONNX files copied into `<catalog folder>/models/<id>.onnx`, each validated by
 * loading it in the inference service before it is registered, with its metadata and lineage (training
 * run, snapshot) and, for a training run's model, its evaluation. One model is active. Shared by the API
 * handlers and the `udw models` commands.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiError } from '../../shared/api/errors';
import type { CatalogDb } from '../db/openCatalog';
import { RunStore } from '../training/runStore';
import { checkModel, type CheckedModel } from './checkedModel';
import type { InferenceService } from './inferenceService';
import { metadataOfBytes, ModelMetadataError } from './modelMetadata';
import { ModelStore, type ModelRecord } from './modelStore';

export interface ModelRegistryOptions {
  db: CatalogDb;
  catalogPath: string;
  inference: InferenceService;
  now?: () => string;
}

export interface ImportResult {
  model: ModelRecord;
  /** False when the same file (by SHA-256) was registered already: that record is returned. */
  created: boolean;
}

export function modelsDirFor(catalogPath: string): string {
  // An in-memory catalog (tests) has no folder: its models go to a per-process temp folder.
  if (catalogPath === ':memory:') return path.join(os.tmpdir(), `udw-memory-models-${process.pid}`);
  return path.join(path.dirname(path.resolve(catalogPath)), 'models');
}

export class ModelRegistry {
  public readonly store: ModelStore;
  private readonly now: () => string;

  public constructor(private readonly opts: ModelRegistryOptions) {
    this.store = new ModelStore(opts.db);
    this.now = opts.now ?? (() => new Date().toISOString());
  }

  public list(): ModelRecord[] {
    return this.store.list();
  }

  /** Copies and registers an ONNX file, after its metadata and graph were checked. */
  public async importFile(file: string, opts: { name?: string; runId?: string | null; evaluation?: unknown } = {}): Promise<ImportResult> {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (err) {
      throw new ApiError('not_found', `${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); expected an .onnx file`);
    }
    const metadata = this.refuseBad(() => metadataOfBytes(bytes, file));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const existing = this.store.bySha256(sha256);
    if (existing) return { model: existing, created: false };
    const id = `model-${sha256.slice(0, 16)}`;
    const dir = modelsDirFor(this.opts.catalogPath);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const target = path.join(dir, `${id}.onnx`);
    const temp = path.join(dir, `.${id}.${process.pid}.tmp`);
    fs.writeFileSync(temp, bytes, { mode: 0o600 });
    try {
      // The check runs on the private copy; its refusal names the file the user gave.
      await this.refuseBadAsync(() => checkModel(this.opts.inference, temp, undefined, metadata), { [temp]: file });
      await this.opts.inference.unload(temp);
      fs.renameSync(temp, target);
    } catch (err) {
      fs.rmSync(temp, { force: true });
      throw err;
    }
    this.store.insert({
      id,
      name: opts.name ?? path.basename(file, path.extname(file)),
      path: target,
      sha256,
      bytes: bytes.byteLength,
      metadata,
      runId: opts.runId ?? metadata.runId ?? null,
      snapshotId: metadata.snapshotId ?? null,
      evaluation: opts.evaluation ?? null,
      importedAt: this.now(),
    });
    return { model: this.store.get(id)!, created: true };
  }

  /** A training run's verified model.onnx, with the run's evaluation. */
  public async registerRun(runId: string, name?: string): Promise<ImportResult> {
    const run = new RunStore(this.opts.db).get(runId);
    if (!run) throw new ApiError('not_found', `training run ${runId}: not in the catalog`);
    const model = run.model ?? run.artifacts.find((a) => a.kind === 'onnx')?.path ?? null;
    if (!model) throw new ApiError('conflict', `training run ${runId} (${run.status}) has no exported model yet; expected a finished run with model.onnx`);
    return this.importFile(model, { name: name ?? runId, runId, evaluation: run.evaluation });
  }

  public activate(id: string): ModelRecord {
    if (!this.store.activate(id)) throw new ApiError('not_found', `model ${id}: not in the registry (udw models lists them)`);
    return this.store.get(id)!;
  }

  public async remove(id: string): Promise<boolean> {
    const model = this.store.get(id);
    if (!model) return false;
    await this.opts.inference.unload(model.path).catch(() => {});
    this.store.remove(id);
    fs.rmSync(model.path, { force: true });
    return true;
  }

  /** A registered model by id, or the active one; refused clearly when there is none. */
  public resolve(id?: string | null): ModelRecord {
    if (id) {
      const model = this.store.get(id);
      if (!model) throw new ApiError('not_found', `model ${id}: not in the registry (udw models lists them)`);
      return model;
    }
    const active = this.store.active();
    if (!active) throw new ApiError('not_found', 'no active model: import one (udw models import FILE.onnx) and activate it (udw models activate ID)');
    return active;
  }

  /** The registered model's session, open and checked. */
  public async open(model: ModelRecord): Promise<CheckedModel> {
    return this.refuseBadAsync(() => checkModel(this.opts.inference, model.path, undefined, model.metadata));
  }

  private refuseBad<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof ModelMetadataError) throw new ApiError('invalid_payload', err.message);
      throw err;
    }
  }

  private async refuseBadAsync<T>(fn: () => Promise<T>, rename: Record<string, string> = {}): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ModelMetadataError) throw new ApiError('invalid_payload', Object.entries(rename).reduce((m, [from, to]) => m.split(from).join(to), err.message));
      throw err;
    }
  }
}
