/**
 * Split a cleaned export into `*** Name ***` sections (DOMAIN §8.2 steps 2-3). Metadata lines become
 * trimmed cells; the `Datas` section is handed to a callback that scans it as bytes and says where it
 * stopped, so the signal table is never turned into strings.
 *
 * Blank lines are kept (as empty cell lists) because they carry meaning in one place: the free-text value
 * under a lone `Comment` label.
 */
import type { CleanSource } from './decode';

export type Separator = '\t' | ';';

/** One line split into cells: trimmed, positional, trailing empty cells dropped. Blank line → `[]`. */
export interface RawLine {
  line: number;
  cells: string[];
}

export interface RawSection {
  /** Section name as written, trimmed (`General Infos`). */
  name: string;
  /** 1-based line of the `*** Name ***` header. */
  line: number;
  /** Every line of the section (blank ones included); empty for `Datas`. */
  lines: RawLine[];
}

export interface WalkResult {
  separator: Separator;
  /** Non-blank lines before the first section header (none in real files). */
  preamble: RawLine[];
  sections: RawSection[];
  /** Total lines in the input (a last line without LF counts). */
  lineCount: number;
}

/**
 * Called at a `Datas` header: `start` is the byte offset after the header line, `line` the 1-based line
 * number there. Returns where the table ended (start of the next section header line, or EOF).
 */
export type DatasHandler = (start: number, line: number, sectionsSoFar: readonly RawSection[]) => {
  next: number;
  nextLine: number;
};

/** Separator from the first non-blank line: `;` when it has more `;` than TAB (DOMAIN §2). */
export function detectSeparator(bytes: Uint8Array): Separator {
  const n = bytes.length;
  let pos = 0;
  while (pos < n) {
    let end = bytes.indexOf(10, pos);
    if (end < 0) end = n;
    let tabs = 0;
    let semis = 0;
    let other = false;
    for (let i = pos; i < end; i++) {
      const c = bytes[i]!;
      if (c === 9) tabs++;
      else if (c === 59) semis++;
      else if (c !== 32) other = true;
    }
    if (other) return semis > tabs ? ';' : '\t';
    pos = end + 1;
  }
  return '\t';
}

/**
 * Split a line into trimmed cells, dropping trailing empty cells. The same as `text.split(sep)` with every
 * cell trimmed, without the intermediate untrimmed strings (this runs on every metadata line).
 */
export function splitCells(text: string, sep: Separator): string[] {
  const cells: string[] = [];
  const n = text.length;
  let last = -1;
  let start = 0;
  for (;;) {
    let end = text.indexOf(sep, start);
    if (end < 0) end = n;
    const t = text.slice(start, end).trim();
    if (t.length > 0) last = cells.length;
    cells.push(t);
    if (end === n) break;
    start = end + 1;
  }
  cells.length = last + 1;
  return cells;
}

/**
 * `*** Name ***` → `Name` when it is the line's only non-empty cell; null otherwise. Written without a
 * regex so a damaged line of a million `*` cannot make it slow.
 */
export function sectionHeaderName(cells: readonly string[]): string | null {
  let found: string | null = null;
  for (const c of cells) {
    if (c.length === 0) continue;
    if (found !== null) return null;
    found = c;
  }
  if (found === null || found.length < 7 || !found.startsWith('***') || !found.endsWith('***')) return null;
  const name = found.slice(3, -3).trim();
  if (name.length === 0 || name.includes('***')) return null;
  return name.replace(/\s+/g, ' ');
}

/** Canonical comparison form of a section or field name: lowercase, single spaces. */
export function canon(name: string): string {
  const lower = name.toLowerCase().trim();
  // Collapsing whitespace is rarely needed; skip the regex when there is nothing to collapse.
  return lower.indexOf('  ') >= 0 || lower.indexOf('\t') >= 0 ? lower.replace(/\s+/g, ' ') : lower;
}

/** Walk the whole input once, line by line. */
export function walkSections(src: CleanSource, separator: Separator, onDatas: DatasHandler): WalkResult {
  const bytes = src.bytes;
  const n = bytes.length;
  const preamble: RawLine[] = [];
  const sections: RawSection[] = [];
  let current: RawSection | null = null;
  let pos = 0;
  let line = 1;
  while (pos < n) {
    let end = bytes.indexOf(10, pos);
    if (end < 0) end = n;
    const cells = splitCells(src.line(pos, end, line), separator);
    const header = cells.length > 0 && cells[0]!.startsWith('*') ? sectionHeaderName(cells) : null;
    if (header !== null) {
      current = { name: header, line, lines: [] };
      sections.push(current);
      if (canon(header) === 'datas') {
        const { next, nextLine } = onDatas(end + 1, line + 1, sections);
        pos = next;
        line = nextLine;
        current = null;
        continue;
      }
    } else if (current) {
      current.lines.push({ line, cells });
    } else if (cells.length > 0) {
      preamble.push({ line, cells });
    }
    pos = end + 1;
    line++;
  }
  // `line` has moved one past the last line, with or without a final LF.
  const lineCount = line - 1;
  return { separator, preamble, sections, lineCount };
}
