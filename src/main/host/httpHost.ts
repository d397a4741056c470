/**
 * The API contract over HTTP + WebSocket on loopback, so the real renderer runs in a plain browser
 * (Playwright here; a headless GPU workstation used from a laptop's browser through an SSH tunnel).
 *
 *   POST /api/<channel>   body and response in wire JSON; header `Authorization: Bearer <token>`
 *   GET  /events?token=…  WebSocket of {channel, payload} events
 *   GET  /…               the renderer build (no data in it, so no token needed)
 *
 * The token is random per start and printed in the URL fragment, which browsers never send to servers.
 * Host and Origin are checked too, so a web page elsewhere cannot reach us through DNS rebinding.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, toWireError } from '../../shared/api/errors';
import { toWireJson, fromWireJson, type Base64Codec } from '../../shared/api/wire';
import { WIRE_BINARY_TYPE, encodeWireBinary } from '../../shared/api/wireBinary';
import type { Backend } from '../backend/createBackend';
import { buildCsp } from '../security/csp';
import { contentType, resolveStatic } from './staticFiles';
import { newToken, tokenMatches } from './token';

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Node's native base64: about 50× faster than the portable codec on a million-sample signal. */
const NODE_BASE64: Base64Codec = {
  encode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
  decode: (text) => new Uint8Array(Buffer.from(text, 'base64')),
};

export interface HttpHostOptions {
  backend: Backend;
  staticDir: string | null;
  host?: string;
  port?: number;
  token?: string;
}

export interface HttpHost {
  readonly url: string;
  /** The URL to open: the page reads the token from the fragment. */
  readonly openUrl: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const STATUS: Record<ApiError['code'], number> = {
  unknown_channel: 404,
  invalid_payload: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  failed: 422,
  internal: 500,
};

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError('invalid_payload', `request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function bearer(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : null;
}

export async function startHttpHost(opts: HttpHostOptions): Promise<HttpHost> {
  const host = opts.host ?? '127.0.0.1';
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) {
    throw new Error(`the web host binds to loopback only (127.0.0.1 or ::1), not '${host}'`);
  }
  const token = opts.token ?? newToken();
  const { backend } = opts;
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);
  // IPv6 literals are not valid CSP sources; 'self' already covers the page's own origin.
  const csp = (): string => buildCsp({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!req.headers.host || !allowedHosts().includes(req.headers.host)) {
        send(res, 421, JSON.stringify(toWireError(new ApiError('forbidden', `unexpected Host header '${req.headers.host ?? ''}'`))));
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (url.pathname.startsWith('/api/')) {
        try {
          if (req.method !== 'POST') throw new ApiError('invalid_payload', 'use POST for API requests');
          if (!tokenMatches(token, bearer(req))) throw new ApiError('forbidden', 'missing or wrong token');
          const origin = req.headers.origin;
          if (origin && !allowedOrigins().includes(origin)) throw new ApiError('forbidden', `foreign origin '${origin}'`);
          const text = await readBody(req);
          let payload: unknown;
          try {
            payload = text ? fromWireJson(text, NODE_BASE64) : {};
          } catch {
            throw new ApiError('invalid_payload', 'request body is not valid JSON');
          }
          const result = await backend.dispatch(decodeURIComponent(url.pathname.slice('/api/'.length)), payload);
          if (req.headers.accept?.includes(WIRE_BINARY_TYPE)) {
            const frame = encodeWireBinary(result);
            res.writeHead(200, { 'content-type': WIRE_BINARY_TYPE, 'content-length': frame.byteLength, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
            res.end(frame);
          } else send(res, 200, toWireJson(result, NODE_BASE64));
        } catch (err) {
          const wire = toWireError(err);
          send(res, STATUS[wire.error.code], JSON.stringify(wire));
        }
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, JSON.stringify(toWireError(new ApiError('invalid_payload', 'method not allowed'))));
        return;
      }
      const file = opts.staticDir ? (resolveStatic(opts.staticDir, url.pathname) ?? resolveStatic(opts.staticDir, '/')) : null;
      if (!file) {
        send(res, 404, 'renderer build not found: run `npm run build`', 'text/plain; charset=utf-8');
        return;
      }
      res.writeHead(200, {
        'content-type': contentType(file),
        'content-security-policy': csp(),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': file.endsWith('.html') ? 'no-store' : 'max-age=3600',
      });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file).pipe(res);
    })();
  });

  const wss = new WebSocketServer({ noServer: true });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const origin = req.headers.origin;
    const ok =
      url.pathname === '/events' &&
      !!req.headers.host &&
      allowedHosts().includes(req.headers.host) &&
      (!origin || allowedOrigins().includes(origin)) &&
      tokenMatches(token, url.searchParams.get('token'));
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
    });
  });
  const unsubscribe = backend.events.subscribe((channel, payload) => {
    const message = toWireJson({ channel, payload }, NODE_BASE64);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const hostForUrl = host === '::1' ? '[::1]' : host;
  const url = `http://${hostForUrl}:${port}`;
  return {
    url,
    openUrl: `${url}/#token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
