/** What every group of handlers may use. Built once per back end by createBackend. */
import type { HostKind } from '../../shared/api/app.contract';
import type { z } from 'zod';
import type { CatalogDb } from '../db/openCatalog';
import type { PythonSelection } from './pythonSelection';
import type { SettingsService } from './settingsService';
import type { EventHub } from './eventHub';

export interface BackendContext {
  host: z.infer<typeof HostKind>;
  catalogPath: string;
  projectRoot: string;
  db: CatalogDb;
  settings: SettingsService;
  /** The interpreter the back end runs, and who may change it (never a path from the renderer). */
  python: PythonSelection;
  events: EventHub;
  /** Cleanups run in reverse order by Backend.dispose(). */
  onDispose(fn: () => void | Promise<void>): void;
}
