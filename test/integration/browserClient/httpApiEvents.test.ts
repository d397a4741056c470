/**
 * The browser client of the web host (renderer/api/httpApi.ts) with a real WebSocket (the `ws` client, the
 * browser's interface) and real fetch, against a small server whose WebSocket handshake is slow: a request
 * made right after subscribing to its events waits for the socket, so the events it causes at once (the first
 * lines of python.setup) reach the page instead of being sent to nobody.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createHttpApi } from '../../../src/renderer/api/httpApi';
import { toWireJson } from '../../../src/shared/api/wire';

const HANDSHAKE_DELAY_MS = 400;
let server: http.Server;
let url: string;
const order: string[] = [];
const clients = new Set<WebSocket>();
let wss: WebSocketServer;

beforeAll(async () => {
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
  wss = new WebSocketServer({ noServer: true });
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      order.push('request');
      // The event the request causes, sent as the host sends it, before the answer.
      const line = toWireJson({ channel: 'python.setupProgress', payload: { line: '$ python3 -m venv /tmp/venv' } });
      for (const ws of clients) ws.send(line);
      res.writeHead(200, { 'content-type': 'application/json' }).end(toWireJson({ ok: true, message: 'done' }));
    });
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    setTimeout(() => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        order.push('socket');
        clients.add(ws);
        ws.on('close', () => clients.delete(ws));
      });
    }, HANDSHAKE_DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const ws of clients) ws.terminate();
  wss.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

describe('web host client events', () => {
  it('a request made right after subscribing waits for the events socket, and its first event arrives', async () => {
    const api = createHttpApi(url, 'token');
    const lines: string[] = [];
    const off = api.on('python.setupProgress', ({ line }) => lines.push(line));
    const answer = await api.invoke('python.setup', {});
    expect(answer).toEqual({ ok: true, message: 'done' });
    expect(order).toEqual(['socket', 'request']);
    await expect.poll(() => lines).toEqual(['$ python3 -m venv /tmp/venv']);
    off();
  });
});
