/**
 * A small terminal screen for the training console: python-bridge runs on a pty, so what arrives is
 * terminal text — tqdm redraws its bar with `\r` (and `ESC[A` for stacked bars), colours come as SGR codes,
 * and a chunk may end halfway through an escape sequence. This buffer applies all of that to lines of
 * styled cells, the way a terminal would, so the GUI shows one updating progress bar instead of hundreds
 * of half-lines, and colours instead of `[32m` litter. No DOM here: the view renders `spans()` of each line.
 *
 * Deliberately small (no xterm.js): no cursor addressing beyond the current line and relative moves, no
 * alternate screen, no line wrap (the view wraps long lines visually).
 */

/** How one cell looks; interned in the buffer's style table, a cell holds the index. */
export interface CellStyle {
  /** 0–15: a named ANSI colour (themed by CSS classes); a string: an exact colour from 256/true-colour SGR. */
  fg: number | string | null;
  bg: number | string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

/** A run of cells with one style, ready for a `<span>`. */
export interface Span {
  text: string;
  /** Space-separated CSS classes (ansi-fg-N, ansi-bg-N, ansi-bold …); '' for the default style. */
  className: string;
  /** Exact colours that have no class (256-colour and true-colour SGR). */
  color?: string;
  background?: string;
}

interface Line {
  chars: string[];
  styles: number[];
  /** Bumped on every change, so a view can skip lines that did not change. */
  version: number;
}

const PLAIN: CellStyle = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, inverse: false };
const ESC = '\x1b';
/** An unfinished escape sequence longer than this is not one: it is shown as text rather than held forever. */
const MAX_PENDING = 256;

export const DEFAULT_MAX_LINES = 5000;

export class TerminalBuffer {
  private lines: Line[] = [];
  private row = 0;
  private col = 0;
  private style = 0;
  private readonly styleTable: CellStyle[] = [PLAIN];
  private readonly styleIndex = new Map<string, number>([[styleKey(PLAIN), 0]]);
  private pending = '';
  private droppedLines = 0;
  private rev = 0;

  constructor(private readonly maxLines = DEFAULT_MAX_LINES) {}

  /** Lines dropped from the top to stay within maxLines: line i of `lineCount` is line `dropped + i` ever. */
  public get dropped(): number {
    return this.droppedLines;
  }

  /** Changes with every write that changed something. */
  public get revision(): number {
    return this.rev;
  }

  public get lineCount(): number {
    return this.lines.length;
  }

  public lineVersion(i: number): number {
    return this.lines[i]?.version ?? -1;
  }

  /** Feed terminal output, in whatever pieces it arrived. */
  public write(data: string): void {
    const text = this.pending + data;
    this.pending = '';
    let i = 0;
    let plainStart = -1;
    const flushPlain = (end: number): void => {
      if (plainStart >= 0) this.put(text.slice(plainStart, end));
      plainStart = -1;
    };
    while (i < text.length) {
      const ch = text[i]!;
      const code = ch.charCodeAt(0);
      if (code >= 0x20 && code !== 0x7f) {
        if (plainStart < 0) plainStart = i;
        i++;
        continue;
      }
      flushPlain(i);
      if (ch === ESC) {
        const end = this.escape(text, i);
        if (end < 0) {
          // Cut off at the end of this chunk: hold it for the next one (unless it is clearly not a sequence).
          if (text.length - i <= MAX_PENDING) {
            this.pending = text.slice(i);
            break;
          }
          i++;
          continue;
        }
        i = end;
        continue;
      }
      this.control(ch);
      i++;
    }
    flushPlain(text.length);
    this.rev++;
  }

  /** The text of every line, without styles (tests, copy to clipboard). */
  public text(): string[] {
    return this.lines.map((l) => l.chars.join(''));
  }

  /** Line i as runs of one style each. */
  public spans(i: number): Span[] {
    const line = this.lines[i];
    if (!line) return [];
    const out: Span[] = [];
    let start = 0;
    for (let c = 1; c <= line.chars.length; c++) {
      if (c === line.chars.length || line.styles[c] !== line.styles[start]) {
        out.push(spanOf(line.chars.slice(start, c).join(''), this.styleTable[line.styles[start]!]!));
        start = c;
      }
    }
    return out;
  }

