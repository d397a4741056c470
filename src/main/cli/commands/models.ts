/**
 * `udw models [list] | import FILE.onnx | import --run RUN_ID | activate ID | remove ID | pull NAME@ALIAS`: the
 * local model registry (models/); pull brings a registered version from the MLflow server (sync/models/).
 */
import path from 'node:path';
import type { ModelInfo } from '../../../shared/api/models.contract';
import { ChildInferenceService } from '../../models/childInferenceService';
import { ModelRegistry } from '../../models/modelRegistry';
import { ModelStore, modelInfo } from '../../models/modelStore';
import { nodeInferenceLink } from '../../models/nodeInferenceLink';
import { pullModel, type PullResult } from '../../sync/models/pullModel';
import { PullStore, type RemoteLineage } from '../../sync/models/pullStore';
import { mlflowClientFor, readRemote } from '../../sync/remoteConfig';
import { UsageError, emit, type Command, type CommandContext } from '../command';
import { openCliCatalog } from '../catalogCli';

/** Where a pulled model came from, in the text listing. */
function remoteLine(r: RemoteLineage): string {
  const moves = r.aliasMoves.map((m) => (m.to === r.version ? `@${m.alias} moved here from version ${m.from}` : `@${m.alias} moved away to version ${m.to}`));
  const aliases = r.aliases.map((a) => `@${a}`).join(' ');
  return `    from ${r.server}: ${r.name} version ${r.version}${aliases ? ` ${aliases}` : ''} (MLflow run ${r.runId ?? '-'}), pulled ${r.pulledAt}${moves.length ? `; ${moves.join('; ')}` : ''}`;
}

function pullText(r: PullResult): string {
  return `${r.message}\n  ${r.model.id}  ${r.model.path}${r.verified ? `\n  checked: ${r.verified === 'sha256' ? 'SHA-256 of the registered file, ' : 'size, '}metadata and graph` : ''}`;
}

async function pull(ctx: CommandContext): Promise<number> {
  const ref = oneArg(ctx, 'NAME@ALIAS (or NAME/VERSION) of a registered model on the MLflow server');
  const { db, file } = openCliCatalog(ctx, { create: false });
  const inference = new ChildInferenceService(nodeInferenceLink());
  try {
    const url = typeof ctx.values.mlflow === 'string' ? ctx.values.mlflow : readRemote(db, path.dirname(file)).mlflowUrl;
    if (!url) throw new Error(`pull ${ref}: no MLflow server set for this catalog: \`udw remote set --mlflow URI\` first (or give --mlflow URI)`);
    const client = mlflowClientFor(url, path.dirname(file), { warn: (m) => ctx.io.err(`udw models pull: warning: ${m}`) });
    try {
      const result = await pullModel({ db, catalogPath: file, client, registry: new ModelRegistry({ db, catalogPath: file, inference }), ref });
      emit(ctx, result, () => pullText(result));
    } finally {
      await client.http.close();
    }
    return 0;
  } finally {
    await inference.dispose();
    db.close();
  }
}

function line(m: ModelInfo): string {
  const exit = m.evaluation?.keypoints.exit?.mae;
  return [
    `${m.active ? '*' : ' '} ${m.id}  ${m.name}`,
    `    ${m.channels.join(', ')} @ ${m.stepMm} mm → ${m.classes.join(', ')}`,
    `    run ${m.runId ?? '-'}, snapshot ${m.snapshotId ? m.snapshotId.slice(0, 16) : '-'}${exit != null ? `, exit MAE ${exit.toFixed(3)} mm` : ''}; ${m.path}`,
  ].join('\n');
}

async function withRegistry<T>(ctx: CommandContext, fn: (registry: ModelRegistry) => Promise<T>): Promise<T> {
  const { db, file } = openCliCatalog(ctx, { create: false });
  const inference = new ChildInferenceService(nodeInferenceLink());
  try {
    return await fn(new ModelRegistry({ db, catalogPath: file, inference }));
  } finally {
    await inference.dispose();
    db.close();
  }
}

function oneArg(ctx: CommandContext, what: string): string {
  const arg = ctx.positionals[1];
  if (!arg) throw new UsageError(`${ctx.positionals[0]}: expected ${what}`);
  if (ctx.positionals.length > 2) throw new UsageError(`unexpected argument '${ctx.positionals[2]}'`);
  return arg;
}

