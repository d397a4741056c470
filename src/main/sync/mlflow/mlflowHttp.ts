/**
 * The wire to one MLflow server (undici; uploads through node:http, putFileRequest.ts): JSON calls, streamed uploads and downloads, the auth header, TLS
 * options, and every failure turned into an MlflowError (mlflowError.ts). Nothing here retries: the outbox
 * decides what to redo, after checking what the server already has.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { Agent, request, type Dispatcher } from 'undici';
import { MlflowError, errorFromResponse, errorFromTransport } from './mlflowError';
import { putFileRequest } from './putFileRequest';

export type MlflowAuth = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

export interface MlflowTls {
  /** A PEM file of the CA(s) that signed the server's certificate. */
  caFile?: string | null;
  /** Accept any certificate. Only when asked, and said out loud (`warn`). */
  insecure?: boolean;
}

export interface MlflowHttpOptions {
  /** The tracking URI, e.g. http://mlflow.lab:5000 or https://host/prefix. */
  url: string;
  auth?: MlflowAuth | null;
  tls?: MlflowTls;
  /** Waiting for an answer's headers, and between body chunks (ms). */
  timeoutMs?: number;
  warn?: (message: string) => void;
}

type Query = Record<string, string | number | undefined>;

export class MlflowHttp {
  /** The server as named in messages: origin and path prefix, never credentials. */
  public readonly server: string;
  private readonly base: string;
  private readonly agent: Agent;
  /** Uploads' own kept-alive connections (putFileRequest.ts), with the same TLS options. */
  private readonly uploadAgent: http.Agent;
  private readonly authHeader: string | null;
  private readonly timeoutMs: number;

  public constructor(opts: MlflowHttpOptions) {
    let url: URL;
    try {
      url = new URL(opts.url);
    } catch {
      throw new MlflowError('invalid', `MLflow tracking URI '${opts.url}': not a URL; expected http(s)://host[:port][/prefix]`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MlflowError('invalid', `MLflow tracking URI '${opts.url}': expected http:// or https://`);
    url.username = '';
    url.password = '';
    this.base = url.toString().replace(/\/+$/, '');
    this.server = this.base;
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    this.authHeader = !opts.auth ? null : opts.auth.kind === 'basic' ? `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}` : `Bearer ${opts.auth.token}`;
    const connect: { ca?: Buffer; rejectUnauthorized?: boolean } = {};
    if (opts.tls?.caFile) {
      try {
        connect.ca = fs.readFileSync(opts.tls.caFile);
      } catch (err) {
        throw new MlflowError('tls', `CA file ${opts.tls.caFile}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); expected a PEM file of the server's CA`);
      }
    }
    if (opts.tls?.insecure) {
      connect.rejectUnauthorized = false;
      (opts.warn ?? ((m: string) => process.emitWarning(m)))(`TLS certificate checks are OFF for ${this.server} (asked for by UDW_MLFLOW_INSECURE_TLS): anyone on the network path can read and change what is synced`);
    }
    // keepAliveTimeout under uvicorn's 5 s: drop an idle connection before the server does.
    this.agent = new Agent({ connect, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs, connectTimeout: Math.min(this.timeoutMs, 15_000), keepAliveTimeout: 2_000, keepAliveMaxTimeout: 2_000 });
    // An idle upload connection is closed after 2 s, as the undici pool's (under uvicorn's 5 s).
    this.uploadAgent = url.protocol === 'https:' ? new https.Agent({ keepAlive: true, timeout: 2_000, ...connect }) : new http.Agent({ keepAlive: true, timeout: 2_000 });
  }

  /** The MLflow UI's page for a run. */
  public runLink(experimentId: string, runId: string): string {
    return `${this.base}/#/experiments/${experimentId}/runs/${runId}`;
  }

  public async json<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', apiPath: string, opts: { query?: Query; body?: unknown } = {}): Promise<T> {
    const text = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const res = await this.send(method, apiPath, opts.query, text, text === undefined ? {} : { 'content-type': 'application/json' });
    const body = await this.readText(res, method, apiPath);
    if (res.statusCode < 200 || res.statusCode >= 300) throw errorFromResponse(this.server, `${method} ${apiPath}`, res.statusCode, body);
    if (!body) return {} as T;
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new MlflowError('invalid', `MLflow server ${this.server} (${method} ${apiPath}) answered ${res.statusCode} with something that is not JSON (${body.slice(0, 120)}); is this an MLflow tracking server?`);
    }
  }

  /**
   * PUT a file's bytes as a stream with its length up front; `onBytes` hears how many have gone so far,
   * `onChunk` sees each chunk (the caller's hash, taken as the bytes go rather than in a pass before).
   */
  public async putFile(apiPath: string, file: string, size: number, contentType: string, onBytes?: (sent: number) => void, onChunk?: (chunk: Buffer) => void): Promise<void> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'udw-sync', 'content-type': contentType };
    if (this.authHeader) headers.authorization = this.authHeader;
    let sent = 0;
    let res;
    try {
      res = await putFileRequest(
        { url: new URL(`${this.base}/${apiPath.replace(/^\/+/, '')}`), agent: this.uploadAgent, headers, connectTimeoutMs: Math.min(this.timeoutMs, 15_000), idleTimeoutMs: this.timeoutMs },
        file,
        size,
        (chunk) => {
          onChunk?.(chunk);
          sent += chunk.length;
          onBytes?.(sent);
        },
      );
    } catch (err) {
      throw errorFromTransport(this.server, `PUT ${apiPath}`, err);
    }
    if (res.statusCode < 200 || res.statusCode >= 300) throw errorFromResponse(this.server, `PUT ${apiPath}`, res.statusCode, res.body);
  }

  /** GET a body into a stream (a download to a file, or a hash). */
  public async getInto(apiPath: string, sink: NodeJS.WritableStream, query?: Query): Promise<void> {
    const res = await this.send('GET', apiPath, query, undefined, {});
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const body = await this.readText(res, 'GET', apiPath);
      throw errorFromResponse(this.server, `GET ${apiPath}`, res.statusCode, body);
    }
    try {
      await pipeline(res.body, sink);
    } catch (err) {
      throw errorFromTransport(this.server, `GET ${apiPath}`, err);
    }
  }

  public async close(): Promise<void> {
    this.uploadAgent.destroy();
    await this.agent.close();
  }

  private async send(method: Dispatcher.HttpMethod, apiPath: string, query: Query | undefined, body: string | undefined, headers: Record<string, string>, retried = false): Promise<Dispatcher.ResponseData> {
    const url = new URL(`${this.base}/${apiPath.replace(/^\/+/, '')}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const all: Record<string, string> = { accept: 'application/json', 'user-agent': 'udw-sync', ...headers };
    if (this.authHeader) all.authorization = this.authHeader;
    try {
      return await request(url, { method, headers: all, body, dispatcher: this.agent });
    } catch (err) {
      const failure = errorFromTransport(this.server, `${method} ${apiPath}`, err);
      // A kept-alive connection the server closed while idle fails the next request on it. A read is safe to
      // repeat at once on a fresh connection; a write is left to the outbox, which checks before it redoes.
      if (method === 'GET' && failure.kind === 'uncertain' && !retried) return await this.send(method, apiPath, query, body, headers, true);
      throw failure;
    }
  }

  private async readText(res: Dispatcher.ResponseData, method: string, apiPath: string): Promise<string> {
    try {
      return await res.body.text();
    } catch (err) {
      throw errorFromTransport(this.server, `${method} ${apiPath}`, err);
    }
  }
}
