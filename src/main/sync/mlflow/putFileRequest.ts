/**
 * A file's bytes as one HTTP PUT through node:http(s), for the artifact proxy's uploads. Not through undici
 * like every other call (mlflowHttp.ts): its body writer over a stream of fresh 1 MB buffers measured
 * 10–20 ms slower per 50 MB on a local server than this loop (docs/BENCHMARKS.md § Sync), which reads into one
 * reused buffer and writes it again only once the socket has taken the last chunk (no buffer left for the
 * garbage collector, no stream stage in between). Failures are plain Node errors with their codes
 * (ECONNREFUSED, ECONNRESET, …), which errorFromTransport words as it does undici's.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

/**
 * One read and one socket write at a time. The client's CPU per 50 MB PUT to a local server (2026-12-02,
 * process.cpuUsage, medians of 24–32): 63 ms with 64 KiB, 41–83 ms with 256 KiB, 38–40 ms with 1 MiB, 31–32 ms
 * with 4 MiB (Python's `requests`: 30–35 ms); each chunk costs a thread-pool read and a socket wake-up. 1 MiB
 * keeps most of that gain while progress still moves within a few-MB file.
 */
export const CHUNK_BYTES = 1024 * 1024;

export interface PutFileTarget {
  url: URL;
  agent: http.Agent;
  headers: Record<string, string>;
  /** Connecting, and between bytes once connected (ms). */
  connectTimeoutMs: number;
  idleTimeoutMs: number;
}

export interface PutFileAnswer {
  statusCode: number;
  body: string;
}

/** Stops the body's loop: the server has answered already. */
const ANSWERED_EARLY = new Error('answered before the body was sent');

/** A transport failure with a code errorFromTransport knows. */
function failure(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

export async function putFileRequest(target: PutFileTarget, file: string, size: number, onChunk?: (chunk: Buffer) => void): Promise<PutFileAnswer> {
  const send = target.url.protocol === 'https:' ? https.request : http.request;
  const req = send(target.url, { method: 'PUT', agent: target.agent, headers: { ...target.headers, 'content-length': String(size) } });
  const answer = new Promise<PutFileAnswer>((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.once('error', reject);
      res.once('end', () => resolve({ statusCode: res.statusCode ?? 0, body }));
      // A connection cut in the middle of the answer: not every Node version says so with an 'error'.
      res.once('close', () => {
        if (!res.complete) reject(failure('ECONNRESET', 'the connection closed in the middle of the answer'));
      });
    });
    // Closed with neither an error nor a whole answer (settled promises ignore this).
    req.once('close', () => reject(failure('ECONNRESET', 'the connection closed before an answer')));
  });
  // Looked at below, after the body is written or has failed; never an unhandled rejection meanwhile.
  answer.catch(() => undefined);
  // Until connected, the connect timeout; after, silence longer than the idle timeout ends the request.
  req.setTimeout(target.connectTimeoutMs, () => req.destroy(failure('UND_ERR_CONNECT_TIMEOUT', `no connection within ${target.connectTimeoutMs} ms`)));
  req.once('socket', (socket) => {
    const connected = (): void => {
      req.setTimeout(target.idleTimeoutMs, () => req.destroy(failure('ETIMEDOUT', `no progress for ${target.idleTimeoutMs} ms`)));
    };
    if ((socket as { connecting?: boolean }).connecting) socket.once('connect', connected);
    else connected();
  });
  // A write's callback never comes when the socket was destroyed between two writes (Node's http client drops
  // it once the socket is gone and before the request has seen the close): each write also ends when the
  // request fails or is answered, so a connection cut at that moment cannot leave the upload waiting forever.
  const stopped = answer.then(() => {
    throw ANSWERED_EARLY;
  });
  stopped.catch(() => undefined);
  const write = (chunk: Buffer): Promise<void> =>
    Promise.race([new Promise<void>((resolve, reject) => req.write(chunk, (err) => (err ? reject(err) : resolve()))), stopped]);
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, size)));
    let sent = 0;
    while (sent < size) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, size - sent), sent);
      if (bytesRead === 0) throw failure('ESHORT', `${file} ended after ${sent} of ${size} bytes while it was sent`);
      const chunk = buf.subarray(0, bytesRead);
      onChunk?.(chunk);
      // The socket has the bytes once the callback comes: only then is the buffer read into again.
      await write(chunk);
      sent += bytesRead;
    }
    req.end();
  } catch (err) {
    // The server answered before the whole body was sent (a refusal, a size limit): that answer is the result.
    if (err === ANSWERED_EARLY) {
      // The rest of the body would follow on the kept-alive connection: it goes instead.
      req.destroy();
      return await answer;
    }
    req.destroy(err as Error);
    // The request's own error (a reset, a refusal) says more than the write that saw it.
    throw await answer.then(
      () => err,
      (reqErr: unknown) => reqErr,
    );
  } finally {
    await handle.close();
  }
  return await answer;
}
