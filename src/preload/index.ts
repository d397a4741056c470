/**
 * Sandboxed preload: builds `window.api` (the AppApi of the contract) and nothing else. No Node work
 * here; every payload is validated again in main, so this file only forwards.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isEventChannel, isRequestChannel, type AppApi } from '../shared/api/contract';
import { ApiError } from '../shared/api/errors';
import { EVENT_IPC_CHANNEL, type IpcEnvelope } from '../shared/api/ipc';

const api: AppApi = {
  async invoke(channel, input) {
    if (!isRequestChannel(channel)) throw new ApiError('unknown_channel', `unknown channel '${String(channel)}'`);
    const envelope = (await ipcRenderer.invoke(channel, input)) as IpcEnvelope;
    if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.details);
    return envelope.value as never;
  },
  on(channel, listener) {
    if (!isEventChannel(channel)) throw new ApiError('unknown_channel', `unknown event '${String(channel)}'`);
    const handler = (_event: IpcRendererEvent, name: string, payload: unknown): void => {
      if (name === channel) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(EVENT_IPC_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_IPC_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('api', api);
