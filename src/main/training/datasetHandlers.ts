/**
 * The datasets.* channels (training.contract.ts): build a snapshot into `<catalog folder>/datasets/<id>`, and
 * list the snapshots built. The training manager's trainingHandlers spreads these in.
 */
import type { Handlers } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { ANONYMOUS } from '../labels/labelHandlers';
import type { BackendContext } from '../services/handlerContext';
import { createSnapshot } from './dataset/createSnapshot';
import { DatasetOptionError } from './dataset/options';
import { SnapshotStore } from './dataset/snapshotStore';

export function datasetHandlers(ctx: BackendContext): Pick<Handlers, 'datasets.create' | 'datasets.list'> {
  const store = new SnapshotStore(ctx.db);
  return {
    'datasets.create': async (options) => {
      try {
        return await createSnapshot({ db: ctx.db, catalogPath: ctx.catalogPath, options, outDir: null, by: ctx.settings.get().annotator.trim() || ANONYMOUS });
      } catch (err) {
        if (err instanceof ApiError) throw err;
        if (err instanceof DatasetOptionError) throw new ApiError('invalid_payload', err.message);
        throw new ApiError('failed', (err as Error).message);
      }
    },
    'datasets.list': () => store.list(),
  };
}
