import { randomUUID } from 'node:crypto';
import type { Handlers } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { BackendContext } from '../backend/context';
import { runImport } from '../ingest/importJob';
import { getFileDetail, getSignals, getSignalsPacked } from './fileDetail';
import { listFileRows } from './fileRows';

type CatalogHandlers = Pick<Handlers, 'catalog.import' | 'catalog.cancelImport' | 'catalog.listFiles' | 'catalog.getFile' | 'catalog.getSignals' | 'catalog.getSignalsPacked'>;

export function catalogHandlers(ctx: BackendContext): CatalogHandlers {
  // One import at a time per catalog: two jobs would race on the missing/moved decisions.
  const running = new Map<string, AbortController>();
  let current: Promise<unknown> = Promise.resolve();
  // Registered after the catalog's close, so it runs before it: stop the job and let it commit first.
  ctx.onDispose(async () => {
    for (const c of running.values()) c.abort();
    await current.catch(() => undefined);
  });
  return {
    'catalog.import': async ({ dirs, jobId }) => {
      if (running.size > 0) throw new ApiError('conflict', `an import is already running (job ${[...running.keys()][0]})`);
      const id = jobId ?? randomUUID();
      const controller = new AbortController();
      running.set(id, controller);
      try {
        const job = runImport(ctx.db, {
          dirs,
          jobId: id,
          signal: controller.signal,
          onProgress: (p) => ctx.events.emit('catalog.importProgress', p),
        });
        current = job;
        return await job;
      } catch (err) {
        throw new ApiError('failed', `import failed: ${(err as Error).message}`);
      } finally {
        running.delete(id);
      }
    },
    'catalog.cancelImport': ({ jobId }) => {
      const c = running.get(jobId);
      if (!c) return { cancelled: false };
      c.abort();
      return { cancelled: true };
    },
    'catalog.listFiles': ({ includeMissing }) => listFileRows(ctx.db, { includeMissing: includeMissing ?? false }),
    'catalog.getFile': ({ id }) => getFileDetail(ctx.db, id),
    'catalog.getSignals': ({ id }) => getSignals(ctx.db, id),
    'catalog.getSignalsPacked': ({ id }) => getSignalsPacked(ctx.db, id),
  };
}
