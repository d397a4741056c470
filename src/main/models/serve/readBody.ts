/**
 * A request body read up to a limit. Over the limit (declared or sent), the rest is drained unread and the
 * caller answers 413: the client gets its answer instead of a reset connection, and nothing past the limit
 * is held in memory.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; bytes: Buffer } | { ok: false; status: 413 | 400; message: string };

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const tooBig = (): BodyResult => ({ ok: false, status: 413, message: `request body over the limit of ${limit} bytes; expected one Setitec file or a JSON body of at most that size` });
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve(tooBig());
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? tooBig() : { ok: true, bytes: Buffer.concat(chunks, size) }));
    req.on('error', (err) => resolve({ ok: false, status: 400, message: `request body could not be read (${err.message})` }));
  });
}
