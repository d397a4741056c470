/**
 * `udw serve`: one model behind MLflow's scoring protocol. POST /invocations (a Setitec file, or JSON signal
 * arrays: scoringInput.ts) answers {"predictions": [{name, depthStartMm, length, keypoints: [{classId, depth,
 * confidence}]}], "model": {...}}; GET /ping, GET /version, GET /metrics (Prometheus). Bad input gets a 4xx
 * with what was expected; an inference-process crash a 503 (the next request restarts it); the server
 * itself never goes down on a request. Requests are scored one after another: the inference process runs
 * one model call at a time anyway, and a queue keeps latency figures honest.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Prediction } from '../../../shared/api/models.contract';
import type { InferenceService } from '../inferenceService';
import { InferenceCrashError, InferenceRequestError } from '../inferenceService';
import type { ResolvedModel } from '../modelRef';
import { predict } from '../predict';
import { inputFromColumns, inputFromSetitec, PreprocessError, type ModelInput } from '../preprocess';
import { ScoringMetrics } from './metrics';
import { readBody } from './readBody';
import { ScoringInputError, scoringItems, type ScoringItem } from './scoringInput';
import { authorised } from './serveAccess';

export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

export interface ScoringServerOptions {
  model: ResolvedModel;
  inference: InferenceService;
  host: string;
  port: number;
  /** Required as `Authorization: Bearer <token>` on every route but /ping; null for none (loopback only). */
  token: string | null;
  bodyLimit?: number;
  appVersion: string;
}

export interface ScoringServer {
  url: string;
  metrics: ScoringMetrics;
  close(): Promise<void>;
}

class HttpError extends Error {
  public constructor(
    public readonly status: number,
    public readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? `${JSON.stringify(body)}\n` : String(body);
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

export async function startScoringServer(opts: ScoringServerOptions): Promise<ScoringServer> {
  const metrics = new ScoringMetrics();
  const limit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const meta = opts.model.checked.metadata;
  const modelJson = { id: opts.model.id, snapshotId: opts.model.snapshotId, runId: meta.runId ?? null, channels: meta.input.channels, classes: meta.classes, stepMm: meta.resampling.stepMm };
  opts.inference.onCrash(() => metrics.crashes++);
  let queue: Promise<unknown> = Promise.resolve();

  const inputOf = async (item: ScoringItem): Promise<ModelInput> =>
    item.kind === 'setitec' ? inputFromSetitec(item.bytes, item.name, meta) : inputFromColumns(item.columns, meta, item.name);

  const score = async (req: IncomingMessage): Promise<unknown> => {
    const body = await readBody(req, limit);
    if (!body.ok) throw new HttpError(body.status, body.status === 413 ? 'too_large' : 'bad_body', body.message);
    const items = scoringItems(body.bytes, String(req.headers['content-type'] ?? '').trim());
    const run = async () => {
      const predictions: Array<{ name: string; depthStartMm: number; length: number; keypoints: Array<Pick<Prediction, 'classId' | 'depth' | 'confidence'>> }> = [];
      for (const item of items) {
        const input = await inputOf(item);
        const keypoints = (await predict(opts.inference, opts.model.checked, input)).map(({ classId, depth, confidence }) => ({ classId, depth, confidence }));
        predictions.push({ name: item.name, depthStartMm: input.depthStartMm, length: input.length, keypoints });
      }
      metrics.predicted(items.length);
      return { predictions, model: modelJson };
    };
    const turn = queue.then(run, run);
    queue = turn.catch(() => {});
    return turn;
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<[string, number]> => {
    const url = (req.url ?? '/').split('?')[0]!;
    const known: Record<string, string> = { '/ping': 'GET', '/health': 'GET', '/version': 'GET', '/metrics': 'GET', '/invocations': 'POST' };
    const method = known[url];
    if (!method) {
      req.resume();
      throw new HttpError(404, 'not_found', `${req.method} ${url}: no such route; expected POST /invocations, GET /ping, GET /version or GET /metrics`);
    }
    if (req.method !== method) {
      req.resume();
      res.setHeader('allow', method);
      throw new HttpError(405, 'method', `${req.method} ${url}: expected ${method}`);
    }
    if (url !== '/ping' && url !== '/health' && !authorised(req, opts.token)) {
      req.resume();
      throw new HttpError(401, 'unauthorised', `${url}: expected an Authorization: Bearer <token> header with the token udw serve printed`);
    }
    switch (url) {
      case '/ping':
      case '/health':
        send(res, 200, '\n', 'text/plain');
        return [url, 200];
      case '/version':
        send(res, 200, { version: opts.appVersion, model: modelJson });
        return [url, 200];
      case '/metrics':
        send(res, 200, metrics.render(), 'text/plain; version=0.0.4');
        return [url, 200];
      default:
        send(res, 200, await score(req));
        return [url, 200];
    }
  };

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const finish = (r: string, status: number): void => metrics.request(r, status, (performance.now() - started) / 1000);
    route(req, res).then(
      ([r, status]) => finish(r, status),
      (err: unknown) => {
        const e =
          err instanceof HttpError
            ? err
            : err instanceof ScoringInputError
              ? new HttpError(400, 'bad_input', err.message)
              : err instanceof PreprocessError
                ? new HttpError(422, 'not_scorable', err.message)
                : err instanceof InferenceRequestError
                  ? new HttpError(422, 'model_refused', err.message)
                  : err instanceof InferenceCrashError
                    ? new HttpError(503, 'inference_crashed', err.message)
                    : new HttpError(500, 'internal', `internal error: ${err instanceof Error ? err.message : String(err)}`);
        metrics.error(e.kind);
        const r = ['/ping', '/health', '/version', '/metrics', '/invocations'].includes((req.url ?? '').split('?')[0]!) ? (req.url ?? '').split('?')[0]! : 'other';
        if (!res.headersSent) send(res, e.status, { error_code: e.kind.toUpperCase(), message: e.message });
        else res.destroy();
        finish(r, e.status);
      },
    );
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  server.on('clientError', (_err, socket) => {
    metrics.error('bad_request');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    metrics,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
