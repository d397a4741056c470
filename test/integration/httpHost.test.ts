import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHttpHost, type HttpHost } from '../../src/main/host/httpHost';
import { resolveStatic } from '../../src/main/security/staticPath';
import { fromWireJson } from '../../src/shared/api/wire';
import { tempBackend } from '../helpers/tempBackend';
import fs from 'node:fs';
import path from 'node:path';

const t = tempBackend('web');
let host: HttpHost;
const staticDir = path.join(t.dir, 'static');

beforeAll(async () => {
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<p>renderer</p>');
  fs.writeFileSync(path.join(t.dir, 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(staticDir, 'real.js'), 'inside();');
  // Links out of the folder (to a file, to a folder) and one that stays inside it.
  fs.symlinkSync(path.join(t.dir, 'secret.txt'), path.join(staticDir, 'passwd.txt'));
  fs.symlinkSync(t.dir, path.join(staticDir, 'outside'));
  fs.symlinkSync(path.join(staticDir, 'real.js'), path.join(staticDir, 'alias.js'));
  host = await startHttpHost({ backend: t.backend, staticDir });
});
afterAll(async () => {
  await host.close();
  await t.cleanup();
});

function raw(method: string, urlPath: string, headers: Record<string, string> = {}, body = ''): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: urlPath, method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the loopback web host', () => {
  it('binds to loopback only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses to bind anywhere but loopback', async () => {
    await expect(startHttpHost({ backend: t.backend, staticDir, host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });

  it('serves the contract with the token', async () => {
    const res = await raw('POST', '/api/app.info', { authorization: `Bearer ${host.token}` }, '{}');
    expect(res.status).toBe(200);
    expect(fromWireJson(res.body)).toMatchObject({ name: 'UOS Drilling Workstation', host: 'web' });
  });

  it('answers in a binary frame when the client accepts it', async () => {
    const { decodeWireBinary, WIRE_BINARY_TYPE } = await import('../../src/shared/api/wireBinary');
    const res = await fetch(`${host.url}/api/app.info`, { method: 'POST', headers: { authorization: `Bearer ${host.token}`, accept: WIRE_BINARY_TYPE }, body: '{}' });
    expect(res.headers.get('content-type')).toBe(WIRE_BINARY_TYPE);
    expect(decodeWireBinary(new Uint8Array(await res.arrayBuffer()))).toMatchObject({ name: 'UOS Drilling Workstation', host: 'web' });
  });

  it('refuses API requests without the token or with a wrong one', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer nope' }, { authorization: host.token }];
    for (const headers of attempts) {
      const res = await raw('POST', '/api/settings.get', headers, '{}');
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'forbidden' } });
    }
  });

  it('refuses a foreign Origin and a foreign Host (DNS rebinding)', async () => {
    const origin = await raw('POST', '/api/app.info', { authorization: `Bearer ${host.token}`, origin: 'https://evil.example' }, '{}');
    expect(origin.status).toBe(403);
    const rebinding = await raw('GET', '/', { host: `evil.example:${host.port}` });
    expect(rebinding.status).toBe(421);
  });

  it('answers malformed payloads with 400 and the channel in the message', async () => {
    const res = await raw('POST', '/api/catalog.getFile', { authorization: `Bearer ${host.token}` }, '{"id":"seven"}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toMatch(/^catalog\.getFile: invalid payload: id:/);
    const notJson = await raw('POST', '/api/app.info', { authorization: `Bearer ${host.token}` }, '{nope');
    expect(notJson.status).toBe(400);
  });

  it('serves the renderer with a CSP and never a file outside it', async () => {
    const index = await raw('GET', '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('renderer');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    const escape = await raw('GET', '/..%2fsecret.txt');
    expect(escape.body).not.toContain('secret');
  });

  it('refuses a symlink in the static folder that leads outside it: 404, even with the token', async () => {
    const auth = { authorization: `Bearer ${host.token}` };
    for (const target of ['/passwd.txt', `/passwd.txt?token=${host.token}`, '/outside/secret.txt']) {
      const res = await raw('GET', target, auth);
      expect(res.status, target).toBe(404);
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toContain('renderer');
    }
    // The Electron app:// handler resolves through the same function.
    expect(resolveStatic(staticDir, '/passwd.txt')).toBeNull();
    expect(resolveStatic(staticDir, '/outside/secret.txt')).toBeNull();
    const inside = await raw('GET', '/alias.js');
    expect(inside.status).toBe(200);
    expect(inside.body).toBe('inside();');
    expect(inside.headers['content-type']).toContain('javascript');
  });

  it('refuses a path that climbs out of the static folder with 404 instead of the app page', async () => {
    for (const target of ['/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/a/..%2f..%2fsecret.txt']) {
      const res = await raw('GET', target);
      expect(res.status, target).toBe(404);
      expect(res.body).not.toContain('secret');
    }
    const route = await raw('GET', '/some/client/route');
    expect(route.status).toBe(200);
    expect(route.body).toContain('renderer');
  });

  it('streams events over a WebSocket only with the token', async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events`);
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => resolve('error'));
    });
    expect(refused).toBe('403');
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/events?token=${host.token}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const got = new Promise<unknown>((resolve) => ws.on('message', (data: Buffer) => resolve(fromWireJson(data.toString('utf8')))));
    t.backend.events.emit('app.notice', { level: 'info', message: 'hello' });
    expect(await got).toEqual({ channel: 'app.notice', payload: { level: 'info', message: 'hello' } });
    ws.close();
  });
});
