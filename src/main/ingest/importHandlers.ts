import { randomUUID } from 'node:crypto';
import type { Handlers } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { BackendContext } from '../services/handlerContext';
import { runImport } from './importJob';
import { CatalogBusyError } from '../catalog/importLock';

type ImportHandlers = Pick<Handlers, 'catalog.import' | 'catalog.cancelImport'>;

/** Starting and cancelling imports; the catalog's read requests are in catalog/catalogQueryHandlers. */
export function importHandlers(ctx: BackendContext): ImportHandlers {
  // One import at a time per catalog: two jobs would race on the missing/moved decisions. This map answers
  // for this process; the catalog's import lock (runImport) for every other process on the same catalog.
  const running = new Map<string, AbortController>();
  let current: Promise<unknown> = Promise.resolve();
  // Registered after the catalog's close, so it runs before it: stop the job and let it commit first.
  ctx.onDispose(async () => {
    for (const c of running.values()) c.abort();
    await current.catch(() => undefined);
  });
  return {
    'catalog.import': async ({ dirs, jobId }) => {
      if (running.size > 0) throw new ApiError('conflict', `an import is already running on catalog ${ctx.catalogPath} (job ${[...running.keys()][0]})`);
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
        if (err instanceof CatalogBusyError) throw new ApiError('conflict', err.message);
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
  };
}
