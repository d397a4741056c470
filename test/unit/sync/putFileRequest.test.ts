/**
 * Artifact uploads' PUT (putFileRequest.ts, through MlflowHttp.putFile) against real local servers: the bytes
 * arrive whole and in order through the one reused read buffer, the hash and progress callbacks see every
 * byte, an HTTP error answer is worded as the other calls' are, a refused connection and a connection cut in
 * the middle of the body are transport failures, and over TLS the server's CA is trusted when given (a
 * certificate made here with openssl) and refused when not. A socket gone between two writes (Node's http
 * client drops that write's callback) ends the upload with a transport failure instead of leaving it waiting,
 * and an answer that comes before the whole body is the result.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MlflowError } from '../../../src/main/sync/mlflow/mlflowError';
import { CHUNK_BYTES, putFileRequest } from '../../../src/main/sync/mlflow/putFileRequest';
import { MlflowHttp } from '../../../src/main/sync/mlflow/mlflowHttp';

let dir: string;
let file: string;
let bytes: Buffer;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-put-'));
  file = path.join(dir, 'artifact.bin');
  // Not a multiple of the 256 KiB read buffer, so the last chunk is a short one.
  // Three of the reused read buffer's chunks and a bit: a last, short read.
  bytes = randomBytes(3 * CHUNK_BYTES + 12_345);
  fs.writeFileSync(file, bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function listen(server: http.Server | https.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `${server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${port}`;
}

function receiving(onBody: (body: Buffer, req: http.IncomingMessage) => [number, string]): Handler {
  return (req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const [status, text] = onBody(Buffer.concat(parts), req);
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  };
}

describe('artifact PUT', () => {
  it('sends the bytes whole, with length, type and auth; the callbacks see every byte', async () => {
    let got: { body: Buffer; headers: http.IncomingHttpHeaders; url: string } | null = null;
    const server = http.createServer(receiving((body, req) => ((got = { body, headers: req.headers, url: req.url! }), [200, '{}'])));
    const url = await listen(server);
    const h = new MlflowHttp({ url, auth: { kind: 'basic', username: 'ana', password: 'pw' } });
    const hash = createHash('sha256');
    const progress: number[] = [];
    try {
      await h.putFile('api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/a.bin', file, bytes.length, 'application/octet-stream', (s) => progress.push(s), (c) => hash.update(c));
      // A second upload on the kept-alive connection.
      await h.putFile('api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/b.bin', file, bytes.length, 'application/octet-stream');
    } finally {
      await h.close();
      server.close();
    }
    expect(got!.body.equals(bytes)).toBe(true);
    expect(got!.url).toBe('/api/2.0/mlflow-artifacts/artifacts/1/r/artifacts/b.bin');
    expect(got!.headers).toMatchObject({ 'content-length': String(bytes.length), 'content-type': 'application/octet-stream', authorization: `Basic ${Buffer.from('ana:pw').toString('base64')}` });
    expect(hash.digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(progress).toEqual([CHUNK_BYTES, 2 * CHUNK_BYTES, 3 * CHUNK_BYTES, bytes.length]);
  });

  it('words an error answer as the other calls do, and a refused or cut connection as a transport failure', async () => {
    const refusing = http.createServer(receiving(() => [403, JSON.stringify({ error_code: 'PERMISSION_DENIED', message: 'no writes for you' })]));
    const url = await listen(refusing);
    const h = new MlflowHttp({ url });
    await expect(h.putFile('api/2.0/mlflow-artifacts/artifacts/x.bin', file, bytes.length, 'application/octet-stream')).rejects.toMatchObject({ kind: 'permission' });
    await h.close();
    refusing.close();

    // Reads the first bytes, then drops the connection without an answer.
    const cutting = http.createServer((req) => {
      let n = 0;
      req.on('data', (c: Buffer) => {
        n += c.length;
        if (n > 100_000) req.socket.destroy();
      });
    });
    const cutUrl = await listen(cutting);
    const c = new MlflowHttp({ url: cutUrl });
    const cut = await c.putFile('api/2.0/mlflow-artifacts/artifacts/x.bin', file, bytes.length, 'application/octet-stream').catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(MlflowError);
    expect((cut as MlflowError).kind).toBe('uncertain');
    expect((cut as MlflowError).message).toContain(`MLflow server ${cutUrl} (PUT api/2.0/mlflow-artifacts/artifacts/x.bin): the connection failed before an answer`);
    await c.close();
    cutting.close();

    const nobody = new MlflowHttp({ url });
    await expect(nobody.putFile('api/2.0/mlflow-artifacts/artifacts/x.bin', file, bytes.length, 'application/octet-stream')).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringContaining('ECONNREFUSED') });
    await nobody.close();
  });

  it('a socket gone between two writes ends the upload at once, as a reset (the write callback never comes)', async () => {
    // The server reads and never answers; the client's own socket is destroyed just before its second write,
    // the moment CI once hit by chance: Node drops that write's callback, so only the request's close can end it.
    const silent = http.createServer((req) => req.resume());
    const url = await listen(silent);
    const agent = new http.Agent({ keepAlive: true });
    let chunks = 0;
    const started = Date.now();
    try {
      const failed = await putFileRequest({ url: new URL(`${url}/x.bin`), agent, headers: {}, connectTimeoutMs: 30_000, idleTimeoutMs: 30_000 }, file, bytes.length, () => {
        chunks += 1;
        if (chunks === 2) for (const socket of Object.values(agent.sockets).flat()) socket?.destroy();
      }).catch((e: unknown) => e);
      expect(failed).toMatchObject({ code: 'ECONNRESET' });
      // Well before the 30 s idle timeout, which cannot fire on a destroyed socket anyway.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(chunks).toBe(2);
    } finally {
      agent.destroy();
      silent.close();
    }
  }, 20_000);

  it('an answer before the whole body is sent is the result, and the rest of the body is not sent', async () => {
    // Refuses after the first bytes, as a proxy with a size limit does, and keeps reading what still comes.
    let received = 0;
    const early = http.createServer((req, res) => {
      req.on('data', (c: Buffer) => {
        received += c.length;
        if (!res.headersSent) res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: 'RESOURCE_LIMIT_EXCEEDED', message: 'too big' }));
      });
    });
    const url = await listen(early);
    // 256 MB (sparse): far more than loopback's socket buffers take before the answer is read.
    const big = path.join(dir, 'big.bin');
    const size = 256 * 1024 * 1024;
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, size);
    const h = new MlflowHttp({ url });
    try {
      await expect(h.putFile('api/2.0/mlflow-artifacts/artifacts/big.bin', big, size, 'application/octet-stream')).rejects.toMatchObject({ kind: 'limits', status: 413 });
    } finally {
      await h.close();
      early.close();
    }
    expect(received).toBeLessThan(size / 4);
  });

  it('over TLS: trusts the server with its CA given, refuses it without', async () => {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    let received = 0;
    const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, receiving((body) => ((received = body.length), [200, '{}'])));
    const url = await listen(server);
    try {
      const trusted = new MlflowHttp({ url, tls: { caFile: cert } });
      await trusted.putFile('api/2.0/mlflow-artifacts/artifacts/t.bin', file, bytes.length, 'application/octet-stream');
      await trusted.close();
      expect(received).toBe(bytes.length);
      const untrusted = new MlflowHttp({ url });
      await expect(untrusted.putFile('api/2.0/mlflow-artifacts/artifacts/u.bin', file, bytes.length, 'application/octet-stream')).rejects.toMatchObject({ kind: 'tls' });
      await untrusted.close();
    } finally {
      server.close();
    }
  });
});
