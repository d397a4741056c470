/** A byte stream (a pipe, a socket) to bounded lines, each handed on as it completes, the last one too when the stream ends without a newline. */
import type { Readable } from 'node:stream';
import type { DecodedLine, LineDecoder } from './lineDecoder';

export function pipeLines(stream: Readable, decoder: LineDecoder, onLine: (line: DecodedLine) => void, onEnd?: () => void): void {
  const deliver = (lines: DecodedLine[]) => {
    for (const line of lines) onLine(line);
  };
  stream.on('data', (chunk: Buffer) => deliver(decoder.push(chunk)));
  stream.on('end', () => {
    deliver(decoder.end());
    onEnd?.();
  });
  // A reset connection or a broken pipe ends the stream as far as we are concerned; 'close' follows.
  stream.on('error', () => {});
}
