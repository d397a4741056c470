/**
 * Terminal output to the lines a person would see, for the tail kept for error messages and a run's
 * console tail: escape sequences (colours, cursor moves) dropped, and of a line redrawn with carriage
 * returns (a tqdm bar) only its last drawing kept.
 */
import { LineDecoder, type DecodedLine } from './lineDecoder';

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and the two-byte escapes.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function visibleText(line: string): string {
  const plain = line.replace(ESCAPES, '');
  const drawings = plain.split('\r').filter((s) => s !== '');
  return drawings.at(-1) ?? '';
}

export class TerminalLines {
  private readonly decoder: LineDecoder;

  public constructor(maxLineBytes: number) {
    this.decoder = new LineDecoder(maxLineBytes);
  }

  public get maxBufferedBytes(): number {
    return this.decoder.maxBufferedBytes;
  }

  /** The lines completed by this chunk, as seen. */
  public push(text: string): string[] {
    return this.decoder.push(Buffer.from(text, 'utf8')).map(seen);
  }

  public end(): string[] {
    return this.decoder.end().map(seen);
  }
}

function seen(line: DecodedLine): string {
  const text = visibleText(line.text);
  return line.truncated ? `${text}… [line cut: ${line.bytes} bytes]` : text;
}
