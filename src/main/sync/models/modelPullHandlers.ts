/**
 * models.pull and models.remoteLineage: `udw models pull` for the Models page. The server is the one set
 * under Sync (remote.set), with the credentials the Sync view stored (never seen by the renderer). The
 * registry's checks load a pulled model in an inference process of its own, started on the first pull and
 * stopped with the back end, so a pull never waits behind a batch run in the Models page's process.
 */
import type { Handlers } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import type { ModelRemote } from '../../../shared/api/models.contract';
import { ChildInferenceService } from '../../models/childInferenceService';
import type { StartLink } from '../../models/inferenceLink';
import { ModelRegistry } from '../../models/modelRegistry';
import { modelInfo } from '../../models/modelStore';
import { nodeInferenceLink } from '../../models/nodeInferenceLink';
import type { BackendContext } from '../../services/handlerContext';
import type { MlflowClient } from '../mlflow/mlflowClient';
import { pullModel } from './pullModel';
import { PullStore } from './pullStore';

export interface ModelPullOptions {
  /** A client for the server set under Sync, or null when none is set. */
  client: () => MlflowClient | null;
  /** How the checking inference process starts (the Electron entry lends a utilityProcess). */
  startLink?: StartLink;
}

export function modelPullHandlers(ctx: BackendContext, opts: ModelPullOptions): Pick<Handlers, 'models.pull' | 'models.remoteLineage'> {
  let inference: ChildInferenceService | null = null;
  ctx.onDispose(async () => {
    await inference?.dispose();
  });
  const lineage = (): Record<string, ModelRemote> => Object.fromEntries(new PullStore(ctx.db).lineage());

  return {
    'models.pull': async ({ ref }) => {
      const client = opts.client();
      if (!client) throw new ApiError('failed', `models.pull ${ref}: no MLflow server set for this catalog: enter its tracking URI under Sync first`);
      inference ??= new ChildInferenceService(opts.startLink ?? nodeInferenceLink());
      const registry = new ModelRegistry({ db: ctx.db, catalogPath: ctx.catalogPath, inference });
      try {
        const result = await pullModel({ db: ctx.db, catalogPath: ctx.catalogPath, client, registry, ref });
        const model = registry.store.get(result.model.id);
        const remote = lineage()[result.model.id];
        if (!model || !remote) throw new ApiError('internal', `models.pull ${ref}: ${result.model.id} was pulled but is not in the registry`);
        return { model: modelInfo(model), remote, pulled: result.pulled, aliasMoved: result.aliasMoved, verified: result.verified, message: result.message };
      } catch (err) {
        // The pull's own messages name the server, the model and what was expected; they go to the page as they are.
        throw err instanceof ApiError ? err : new ApiError('failed', (err as Error).message);
      } finally {
        await client.http.close();
      }
    },
    'models.remoteLineage': () => lineage(),
  };
}
