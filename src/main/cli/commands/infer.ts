/**
 * `udw infer`: a model's predictions for catalog files (all, a folder, ids/paths) or for Setitec files on
 * disk (--paths, nothing imported); --commit stores catalog predictions as proposals (source model).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AutolabelScope } from '../../../shared/api/autolabel.contract';
import type { Prediction } from '../../../shared/api/models.contract';
import { FileReviewStore } from '../../labels/fileReview';
import { LabelSchemaStore } from '../../labels/labelSchemaStore';
import { LabelStore } from '../../labels/labelStore';
import { resolveScope } from '../../labels/autolabel/scope';
import { ChildInferenceService } from '../../models/childInferenceService';
import { InferenceCrashError } from '../../models/inferenceService';
import { storePredictions } from '../../models/modelProposals';
import { ModelRegistry } from '../../models/modelRegistry';
import { resolveModelRef, type ResolvedModel } from '../../models/modelRef';
import { ModelService } from '../../models/modelService';
import { nodeInferenceLink } from '../../models/nodeInferenceLink';
import { predict } from '../../models/predict';
import { inputFromSetitec } from '../../models/preprocess';
import { UsageError, emit, type Command, type CommandContext } from '../command';
import { cliAnnotator, openCliCatalog, resolveFileArg } from '../catalogCli';

interface FileOut {
  path: string;
  fileId: number | null;
  predictions: Array<Pick<Prediction, 'classId' | 'depth' | 'confidence'>>;
}

interface Failure {
  path: string;
  fileId: number | null;
  message: string;
}

const slim = (ps: readonly Prediction[]): FileOut['predictions'] => ps.map(({ classId, depth, confidence }) => ({ classId, depth, confidence }));

function textOf(model: ResolvedModel, files: FileOut[], failed: Failure[], committed: { created: number; removed: number; skipped: number } | null): string {
  const lines = [`model ${model.id} (${model.path})`];
  for (const f of files) lines.push(`${f.fileId === null ? '-' : String(f.fileId).padStart(5)}  ${f.path}`, ...f.predictions.map((p) => `         ${p.classId.padEnd(20)} ${p.depth.toFixed(3).padStart(9)} mm  confidence ${p.confidence.toFixed(3)}`));
  lines.push(`${files.length} files predicted, ${failed.length} failed`, ...failed.map((f) => `  FAILED ${f.message}`));
  lines.push(committed ? `committed: ${committed.created} proposals stored, ${committed.removed} replaced, ${committed.skipped} skipped (decided)` : 'nothing written (run with --commit to store catalog predictions as proposals)');
  return lines.join('\n');
}

function scopeOf(ctx: CommandContext, resolveId: (arg: string) => number): AutolabelScope {
  const folder = ctx.values.folder;
  if (typeof folder === 'string') {
    if (ctx.positionals.length > 0) throw new UsageError('give either --folder or file ids/paths, not both');
    return { kind: 'folder', folder: path.resolve(folder) };
  }
  if (ctx.positionals.length > 0) return { kind: 'files', fileIds: ctx.positionals.map(resolveId) };
  return { kind: 'all' };
}

async function fromDisk(ctx: CommandContext, inference: ChildInferenceService): Promise<number> {
  if (ctx.values.commit === true) throw new UsageError('--commit stores proposals on catalog files; --paths files are not in the catalog');
  if (typeof ctx.values.folder === 'string') throw new UsageError('give either --paths FILE… or --folder, not both');
  if (ctx.positionals.length === 0) throw new UsageError('--paths: expected one or more Setitec files');
  const ref = typeof ctx.values.model === 'string' ? ctx.values.model : undefined;
  // The registry is needed only for a model id (or the active model).
  const catalog = ref === undefined || /^model-/.test(ref) ? openCliCatalog(ctx, { create: false }) : null;
  try {
    const registry = catalog ? new ModelRegistry({ db: catalog.db, catalogPath: catalog.file, inference }) : null;
    const model = await resolveModelRef(ref, registry, inference);
    const files: FileOut[] = [];
    const failed: Failure[] = [];
    for (const p of ctx.positionals) {
      if (ctx.signal.aborted) break;
      const file = path.resolve(p);
      try {
        const input = await inputFromSetitec(fs.readFileSync(file), file, model.checked.metadata);
        files.push({ path: file, fileId: null, predictions: slim(await predict(inference, model.checked, input)) });
      } catch (err) {
        if (err instanceof InferenceCrashError) ctx.io.err(`udw infer: ${err.message}`);
        failed.push({ path: file, fileId: null, message: err instanceof Error && err.message.includes(file) ? err.message : `${file}: ${(err as Error).message}` });
      }
    }
    emit(ctx, { model: { id: model.id, path: model.path, snapshotId: model.snapshotId }, files, failed }, () => textOf(model, files, failed, null));
    if (ctx.signal.aborted) return 130;
    return failed.length > 0 ? 1 : 0;
  } finally {
    catalog?.db.close();
  }
}

async function fromCatalog(ctx: CommandContext, inference: ChildInferenceService): Promise<number> {
  const { db, file: catalogFile } = openCliCatalog(ctx, { create: false });
  try {
    const schema = new LabelSchemaStore(db);
    const labels = new LabelStore(db, schema, new FileReviewStore(db));
    const annotator = cliAnnotator(catalogFile);
    const service = new ModelService({ db, catalogPath: catalogFile, inference, labels, schema, annotator: () => annotator });
    const model = await resolveModelRef(typeof ctx.values.model === 'string' ? ctx.values.model : undefined, service.registry, inference);
    const scope = resolveScope(db, scopeOf(ctx, (arg) => resolveFileArg(db, arg)));
    const commit = ctx.values.commit === true;
    const files: FileOut[] = [];
    const failed: Failure[] = [];
    const committed = commit ? { created: 0, removed: 0, skipped: 0 } : null;
    for (const f of scope) {
      if (ctx.signal.aborted) break;
      if (f.unparsed !== null) {
        failed.push({ path: f.path, fileId: f.fileId, message: `${f.path}: ${f.unparsed}` });
        continue;
      }
      try {
        const predictions = await service.predictCatalogFile(model.checked, f.fileId, f.path);
        files.push({ path: f.path, fileId: f.fileId, predictions: slim(predictions) });
        if (committed) {
          const written = storePredictions(labels, schema, f.fileId, model.id, predictions, annotator);
          committed.created += written.created;
          committed.removed += written.removed;
          committed.skipped += written.skipped;
        }
      } catch (err) {
        if (err instanceof InferenceCrashError) ctx.io.err(`udw infer: ${err.message}`);
        failed.push({ path: f.path, fileId: f.fileId, message: err instanceof Error && err.message.includes(f.path) ? err.message : `${f.path}: ${(err as Error).message}` });
      }
    }
    emit(ctx, { model: { id: model.id, path: model.path, snapshotId: model.snapshotId }, files, failed, ...(committed ? { commit: committed } : {}) }, () => textOf(model, files, failed, committed));
    if (ctx.signal.aborted) return 130;
    return failed.length > 0 ? 1 : 0;
  } finally {
    db.close();
  }
}

export const inferCommand: Command = {
  name: 'infer',
  summary: "A model's keypoint predictions for catalog files or Setitec files on disk; --commit stores them as proposals",
  usage: [
    'udw infer [--model ID|PATH] [--folder F | FILE_ID|PATH … | --paths FILE …] [--commit] [--db FILE] [--json]',
    '',
    'Predicts with a registered model (ID), an .onnx file (PATH, used as it is), or the active model when --model is',
    'not given, over the whole catalog, the files under --folder, the catalog files named, or with --paths the',
    'Setitec files given, read straight from disk without importing them. --json prints',
    '{"model":{"id","path","snapshotId"},"files":[{"path","fileId","predictions":[{"classId","depth","confidence"}]}],',
    ' "failed":[{"path","fileId","message"}]} (fileId null for --paths; depth in mm). --commit stores catalog',
    "predictions as proposals (source model, provenance model:<id>), replacing the files' untouched model proposals;",
    'decided and human labels are never touched (then "commit":{created, removed, skipped}).',
    'Exit 0 when every file was predicted, 1 when one failed (the others are printed), 2 bad usage, 130 interrupted.',
  ].join('\n'),
  options: { model: { type: 'string' }, folder: { type: 'string' }, paths: { type: 'boolean' }, commit: { type: 'boolean' } },
  async run(ctx) {
    const inference = new ChildInferenceService(nodeInferenceLink());
    try {
      if (ctx.values.paths === true) return await fromDisk(ctx, inference);
      return await fromCatalog(ctx, inference);
    } finally {
      await inference.dispose();
    }
  },
};
