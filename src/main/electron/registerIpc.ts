/** Connect the back end to Electron IPC: one handler per request channel, events pushed to windows. */
import type { IpcMain, WebContents } from 'electron';
import { REQUEST_CHANNELS } from '../../shared/api/contract';
import { EVENT_IPC_CHANNEL } from '../../shared/api/ipc';
import type { Backend } from '../backend/createBackend';
import { wrapIpcHandler } from './ipcEnvelope';

export function registerIpc(ipcMain: IpcMain, backend: Backend, targets: () => WebContents[]): () => void {
  for (const channel of REQUEST_CHANNELS) ipcMain.handle(channel, wrapIpcHandler(backend.dispatch, channel));
  const unsubscribe = backend.events.subscribe((channel, payload) => {
    for (const wc of targets()) if (!wc.isDestroyed()) wc.send(EVENT_IPC_CHANNEL, channel, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of REQUEST_CHANNELS) ipcMain.removeHandler(channel);
  };
}