  public clear(): void {
    this.droppedLines += this.lines.length;
    this.lines = [];
    this.row = 0;
    this.col = 0;
    this.style = 0;
    this.pending = '';
    this.rev++;
  }

  private line(): Line {
    while (this.lines.length <= this.row) this.lines.push({ chars: [], styles: [], version: 0 });
    return this.lines[this.row]!;
  }

  private put(s: string): void {
    const line = this.line();
    for (const ch of s) {
      while (line.chars.length < this.col) {
        line.chars.push(' ');
        line.styles.push(0);
      }
      line.chars[this.col] = ch;
      line.styles[this.col] = this.style;
      this.col++;
    }
    line.version++;
  }

  private control(ch: string): void {
    switch (ch) {
      case '\n':
        // A pty turns \n into \r\n (onlcr); a plain pipe does not. Both mean "next line, column 0" here.
        this.row++;
        this.col = 0;
        this.trim();
        break;
      case '\r':
        this.col = 0;
        break;
      case '\b':
        this.col = Math.max(0, this.col - 1);
        break;
      case '\t':
        this.col = (Math.floor(this.col / 8) + 1) * 8;
        break;
      default:
      // BEL and the other C0 controls have nothing to show.
    }
  }

  /** Apply the escape sequence at text[i] (ESC); returns the index after it, or -1 when it is incomplete. */
  private escape(text: string, i: number): number {
    const next = text[i + 1];
    if (next === undefined) return -1;
    if (next === '[') {
      let j = i + 2;
      while (j < text.length) {
        const c = text.charCodeAt(j);
        if (c >= 0x40 && c <= 0x7e) break;
        j++;
      }
      if (j >= text.length) return -1;
      this.csi(text.slice(i + 2, j), text[j]!);
      return j + 1;
    }
    if (next === ']') {
      // OSC (window title, hyperlinks): ends with BEL or ESC \; nothing of it is shown.
      for (let j = i + 2; j < text.length; j++) {
        if (text[j] === '\x07') return j + 1;
        if (text[j] === ESC && text[j + 1] === '\\') return j + 2;
      }
      return -1;
    }
    // Two-character sequences (ESC 7, ESC =, charset selects ESC ( B …): nothing to show.
    if (next === '(' || next === ')') return i + 3 <= text.length ? i + 3 : -1;
    return i + 2;
  }

  private csi(params: string, final: string): void {
    if (params.startsWith('?')) return; // private modes: cursor visibility, bracketed paste
    const nums = params.split(/[;:]/).map((p) => (p === '' ? NaN : Number(p)));
    const n = (k: number, dflt: number): number => (Number.isFinite(nums[k]) ? nums[k]! : dflt);
    switch (final) {
      case 'm':
        this.sgr(nums);
        break;
      case 'K':
        this.eraseInLine(n(0, 0));
        break;
      case 'A':
        this.row = Math.max(0, this.row - Math.max(1, n(0, 1)));
        break;
      case 'B':
        this.row += Math.max(1, n(0, 1));
        this.trim();
        break;
      case 'C':
        this.col += Math.max(1, n(0, 1));
        break;
      case 'D':
        this.col = Math.max(0, this.col - Math.max(1, n(0, 1)));
        break;
      case 'E':
        this.row += Math.max(1, n(0, 1));
        this.col = 0;
        this.trim();
        break;
      case 'F':
        this.row = Math.max(0, this.row - Math.max(1, n(0, 1)));
        this.col = 0;
        break;
      case 'G':
        this.col = Math.max(0, n(0, 1) - 1);
        break;
      case 'J':
        if (n(0, 0) >= 2) this.clear();
        break;
      default:
      // Absolute cursor positioning, scrolling regions …: not used by tqdm or Python's logging.
    }
  }

  private eraseInLine(mode: number): void {
    const line = this.line();
    if (mode === 0) {
      line.chars.length = Math.min(line.chars.length, this.col);
      line.styles.length = line.chars.length;
    } else if (mode === 1) {
      for (let c = 0; c <= this.col && c < line.chars.length; c++) {
        line.chars[c] = ' ';
        line.styles[c] = 0;
      }
    } else {
      line.chars = [];
      line.styles = [];
    }
    line.version++;
  }