export const modelsCommand: Command = {
  name: 'models',
  summary: 'The local model registry: list, import an .onnx file or a training run, activate, remove, pull from MLflow',
  usage: [
    'udw models [list] [--db FILE] [--json]',
    'udw models import FILE.onnx [--name NAME] [--db FILE] [--json]',
    'udw models import --run RUN_ID [--name NAME] [--db FILE] [--json]',
    'udw models activate ID [--db FILE] [--json]',
    'udw models remove ID [--db FILE] [--json]',
    'udw models pull NAME@ALIAS | NAME/VERSION | NAME@latest [--mlflow URI] [--db FILE] [--json]',
    '',
    'import checks the file (its `udw` metadata: channels, resampling, normalisation, classes; its graph, by loading',
    'it in the inference process) and copies it to <catalog folder>/models/<id>.onnx; the id is model- and the first',
    '16 hex digits of its SHA-256 (importing the same file again gives the same model). --run registers a training',
    "run's verified model.onnx with the run's evaluation. One model is active: the one `udw infer` uses by default.",
    '--json prints the model(s) {id, name, path, sha256, bytes, runId, snapshotId, channels, classes, stepMm,',
    'bridgeVersion, evaluation, importedAt, active}, and for a pulled model remote {server, name, version, runId,',
    'source, file, sha256, pulledAt, aliases, aliasMoves:[{alias, from, to, at}]}; remove prints {removed}.',
    'pull resolves the alias (or version) on the MLflow server of `udw remote set` (or --mlflow), downloads the',
    "version's ONNX file(s) through the artifact proxy, checks them (size; the SHA-256 udw sync tagged the version",
    'with; metadata and graph) and imports them. It prints {"model":{"id","name","version","alias","runId","path",…},',
    '"pulled","aliasMoved":{"from","to"}|null,"verified","files","message"}; pulling again while the alias has not',
    'moved does nothing ("pulled": false). Exit 0 ok, 1 failure, 2 bad usage.',
  ].join('\n'),
  options: { name: { type: 'string' }, run: { type: 'string' }, mlflow: { type: 'string' } },
  async run(ctx) {
    const sub = ctx.positionals[0] ?? 'list';
    const name = typeof ctx.values.name === 'string' ? ctx.values.name : undefined;
    switch (sub) {
      case 'list': {
        if (ctx.positionals.length > 1) throw new UsageError(`unexpected argument '${ctx.positionals[1]}'`);
        const { db } = openCliCatalog(ctx, { create: false });
        try {
          const lineage = new PullStore(db).lineage();
          const models = new ModelStore(db).list().map((m) => ({ ...modelInfo(m), ...(lineage.has(m.id) ? { remote: lineage.get(m.id)! } : {}) }));
          emit(ctx, models, () => (models.length === 0 ? 'no models yet (udw models import FILE.onnx)' : models.map((m) => [line(m), ...(m.remote ? [remoteLine(m.remote)] : [])].join('\n')).join('\n')));
        } finally {
          db.close();
        }
        return 0;
      }
      case 'import': {
        const run = typeof ctx.values.run === 'string' ? ctx.values.run : undefined;
        if (run !== undefined && ctx.positionals.length > 1) throw new UsageError('give either FILE.onnx or --run RUN_ID, not both');
        const file = run === undefined ? path.resolve(oneArg(ctx, 'an .onnx file (or --run RUN_ID)')) : undefined;
        const result = await withRegistry(ctx, (registry) => (file ? registry.importFile(file, { name }) : registry.registerRun(run!, name)));
        const info = modelInfo(result.model);
        emit(ctx, { ...info, created: result.created }, () => `${result.created ? 'imported' : 'already registered'}:\n${line(info)}`);
        return 0;
      }
      case 'activate': {
        const id = oneArg(ctx, 'a model id (udw models lists them)');
        const info = await withRegistry(ctx, async (registry) => modelInfo(registry.activate(id)));
        emit(ctx, info, () => `active:\n${line(info)}`);
        return 0;
      }
      case 'remove': {
        const id = oneArg(ctx, 'a model id (udw models lists them)');
        const removed = await withRegistry(ctx, (registry) => registry.remove(id));
        emit(ctx, { removed }, () => (removed ? `removed ${id}` : `${id}: not in the registry`));
        return removed ? 0 : 1;
      }
      case 'pull':
        return await pull(ctx);
      default:
        throw new UsageError(`unknown sub-command '${sub}'; expected list, import, activate, remove or pull`);
    }
  },
};
