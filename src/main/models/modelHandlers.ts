/**
 * The models.* API over ModelService. The inference process is started on the first prediction, not with
 * the back end; a crash of it is reported as a `models.inferenceCrashed` event and the next request
 * restarts it. Stored predictions emit `labels.changed` like any label edit, so open views refetch.
 * The renderer names a training run to register, never a file path to load.
 */
import type { Handlers } from '../../shared/api/contract';
import type { BackendContext } from '../services/handlerContext';
import { FileReviewStore } from '../labels/fileReview';
import { ANONYMOUS } from '../labels/labelHandlers';
import { LabelSchemaStore } from '../labels/labelSchemaStore';
import { LabelStore } from '../labels/labelStore';
import { requireFile } from '../labels/requireFile';
import { ChildInferenceService } from './childInferenceService';
import type { StartLink } from './inferenceLink';
import { importPickedModel, type PickModelFile } from './modelFilePick';
import { modelProvenance } from './modelProposals';
import { modelInfo } from './modelStore';
import { asApiError, ModelService } from './modelService';
import { nodeInferenceLink } from './nodeInferenceLink';

type ModelChannels =
  | 'models.list'
  | 'models.import'
  | 'models.importPick'
  | 'models.activate'
  | 'models.remove'
  | 'models.predict'
  | 'models.proposeFile'
  | 'models.inferBatch'
  | 'models.cancel';

/** Whether `modelId` has proposed on the file before (any state: a decided or rejected proposal is not made again). */
function hasModelProposals(db: BackendContext['db'], fileId: number, modelId: string): boolean {
  return db.prepare("SELECT 1 FROM labels WHERE file_id = ? AND source = 'model' AND provenance = ? LIMIT 1").get(fileId, modelProvenance(modelId)) !== undefined;
}

/**
 * `startLink`: how the inference process starts (a Node child by default; the Electron entry lends a utilityProcess).
 * `pickFile`: the native file dialog for models.importPick (only the Electron entry has one).
 */
export function modelHandlers(ctx: BackendContext, startLink: StartLink = nodeInferenceLink(), pickFile: PickModelFile | null = null): Pick<Handlers, ModelChannels> {
  const schema = new LabelSchemaStore(ctx.db);
  const labels = new LabelStore(ctx.db, schema, new FileReviewStore(ctx.db));
  const inference = new ChildInferenceService(startLink);
  inference.onCrash((crash) => ctx.events.emit('models.inferenceCrashed', { message: crash.message, pid: crash.pid }));
  const service = new ModelService({ db: ctx.db, catalogPath: ctx.catalogPath, inference, labels, schema, annotator: () => ctx.settings.get().annotator.trim() || ANONYMOUS });
  ctx.onDispose(async () => {
    service.stop();
    await inference.dispose();
  });
  return {
    'models.list': () => service.registry.list().map(modelInfo),
    'models.import': async ({ runId, name }) => modelInfo((await service.registry.registerRun(runId, name)).model),
    'models.importPick': ({ name }) => importPickedModel(service.registry, pickFile, ctx.host, name),
    'models.activate': ({ modelId }) => modelInfo(service.registry.activate(modelId)),
    'models.remove': async ({ modelId }) => ({ removed: await service.registry.remove(modelId) }),
    'models.predict': ({ fileId, modelId }) => service.predictFile(fileId, modelId),
    'models.proposeFile': async ({ fileId, modelId }) => {
      requireFile(ctx.db, fileId);
      const nothing = { fileId, stored: false, created: 0, removed: 0, skipped: 0 };
      // Opening a file with no active model is the ordinary case, not an error.
      if (!modelId && !service.registry.store.active()) return { modelId: null, ...nothing };
      const model = service.registry.resolve(modelId);
      if (hasModelProposals(ctx.db, fileId, model.id)) return { modelId: model.id, ...nothing };
      const { predictions } = await service.predictFile(fileId, model.id);
      const written = service.store(fileId, model, predictions);
      if (written.created + written.removed > 0) ctx.events.emit('labels.changed', { fileId, seq: written.seq });
      return { modelId: model.id, fileId, stored: true, created: written.created, removed: written.removed, skipped: written.skipped };
    },
    'models.inferBatch': async (input) => {
      try {
        return await service.inferBatch(input, {
          onProgress: (jobId, p) => ctx.events.emit('models.progress', { jobId, ...p }),
          onFileChanged: (fileId, seq) => ctx.events.emit('labels.changed', { fileId, seq }),
        });
      } catch (err) {
        throw asApiError(err);
      }
    },
    'models.cancel': ({ jobId }) => ({ cancelled: service.cancel(jobId) }),
  };
}
