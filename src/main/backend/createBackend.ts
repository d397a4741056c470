/**
 * The back end behind the API contract, with no Electron in sight: Electron's main process, the
 * loopback web host, the CLI and the tests all build it the same way and differ only in transport.
 */
import path from 'node:path';
import type { z } from 'zod';
import type { HostKind } from '../../shared/api/app.contract';
import type { Handlers } from '../../shared/api/contract';
import { createDispatch, type Dispatch } from '../../shared/api/dispatch';
import { catalogQueryHandlers } from '../catalog/catalogQueryHandlers';
import { compareQueryHandlers } from '../catalog/compareQueries';
import { importHandlers } from '../ingest/importHandlers';
import { openCatalog } from '../db/openCatalog';
import { agreementHandlers } from '../labels/agreement/agreementHandlers';
import { labelHandlers } from '../labels/labelHandlers';
import { labelSyncHandlers } from '../labels/travel/labelSyncHandlers';
import { autolabelHandlers } from '../labels/autolabel/autolabelHandlers';
import { sheetHandlers } from '../labels/sheets/sheetHandlers';
import { trainingHandlers } from '../training/trainingHandlers';
import type { StartLink } from '../models/inferenceLink';
import { modelHandlers } from '../models/modelHandlers';
import type { PickModelFile } from '../models/modelFilePick';
import { processSupervisor } from '../process/processSupervisor';
import { projectRoot } from '../services/paths';
import { ensurePrivateDir } from '../services/privateFile';
import { PythonSelection, type ChooseInterpreterFile } from '../services/pythonSelection';
import { SettingsService } from '../services/settingsService';
import type { CredentialStore } from '../sync/credentialStore';
import { syncHandlers } from '../sync/syncHandlers';
import type { BackendContext } from '../services/handlerContext';
import { appHandlers } from './appHandlers';
import { EventHub } from '../services/eventHub';

export interface BackendOptions {
  host: z.infer<typeof HostKind>;
  catalogPath: string;
  projectRoot?: string;
  python?: {
    /** The interpreter given on the command line that started this back end (`udw web --python`, UDW_PYTHON). */
    fixed?: { command: string; source: '--python' | 'UDW_PYTHON' } | null;
    /** The native file dialog, lent by the Electron entry (this module never imports electron). */
    chooseFile?: ChooseInterpreterFile | null;
    /** Where to look for interpreters (PATH, UDW_PYTHON, VIRTUAL_ENV…); process.env unless a test says otherwise. */
    env?: NodeJS.ProcessEnv;
  };
  /** How the inference process starts: the Electron entry lends a utilityProcess link; a Node child otherwise. */
  inferenceLink?: StartLink;
  /** The native file dialog for models.importPick, lent by the Electron entry; none elsewhere (the request says where to import instead). */
  pickModelFile?: PickModelFile | null;
  /** Where MLflow credentials are kept: the desktop lends its safeStorage store; the 0600 credentials.json otherwise. */
  credentials?: (dataDir: string) => CredentialStore;
  /** Opens a link in the system browser (the desktop lends Electron's shell.openExternal): the MLflow UI of a synced run. */
  openExternal?: (url: string) => Promise<void>;
  /** Drain the sync outbox unasked this often when work is due (the desktop: work done offline goes out when the server is back); off unless given. */
  autoSyncMs?: number;
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
  const dataDir = path.dirname(path.resolve(opts.catalogPath === ':memory:' ? '.' : opts.catalogPath));
  // A new data folder is the user's alone (catalog, settings); one that exists is left as its owner set it.
  if (opts.catalogPath !== ':memory:') ensurePrivateDir(dataDir);
  // Read before the catalog opens, so that a broken settings.json leaves no database open behind it.
  const settings = new SettingsService(dataDir);
  const db = openCatalog(opts.catalogPath);
  cleanups.push(() => {
    db.close();
  });
  const events = new EventHub();
  cleanups.push(() => events.dispose());
  // No child process outlives the back end: every managed child is cancelled (SIGTERM, then SIGKILL) first.
  cleanups.push(() => processSupervisor.disposeAll());
  const root = opts.projectRoot ?? projectRoot();
  const context: BackendContext = {
    host: opts.host,
    catalogPath: opts.catalogPath,
    projectRoot: root,
    db,
    settings,
    python: new PythonSelection({ host: opts.host, projectRoot: root, settings, fixed: opts.python?.fixed ?? null, chooseFile: opts.python?.chooseFile ?? null, env: opts.python?.env }),
    events,
    onDispose: (fn) => cleanups.push(fn),
  };
  const handlers: Handlers = {
    ...appHandlers(context),
    ...importHandlers(context),
    ...catalogQueryHandlers(context.db),
    ...compareQueryHandlers(context.db),
    ...labelHandlers(context),
    ...labelSyncHandlers(context),
    ...autolabelHandlers(context),
    ...agreementHandlers(context),
    ...sheetHandlers(context),
    ...trainingHandlers(context),
    ...modelHandlers(context, opts.inferenceLink, opts.pickModelFile ?? null),
    ...syncHandlers(context, { dataDir, credentials: opts.credentials?.(dataDir), openExternal: opts.openExternal, autoSyncMs: opts.autoSyncMs, inferenceLink: opts.inferenceLink }),
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
