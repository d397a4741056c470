/**
 * Bytes from a pipe to whole lines of text. Splitting happens on the `\n` byte before decoding, and `\n`
 * never occurs inside a multi-byte UTF-8 sequence, so a character split across two chunks is decoded whole.
 * At most `maxLineBytes` of a line are kept: the rest is counted and dropped, and the line is marked cut,
 * so a child printing a 10 MB line without a newline costs at most `maxLineBytes` of memory.
 */

export interface DecodedLine {
  /** The line without its `\n` or `\r\n`, cut to `maxLineBytes` (on a character boundary) when too long. */
  text: string;
  /** True when the line was longer than `maxLineBytes` and `text` holds only its start. */
  truncated: boolean;
  /** The line's full length in bytes, without its line ending. */
  bytes: number;
}

const LF = 0x0a;
const CR = 0x0d;

/** The longest prefix of `buf` that does not end inside a UTF-8 sequence. */
export function utf8PrefixLength(buf: Uint8Array): number {
  const len = buf.length;
  for (let i = len - 1; i >= 0 && i >= len - 4; i--) {
    const b = buf[i]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + need > len ? i : len;
  }
  return len;
}

export class LineDecoder {
  private readonly text = new TextDecoder('utf-8', { fatal: false });
  private parts: Buffer[] = [];
  private kept = 0;
  private total = 0;
  private lastByte = -1;
  /** The most bytes this decoder has held at once: never more than maxLineBytes + 1. */
  private highWater = 0;

  public constructor(private readonly maxLineBytes: number) {
    if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1) throw new Error(`LineDecoder: maxLineBytes must be a positive integer, got ${maxLineBytes}`);
  }

  public get maxBufferedBytes(): number {
    return this.highWater;
  }

  public push(chunk: Uint8Array): DecodedLine[] {
    const lines: DecodedLine[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(LF, start);
      const end = nl === -1 ? chunk.length : nl;
      this.keep(chunk.subarray(start, end));
      if (nl === -1) break;
      lines.push(this.finish());
      start = nl + 1;
    }
    return lines;
  }

  /** The last line when the stream ended without a newline. */
  public end(): DecodedLine[] {
    return this.total > 0 ? [this.finish()] : [];
  }

  private keep(segment: Uint8Array): void {
    if (segment.length === 0) return;
    this.total += segment.length;
    this.lastByte = segment[segment.length - 1]!;
    // One byte of room past the limit, so a `\r` ending a line of exactly maxLineBytes is not taken for an overflow.
    const room = this.maxLineBytes + 1 - this.kept;
    if (room <= 0) return;
    // A copy, so a kept slice never pins the pipe's whole chunk in memory.
    const part = Buffer.from(segment.subarray(0, Math.min(room, segment.length)));
    this.parts.push(part);
    this.kept += part.length;
    this.highWater = Math.max(this.highWater, this.kept);
  }

  private finish(): DecodedLine {
    const bytes = this.lastByte === CR ? this.total - 1 : this.total;
    let buf = Buffer.concat(this.parts, this.kept);
    buf = buf.subarray(0, Math.min(buf.length, bytes, this.maxLineBytes));
    const truncated = bytes > buf.length;
    if (truncated) buf = buf.subarray(0, utf8PrefixLength(buf));
    this.parts = [];
    this.kept = 0;
    this.total = 0;
    this.lastByte = -1;
    return { text: this.text.decode(buf), truncated, bytes };
  }
}
