/** What every group of handlers may use. Built once per back end by createBackend. */
import type { HostKind } from '../../shared/api/app.contract';
import type { z } from 'zod';
import type { CatalogDb } from '../catalog/openCatalog';
import type { SettingsService } from '../services/settingsService';
import type { EventHub } from './eventHub';

export interface BackendContext {
  host: z.infer<typeof HostKind>;
  catalogPath: string;
  projectRoot: string;
  db: CatalogDb;
  settings: SettingsService;
  events: EventHub;
  /** Cleanups run in reverse order by Backend.dispose(). */
  onDispose(fn: () => void | Promise<void>): void;
}
