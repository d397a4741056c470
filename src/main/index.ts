/**
 * Electron entry of the desktop app. Thin: security setup, the app:// protocol, one window, and the
 * same back end the web host and CLI use, reached over IPC.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, ipcMain, nativeTheme, protocol, safeStorage, session, shell, type OpenDialogOptions } from 'electron';
import { createBackend, type Backend } from './backend/createBackend';
import { utilityProcessInferenceLink } from './electron/inferenceUtilityProcess';
import { modelFileDialog } from './electron/modelFileDialog';
import { registerIpc } from './electron/registerIpc';
import { handleAppProtocol, registerAppSchemePrivileges } from './electron/protocol';
import { denyAllPermissions } from './electron/permissions';
import { resolveCatalogPath } from './services/paths';
import { createMainWindow } from './electron/mainWindow';
import { describeStartupFailure } from './electron/startupFailure';
import { safeCredentialStore } from './electron/safeCredentialStore';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.join(here, '..', 'renderer');
const PRELOAD = path.join(here, '..', 'preload', 'index.cjs');

registerAppSchemePrivileges(protocol);
if (!app.requestSingleInstanceLock()) app.quit();

let backend: Backend | null = null;

/**
 * The back end's only way to a file dialog (services never import electron): the user, not the page, picks
 * the Python interpreter, and the back end checks that it answers like a Python before storing it.
 */
async function chooseInterpreterFile(): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: 'Choose the Python interpreter',
    buttonLabel: 'Use this Python',
    properties: ['openFile', 'dontAddToRecent'],
    filters: process.platform === 'win32' ? [{ name: 'Python', extensions: ['exe'] }] : [],
  };
  const owner = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
let unregisterIpc: (() => void) | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  const catalogPath = resolveCatalogPath(null, { ...process.env, UDW_DATA_DIR: process.env.UDW_DATA_DIR ?? app.getPath('userData') });
  backend = createBackend({
    host: 'electron',
    catalogPath,
    projectRoot: app.getAppPath(),
    python: { chooseFile: chooseInterpreterFile },
    inferenceLink: utilityProcessInferenceLink(),
    pickModelFile: modelFileDialog(dialog, () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]),
    // MLflow credentials encrypted by the OS secret store, never in the renderer's reach.
    credentials: (dataDir) => safeCredentialStore(safeStorage, dataDir),
    // The window opens no links itself; the back end opens the MLflow UI links it built, in the system browser.
    openExternal: (url) => shell.openExternal(url),
    // A laptop back online sends what it queued without being asked; a minute is soon enough and costs nothing idle.
    autoSyncMs: 60_000,
  });
  handleAppProtocol(protocol, RENDERER_DIR, () => {
    const mlflow = backend?.context.settings.get().mlflowUrl;
    return mlflow ? [new URL(mlflow).origin] : [];
  });
  unregisterIpc = registerIpc(ipcMain, backend, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  createMainWindow(BrowserWindow, PRELOAD, nativeTheme.shouldUseDarkColors);
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', () => {
  unregisterIpc?.();
  void backend?.dispose();
  backend = null;
});

/**
 * A start that throws (a damaged catalog: CatalogOpenError names the file and how to recover) would otherwise
 * be an unhandled rejection and no window. Say why in an error box, free what was set up, and exit non-zero.
 */
async function failStartup(err: unknown): Promise<void> {
  const failure = describeStartupFailure(err);
  console.error(`${failure.title}: ${failure.message}`);
  dialog.showErrorBox(failure.title, failure.message);
  unregisterIpc?.();
  unregisterIpc = null;
  try {
    await backend?.dispose();
  } catch (disposeErr) {
    console.error('while shutting down after a failed start:', disposeErr);
  }
  backend = null;
  // exit, not quit: no before-quit handlers, no waiting on windows that never opened; the code must be non-zero.
  app.exit(failure.exitCode);
}

void start().catch(failStartup);
