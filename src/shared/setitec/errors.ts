/**
 * The one way a parse fails. Inner stages throw {@link ParseFailure}; `parse.ts` catches it (and anything
 * unexpected) and returns `{ ok: false, error }`, so the public functions never throw.
 */
import type { ParseError } from './types';

export class ParseFailure extends Error {
  public readonly line: number;
  public readonly expected: string;
  public readonly found: string;

  /**
   * @param line 1-based line, 0 when the problem is the whole file.
   * @param expected what the parser needed, e.g. `a number in column 'I Torque (A)'`.
   * @param found what it saw instead, already quoted where it is text, e.g. `'abc'`.
   */
  constructor(line: number, expected: string, found: string) {
    super(`expected ${expected}, found ${found}`);
    this.name = 'ParseFailure';
    this.line = line;
    this.expected = expected;
    this.found = found;
  }
}

/** Quote a cell for a message, shortened so a damaged megabyte-long line does not flood the log. */
export function quoteCell(cell: string): string {
  const s = cell.length > 40 ? `${cell.slice(0, 37)}...` : cell;
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    // Control characters are shown escaped so a message stays one readable line.
    out += c < 32 || c === 127 ? `\\x${c.toString(16).padStart(2, '0')}` : ch;
  }
  return `'${out}'`;
}

/** `V1_001.xls line 412: expected a number in column 'I Torque (A)', found 'abc'`. */
export function toParseError(source: string, failure: ParseFailure): ParseError {
  const where = failure.line > 0 ? `${source} line ${failure.line}` : source;
  return {
    source,
    line: failure.line,
    expected: failure.expected,
    message: `${where}: expected ${failure.expected}, found ${failure.found}`,
  };
}
