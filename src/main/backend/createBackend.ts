/**
 * The back end behind the API contract, with no Electron in sight: Electron's main process, the
 * loopback web host, the CLI and the tests all build it the same way and differ only in transport.
 */
import path from 'node:path';
import type { z } from 'zod';
import type { HostKind } from '../../shared/api/app.contract';
import type { Handlers } from '../../shared/api/contract';
import { createDispatch, type Dispatch } from '../../shared/api/dispatch';
import { catalogHandlers } from '../catalog/catalogHandlers';
import { openCatalog } from '../catalog/openCatalog';
import { labelHandlers } from '../labels/labelHandlers';
import { projectRoot } from '../services/paths';
import { SettingsService } from '../services/settingsService';
import type { BackendContext } from './context';
import { appHandlers } from './appHandlers';
import { EventHub } from './eventHub';

export interface BackendOptions {
  host: z.infer<typeof HostKind>;
  catalogPath: string;
  projectRoot?: string;
}

export interface Backend {
  readonly context: BackendContext;
  readonly handlers: Handlers;
  readonly dispatch: Dispatch;
  readonly events: EventHub;
  dispose(): Promise<void>;
}

export function createBackend(opts: BackendOptions): Backend {
  const cleanups: Array<() => void | Promise<void>> = [];
  const db = openCatalog(opts.catalogPath);
  cleanups.push(() => {
    db.close();
  });
  const events = new EventHub();
  cleanups.push(() => events.dispose());
  const context: BackendContext = {
    host: opts.host,
    catalogPath: opts.catalogPath,
    projectRoot: opts.projectRoot ?? projectRoot(),
    db,
    settings: new SettingsService(path.dirname(path.resolve(opts.catalogPath === ':memory:' ? '.' : opts.catalogPath))),
    events,
    onDispose: (fn) => cleanups.push(fn),
  };
  const handlers: Handlers = {
    ...appHandlers(context),
    ...catalogHandlers(context),
    ...labelHandlers(context),
  };
  let disposed = false;
  return {
    context,
    handlers,
    dispatch: createDispatch(handlers),
    events,
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const fn of cleanups.reverse()) await fn();
    },
  };
}
