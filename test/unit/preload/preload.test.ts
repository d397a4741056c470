/**
 * The sandboxed preload, loaded for real with hand-written stand-ins for Electron's contextBridge and
 * ipcRenderer (the Electron binary cannot run here). The stand-in IPC is wired to the real main side:
 * registerIpc over a real back end on a temp catalog, with our app's main frame as the sender and structured
 * cloning both ways, as Electron does. So `window.api` is checked end to end: what it exposes, that every
 * contract channel is forwarded under its own name, that errors keep their codes, and that events arrive.
 */
import type { IpcMain, WebContents } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerIpc } from '../../../src/main/electron/registerIpc';
import { APP_START_URL } from '../../../src/main/security/appOrigin';
import { EVENT_CHANNELS, REQUEST_CHANNELS, type AppApi } from '../../../src/shared/api/contract';
import { ApiError } from '../../../src/shared/api/errors';
import { EVENT_IPC_CHANNEL } from '../../../src/shared/api/ipc';
import { tempBackend, type TempBackend } from '../../helpers/tempBackend';

type MainHandler = (event: { senderFrame: unknown }, payload: unknown) => Promise<unknown>;
type RendererListener = (event: unknown, ...args: unknown[]) => void;

// Hoisted above the imports with vi.mock, so the preload sees these when it imports 'electron'.
const electron = vi.hoisted(() => {
  const exposed: Array<[string, unknown]> = [];
  const mainHandlers = new Map<string, MainHandler>();
  const rendererListeners = new Map<string, Set<RendererListener>>();
  const invoked: string[] = [];
  const trustedFrame = { url: '', parent: null };
  return {
    exposed,
    mainHandlers,
    rendererListeners,
    invoked,
    trustedFrame,
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => exposed.push([key, value]),
    },
    ipcRenderer: {
      // Electron structured-clones the arguments and the reply; a value that cannot cross throws here too.
      invoke: async (channel: string, payload: unknown): Promise<unknown> => {
        invoked.push(channel);
        const handler = mainHandlers.get(channel);
        if (!handler) throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`);
        return structuredClone(await handler({ senderFrame: trustedFrame }, structuredClone(payload)));
      },
      on: (channel: string, listener: RendererListener) => {
        const set = rendererListeners.get(channel) ?? new Set();
        set.add(listener);
        rendererListeners.set(channel, set);
      },
      removeListener: (channel: string, listener: RendererListener) => {
        rendererListeners.get(channel)?.delete(listener);
      },
    },
  };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

let temp: TempBackend;
let unregister: () => void;
let api: AppApi;

beforeAll(async () => {
  electron.trustedFrame.url = APP_START_URL;
  temp = tempBackend('electron');
  const ipcMain = { handle: (channel: string, h: MainHandler) => electron.mainHandlers.set(channel, h), removeHandler: (channel: string) => electron.mainHandlers.delete(channel) };
  // One window, whose webContents.send delivers to the preload's listeners (cloned, as over real IPC).
  const window = {
    isDestroyed: () => false,
    send: (channel: string, ...args: unknown[]) => {
      for (const l of electron.rendererListeners.get(channel) ?? []) l({ sender: null }, ...args.map((a) => structuredClone(a)));
    },
  } as unknown as WebContents;
  unregister = registerIpc(ipcMain as unknown as IpcMain, temp.backend, () => [window]);
  await import('../../../src/preload/index');
  api = electron.exposed[0]![1] as AppApi;
});

afterAll(async () => {
  unregister?.();
  await temp?.cleanup();
});

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected a rejection');
}

describe('preload: window.api', () => {
  it('exposes exactly one object, `api`, with exactly invoke and on', () => {
    expect(electron.exposed.map(([key]) => key)).toEqual(['api']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.on).toBe('function');
  });

  it('forwards every request channel of the contract under its own name to main', async () => {
    electron.invoked.length = 0;
    for (const channel of REQUEST_CHANNELS) {
      // null is no channel's input: main's validation answers, which proves the request arrived there.
      const err = await rejection(api.invoke(channel, null as never));
      expect(err, channel).toBeInstanceOf(ApiError);
      expect(err.code, channel).toBe('invalid_payload');
      expect(err.message.startsWith(`${channel}: invalid payload`)).toBe(true);
    }
    expect(electron.invoked).toEqual([...REQUEST_CHANNELS]);
  });

  it('resolves with the value main answered', async () => {
    const info = await api.invoke('app.info', {});
    expect(info).toMatchObject({ host: 'electron', catalogPath: temp.backend.context.catalogPath });
    expect(await api.invoke('catalog.listFiles', {})).toEqual([]);
  });

  it('turns a refusal by main back into an ApiError with its code, message and details', async () => {
    const missing = await rejection(api.invoke('labels.list', { fileId: 404 }));
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing.code).toBe('not_found');
    expect(missing.message).toMatch(/file 404 is not in the catalog/);
    const invalid = await rejection(api.invoke('labels.list', { fileId: 'one' } as never));
    expect(invalid.code).toBe('invalid_payload');
    expect(invalid.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['fileId'] })]));
  });

  it('refuses a channel outside the contract without sending anything', async () => {
    electron.invoked.length = 0;
    const err = await rejection(api.invoke('shell.openExternal' as never, {}));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('unknown_channel');
    expect(err.message).toContain("'shell.openExternal'");
    expect(() => api.on('ipc.anything' as never, () => undefined)).toThrow(/unknown event 'ipc.anything'/);
    expect(electron.invoked).toEqual([]);
  });

  it('delivers each contract event to its own listeners only, until unsubscribed', () => {
    expect(EVENT_CHANNELS).toContain('app.notice');
    const notices: unknown[] = [];
    const changes: unknown[] = [];
    const offNotice = api.on('app.notice', (p) => notices.push(p));
    const offChanged = api.on('labels.changed', (p) => changes.push(p));
    temp.backend.events.emit('app.notice', { level: 'warning', message: 'disk almost full' });
    temp.backend.events.emit('labels.changed', { fileId: 7 });
    expect(notices).toEqual([{ level: 'warning', message: 'disk almost full' }]);
    expect(changes).toEqual([{ fileId: 7 }]);

    offNotice();
    temp.backend.events.emit('app.notice', { level: 'info', message: 'gone' });
    expect(notices).toHaveLength(1);
    offChanged();
    // Unsubscribing leaves no listener behind on the IPC channel.
    expect(electron.rendererListeners.get(EVENT_IPC_CHANNEL)?.size ?? 0).toBe(0);
  });
});
