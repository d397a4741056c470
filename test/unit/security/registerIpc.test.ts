/**
 * registerIpc against a real back end (temp catalog) and a recording stand-in for Electron's ipcMain (the
 * real one needs the Electron binary): every request channel gets one handler, every handler checks the
 * sender frame before anything reaches the dispatch, events reach the live windows, and dispose undoes it all.
 */
import type { IpcMain, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../../src/main/backend/createBackend';
import { registerIpc } from '../../../src/main/electron/registerIpc';
import { APP_START_URL } from '../../../src/main/security/appOrigin';
import { REQUEST_CHANNELS } from '../../../src/shared/api/contract';
import { EVENT_IPC_CHANNEL } from '../../../src/shared/api/ipc';
import { tempBackend, type TempBackend } from '../../helpers/tempBackend';

type Handler = (event: { senderFrame: unknown }, payload: unknown) => Promise<unknown>;

/** ipcMain as registerIpc uses it; like Electron, a second handler for one channel is an error. */
class FakeIpcMain {
  public readonly handlers = new Map<string, Handler>();
  public handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  public removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  public call(channel: string, senderFrame: unknown, payload: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for '${channel}'`);
    return handler({ senderFrame }, payload);
  }
}

/** A window's webContents as far as registerIpc touches it. */
function fakeWebContents(destroyed = false) {
  const sent: unknown[][] = [];
  return { sent, wc: { isDestroyed: () => destroyed, send: (...args: unknown[]) => sent.push(args) } as unknown as WebContents };
}

const TRUSTED = { url: APP_START_URL, parent: null };

/** Frames that must never reach a handler: none at all, other origins, look-alike hosts, sub-frames. */
const FOREIGN: Array<[string, unknown]> = [
  ['no frame', null],
  ['an unknown frame', undefined],
  ['a web page', { url: 'https://evil.example/', parent: null }],
  ['a look-alike host', { url: 'app://workstation.evil.example/index.html', parent: null }],
  ['another app:// host', { url: 'app://other/index.html', parent: null }],
  ['a file:// page', { url: 'file:///opt/udw/index.html', parent: null }],
  ['credentials in the URL', { url: 'app://user:pw@workstation/index.html', parent: null }],
  ['a sub-frame of our own page', { url: APP_START_URL, parent: { url: APP_START_URL } }],
];

let temp: TempBackend;
let ipcMain: FakeIpcMain;
let dispatched: string[];
let windows: WebContents[];
let dispose: () => void;

beforeEach(() => {
  temp = tempBackend('electron');
  ipcMain = new FakeIpcMain();
  dispatched = [];
  windows = [];
  // The real dispatch, with a record of which channels reached it.
  const recording: Backend = {
    ...temp.backend,
    dispatch: (channel, payload) => {
      dispatched.push(channel);
      return temp.backend.dispatch(channel, payload);
    },
  };
  dispose = registerIpc(ipcMain as unknown as IpcMain, recording, () => windows);
});

afterEach(async () => {
  dispose();
  await temp.cleanup();
});

describe('registerIpc', () => {
  it('registers one handler per request channel of the contract, and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(ipcMain.handlers.has(EVENT_IPC_CHANNEL)).toBe(false);
  });

  it.each(FOREIGN)('refuses %s on every channel before the dispatch runs', async (_name, frame) => {
    for (const channel of REQUEST_CHANNELS) {
      const reply = (await ipcMain.call(channel, frame, {})) as { ok: boolean; error: { code: string; message: string } };
      expect(reply.ok, channel).toBe(false);
      expect(reply.error.code, channel).toBe('forbidden');
      expect(reply.error.message).toContain(`${channel}: refused a request from`);
      const url = (frame as { url?: string } | null | undefined)?.url;
      expect(reply.error.message).toContain(url ?? 'unknown sender');
    }
    expect(dispatched).toEqual([]);
  });

  it('passes every channel from our main frame to the validating dispatch', async () => {
    // null is no channel's input: each reply proves the request got past the sender check into validation.
    for (const channel of REQUEST_CHANNELS) {
      const reply = (await ipcMain.call(channel, TRUSTED, null)) as { ok: boolean; error: { code: string; message: string } };
      expect(reply, channel).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      expect(reply.error.message.startsWith(`${channel}: invalid payload`)).toBe(true);
    }
    expect(dispatched).toEqual([...REQUEST_CHANNELS]);
  });

  it('answers a trusted request with the real back end, and keeps error codes in the envelope', async () => {
    expect(await ipcMain.call('app.info', TRUSTED, {})).toMatchObject({ ok: true, value: { host: 'electron', catalogPath: temp.backend.context.catalogPath } });
    expect(await ipcMain.call('labels.list', TRUSTED, { fileId: 404 })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/file 404/) } });
  });

  it('pushes back-end events to every live window, read at each event', () => {
    const first = fakeWebContents();
    const closed = fakeWebContents(true);
    windows.push(first.wc, closed.wc);
    temp.backend.events.emit('app.notice', { level: 'info', message: 'one' });
    const later = fakeWebContents();
    windows.push(later.wc);
    temp.backend.events.emit('labels.changed', { fileId: 3 });
    expect(first.sent).toEqual([
      [EVENT_IPC_CHANNEL, 'app.notice', { level: 'info', message: 'one' }],
      [EVENT_IPC_CHANNEL, 'labels.changed', { fileId: 3 }],
    ]);
    expect(later.sent).toEqual([[EVENT_IPC_CHANNEL, 'labels.changed', { fileId: 3 }]]);
    expect(closed.sent).toEqual([]);
  });

  it('dispose removes every handler and stops the events', () => {
    const win = fakeWebContents();
    windows.push(win.wc);
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    temp.backend.events.emit('app.notice', { level: 'info', message: 'after' });
    expect(win.sent).toEqual([]);
    // Registering again works (no handler left behind to collide with).
    dispose = registerIpc(ipcMain as unknown as IpcMain, temp.backend, () => windows);
    expect(ipcMain.handlers.size).toBe(REQUEST_CHANNELS.length);
  });
});