  private sgr(nums: number[]): void {
    const s: CellStyle = { ...this.styleTable[this.style]! };
    if (nums.length === 0) nums = [0];
    for (let k = 0; k < nums.length; k++) {
      const p = Number.isFinite(nums[k]) ? nums[k]! : 0;
      if (p === 0) Object.assign(s, PLAIN);
      else if (p === 1) s.bold = true;
      else if (p === 2) s.dim = true;
      else if (p === 3) s.italic = true;
      else if (p === 4) s.underline = true;
      else if (p === 7) s.inverse = true;
      else if (p === 22) s.bold = s.dim = false;
      else if (p === 23) s.italic = false;
      else if (p === 24) s.underline = false;
      else if (p === 27) s.inverse = false;
      else if (p >= 30 && p <= 37) s.fg = p - 30;
      else if (p >= 90 && p <= 97) s.fg = p - 90 + 8;
      else if (p === 39) s.fg = null;
      else if (p >= 40 && p <= 47) s.bg = p - 40;
      else if (p >= 100 && p <= 107) s.bg = p - 100 + 8;
      else if (p === 49) s.bg = null;
      else if (p === 38 || p === 48) {
        const [colour, used] = extendedColour(nums, k + 1);
        if (p === 38) s.fg = colour;
        else s.bg = colour;
        k += used;
      }
    }
    this.style = this.intern(s);
  }

  private intern(s: CellStyle): number {
    const key = styleKey(s);
    let id = this.styleIndex.get(key);
    if (id === undefined) {
      id = this.styleTable.length;
      this.styleTable.push(s);
      this.styleIndex.set(key, id);
    }
    return id;
  }

  private trim(): void {
    const over = this.lines.length - this.maxLines;
    if (over > 0) {
      this.lines.splice(0, over);
      this.droppedLines += over;
      this.row = Math.max(0, this.row - over);
    }
    // The cursor may sit one line below the last one (after a final \n); that line exists only once written.
    if (this.row >= this.maxLines) {
      const extra = this.row - this.maxLines + 1;
      this.lines.splice(0, extra);
      this.droppedLines += extra;
      this.row -= extra;
    }
  }
}

function styleKey(s: CellStyle): string {
  return `${String(s.fg)}|${String(s.bg)}|${+s.bold}${+s.dim}${+s.italic}${+s.underline}${+s.inverse}`;
}

/** `38;5;n` or `38;2;r;g;b` after the 38/48 at nums[k - 1]: the colour and how many numbers it used. */
function extendedColour(nums: number[], k: number): [number | string | null, number] {
  const mode = nums[k];
  if (mode === 5) {
    const n = nums[k + 1];
    if (n === undefined || !Number.isFinite(n)) return [null, 1];
    return [n < 16 ? n : palette256(n), 2];
  }
  if (mode === 2) {
    const [r, g, b] = [nums[k + 1], nums[k + 2], nums[k + 3]].map((v) => Math.max(0, Math.min(255, Number.isFinite(v) ? v! : 0)));
    return [`rgb(${r}, ${g}, ${b})`, 4];
  }
  return [null, 0];
}

/** The xterm 256-colour palette above the 16 named colours: a 6×6×6 cube, then 24 greys. */
export function palette256(n: number): string {
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v}, ${v}, ${v})`;
  }
  const i = n - 16;
  const level = (x: number): number => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
}

function spanOf(text: string, s: CellStyle): Span {
  const classes: string[] = [];
  let fg = s.fg;
  let bg = s.bg;
  if (s.inverse) [fg, bg] = [bg, fg];
  const span: Span = { text, className: '' };
  if (typeof fg === 'number') classes.push(`ansi-fg-${fg}`);
  else if (typeof fg === 'string') span.color = fg;
  if (typeof bg === 'number') classes.push(`ansi-bg-${bg}`);
  else if (typeof bg === 'string') span.background = bg;
  // Inverse on default colours: the view swaps the console's own foreground and background.
  if (s.inverse && fg === null) classes.push('ansi-inverse-fg');
  if (s.inverse && bg === null) classes.push('ansi-inverse-bg');
  if (s.bold) classes.push('ansi-bold');
  if (s.dim) classes.push('ansi-dim');
  if (s.italic) classes.push('ansi-italic');
  if (s.underline) classes.push('ansi-underline');
  span.className = classes.join(' ');
  return span;
}
