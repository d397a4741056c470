/**
 * Read a request body up to a limit. Past the limit the rest is still read and dropped, so the client
 * gets its 413 on an intact connection instead of a reset halfway through sending.
 */
import type http from 'node:http';
import { HttpStatusError } from './httpErrors';

export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else chunks.length = 0; // keep draining, hold nothing
    });
    req.on('end', () => {
      if (size > maxBytes) {
        reject(new HttpStatusError(413, 'invalid_payload', `request body of ${size} bytes is over the limit of ${maxBytes} bytes`));
      } else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
    // A client that hangs up mid-body gets no answer; settle so the handler does not wait forever.
    req.on('close', () => {
      if (!req.complete) reject(new HttpStatusError(400, 'invalid_payload', 'the client closed the connection before the body was complete'));
    });
  });
}
