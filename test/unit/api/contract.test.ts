import { afterAll, describe, expect, it } from 'vitest';
import { CONTRACT, EVENT_CHANNELS, REQUEST_CHANNELS } from '../../../src/shared/api/contract';
import { ApiError } from '../../../src/shared/api/errors';
import { wrapIpcHandler } from '../../../src/main/electron/ipcEnvelope';
import { tempBackend } from '../../helpers/tempBackend';

const t = tempBackend();
afterAll(() => t.cleanup());

describe('the API contract', () => {
  it('names every channel once, as domain.verb, and splits requests from events', () => {
    const all = Object.keys(CONTRACT);
    expect(new Set(all).size).toBe(all.length);
    expect(REQUEST_CHANNELS.length + EVENT_CHANNELS.length).toBe(all.length);
    for (const name of all) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    expect(REQUEST_CHANNELS).toContain('catalog.listFiles');
    expect(EVENT_CHANNELS).toContain('catalog.importProgress');
  });

  it('has a handler for every request channel', () => {
    for (const channel of REQUEST_CHANNELS) expect(typeof t.backend.handlers[channel], channel).toBe('function');
  });

  describe.each(REQUEST_CHANNELS)('%s', (channel) => {
    it('rejects a payload that is not an object with a clear error', async () => {
      const err = await t.backend.dispatch(channel, 'not an object').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).code).toBe('invalid_payload');
      expect((err as ApiError).message).toMatch(new RegExp(`^${channel.replace('.', '\\.')}: invalid payload: `));
    });

    it('rejects unknown fields (payloads are strict)', async () => {
      const err = await t.backend.dispatch(channel, { sneaky: true }).catch((e: unknown) => e);
      expect((err as ApiError).code).toBe('invalid_payload');
    });

    it('refuses the request when it comes from a foreign origin over IPC', async () => {
      let reached = false;
      const wrapped = wrapIpcHandler(async () => {
        reached = true;
        return {};
      }, channel);
      for (const senderFrame of [
        { url: 'https://evil.example/index.html', parent: null },
        { url: 'file:///etc/passwd', parent: null },
        { url: 'app://workstation.evil.example/index.html', parent: null },
        { url: 'app://workstation/index.html', parent: { url: 'app://workstation/' } },
        null,
      ]) {
        const res = await wrapped({ senderFrame }, {});
        expect(res.ok).toBe(false);
        expect(!res.ok && res.error.code).toBe('forbidden');
      }
      expect(reached).toBe(false);
    });
  });

  it('lets our own main frame through to the validated dispatch', async () => {
    const wrapped = wrapIpcHandler(t.backend.dispatch, 'app.info');
    const ok = await wrapped({ senderFrame: { url: 'app://workstation/index.html', parent: null } }, {});
    expect(ok).toMatchObject({ ok: true, value: { name: 'UOS Drilling Workstation', host: 'memory' } });
    const bad = await wrapped({ senderFrame: { url: 'app://workstation/index.html', parent: null } }, { id: 'x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('rejects an unknown channel', async () => {
    await expect(t.backend.dispatch('catalog.dropTables', {})).rejects.toMatchObject({ code: 'unknown_channel' });
  });
});
