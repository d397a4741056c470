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
import { pipeline, type Duplex } from 'node:stream';
import { ApiError, toWireError } from '../../shared/api/errors';
import { WireDepthError, fromWireJson, toWireJson, type Base64Codec } from '../../shared/api/wire';
import { WIRE_BINARY_TYPE, encodeWireBinary } from '../../shared/api/wireBinary';
import type { Backend } from '../backend/createBackend';
import { buildCsp } from '../security/csp';
import { createEventSockets, refuseUpgrade } from './eventSocket';
import { HttpStatusError, statusOf } from './httpErrors';
import { readBody } from './requestBody';
import { parseRequestTarget } from './requestTarget';
import { contentType, lookupStatic, resolveStatic } from '../security/staticPath';
import { newToken, tokenMatches } from './token';

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Contract payloads nest a handful of levels; deeper text only attacks the decoder's stack. */
export const MAX_BODY_DEPTH = 64;

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

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function bearer(req: http.IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : null;
}

/** Answer with the wire error; if the answer had already begun, cutting the connection is all that is left. */
function sendError(res: http.ServerResponse, err: unknown): void {
  try {
    if (res.headersSent) res.destroy();
    else send(res, statusOf(err), JSON.stringify(toWireError(err)));
  } catch {
    res.destroy();
  }
}

function channelOf(pathname: string): string {
  const raw = pathname.slice('/api/'.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new HttpStatusError(400, 'invalid_payload', `API path '/api/${raw.slice(0, 200)}' has a malformed % escape in the channel name (expected a name like catalog.listFiles)`);
  }
}

function decodeBody(text: string): unknown {
  if (!text) return {};
  try {
    return fromWireJson(text, NODE_BASE64, { maxDepth: MAX_BODY_DEPTH });
  } catch (err) {
    if (err instanceof WireDepthError) throw new ApiError('invalid_payload', `request body: ${err.message} (the contract's payloads need far fewer)`);
    throw new ApiError('invalid_payload', `request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
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

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') throw new ApiError('invalid_payload', 'use POST for API requests');
    if (!tokenMatches(token, bearer(req))) throw new ApiError('forbidden', 'missing or wrong token');
    const origin = req.headers.origin;
    if (origin && !allowedOrigins().includes(origin)) throw new ApiError('forbidden', `foreign origin '${origin}'`);
    const channel = channelOf(url.pathname);
    const payload = decodeBody(await readBody(req, MAX_BODY_BYTES));
    const result = await backend.dispatch(channel, payload);
    if (req.headers.accept?.includes(WIRE_BINARY_TYPE)) {
      const frame = encodeWireBinary(result);
      res.writeHead(200, { 'content-type': WIRE_BINARY_TYPE, 'content-length': frame.byteLength, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(frame);
    } else send(res, 200, toWireJson(result, NODE_BASE64));
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, JSON.stringify(toWireError(new ApiError('invalid_payload', 'method not allowed'))));
      return;
    }
    const found = opts.staticDir ? lookupStatic(opts.staticDir, url.pathname) : null;
    if (found?.kind === 'refused') {
      send(res, 404, `not found: ${found.reason}`, 'text/plain; charset=utf-8');
      return;
    }
    // Nothing at that path: the page routes itself, so it gets the app.
    const file = found?.kind === 'file' ? found.path : opts.staticDir ? resolveStatic(opts.staticDir, '/') : null;
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
    // A read error (the build replaced mid-response) ends this response only; pipeline destroys both ends.
    else pipeline(fs.createReadStream(file), res, () => undefined);
  }

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!req.headers.host || !allowedHosts().includes(req.headers.host)) {
      send(res, 421, JSON.stringify(toWireError(new ApiError('forbidden', `unexpected Host header '${req.headers.host ?? ''}'`))));
      return;
    }
    const url = parseRequestTarget(req.url);
    if (url.pathname.startsWith('/api/')) await handleApi(req, res, url);
    else serveStatic(req, res, url);
  }

  // Every failure of a request ends as an answer to that request: nothing escapes as a rejection.
  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => sendError(res, err));
  });

  const events = createEventSockets();
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own 'error' listener off an upgraded socket: without this a client reset would throw.
    socket.on('error', () => socket.destroy());
    try {
      const url = parseRequestTarget(req.url);
      const origin = req.headers.origin;
      const ok =
        url.pathname === '/events' &&
        !!req.headers.host &&
        allowedHosts().includes(req.headers.host) &&
        (!origin || allowedOrigins().includes(origin)) &&
        tokenMatches(token, url.searchParams.get('token'));
      if (!ok) refuseUpgrade(socket, 403);
      else events.upgrade(req, socket, head);
    } catch {
      refuseUpgrade(socket, 400);
    }
  });
  const unsubscribe = backend.events.subscribe((channel, payload) => {
    events.broadcast(toWireJson({ channel, payload }, NODE_BASE64));
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
      events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
