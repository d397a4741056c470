/**
 * Bytes → clean Latin-1 text, without Node or DOM APIs (this folder also runs in the renderer and in
 * workers). Setitec exports are ISO-8859-1 with LF endings (DOMAIN §2); this module makes every input look
 * like that: it rejects binary and UTF-16 input, strips raw NUL and the literal text `\u0000`, normalises
 * CRLF/CR to LF and notes where UTF-8 replacement bytes sit.
 *
 * The parser scans the signal table as bytes (decoding 129 MB to strings costs more than parsing it), so
 * the cleaned form stays a Uint8Array plus a `text(start, end)` accessor for the short ranges that are
 * needed as strings (metadata lines, offending cells).
 */

/** What the first bytes say the input is. Only `text` is parsed. */
export type InputKind = 'text' | 'empty' | 'ole2' | 'zip' | 'utf16' | 'binary';

export interface InputDetection {
  kind: InputKind;
  /** Human-readable description of what was found, for error messages. */
  found: string;
}

/** The cleaned input the section walker and the Datas scanner read. */
export interface CleanSource {
  /**
   * One byte per character, LF line ends. For byte input these are the Latin-1 bytes; for text input each
   * char code ≤ 255 is its byte and anything above becomes `?` (0x3F), so byte offsets equal string
   * offsets and `text()` still returns the true characters. NUL bytes may remain: they are removed line by
   * line by `line()` (a whole-buffer pass would cost more than parsing), and the Datas fast path rejects
   * any row holding one, sending it through `line()` too.
   */
  bytes: Uint8Array;
  /** Exact text of the byte range [start, end). */
  text(start: number, end: number): string;
  /**
   * Text of the line [start, end) (1-based number `lineNo`) cleaned: raw NUL, the literal text `\u0000`
   * and stray CR removed, UTF-8 replacement characters noted. Every removal is recorded below.
   */
  line(start: number, end: number, lineNo: number): string;
  /** 1-based lines where raw NUL bytes were removed. */
  nulLines: number[];
  /** 1-based lines where the 6-character text `\u0000` was removed. */
  literalNulLines: number[];
  /** 1-based lines holding UTF-8 replacement bytes (`EF BF BD`, read as `ï¿½`) or U+FFFD. */
  replacementLines: number[];
  /** True when CR or CRLF line ends were turned into LF. */
  lineEndingsNormalised: boolean;
  /** True when a byte-order mark was dropped from the start. */
  bomStripped: boolean;
}

const CHUNK = 8192;

/**
 * Node's Buffer when this runs under Node (workers, CLI, tests); absent in the renderer. Found at run time,
 * not imported, so this file stays free of Node APIs. Its Latin-1 decoder is ~15× faster than
 * `String.fromCharCode.apply` and gives the same string (byte b → U+00bb).
 */
interface Latin1Buffer {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'latin1'): string };
}
const NodeBuffer = (globalThis as { Buffer?: Latin1Buffer }).Buffer;

/**
 * Latin-1 decode of bytes[start, end). Without Node, `String.fromCharCode.apply` over chunks is the fastest
 * portable way (one native call per 8 KiB); chunking keeps the argument count under engine limits.
 */
export function decodeLatin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  if (NodeBuffer !== undefined && end - start > 32) return NodeBuffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
  if (end - start <= CHUNK) {
    return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  const parts: string[] = [];
  for (let i = start; i < end; i += CHUNK) {
    parts.push(
      String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]),
    );
  }
  return parts.join('');
}

/** Bytes sampled for the binary / UTF-16 checks: enough for a verdict (the metadata alone is ~5 KB). */
const SAMPLE = 4096;

/**
 * Classify the input from its leading bytes. Cheap (looks at most 4 KiB) and never throws.
 * - OLE2 compound file `D0 CF 11 E0 A1 B1 1A E1`: a real Excel 97-2003 workbook, not a Setitec text export.
 * - `PK\x03\x04`: a zip container (an .xlsx re-saved by Excel); handled by the xlsx reader on Node.
 * - UTF-16: a BOM, or NUL bytes on every other position (ASCII text written as UTF-16).
 * - binary: many control bytes. Real exports hold at most one NUL (in Motor Name) and no other control
 *   byte besides TAB and LF, so a 1 % threshold leaves room for damaged text files.
 */
export function detectInput(bytes: Uint8Array): InputDetection {
  const n = bytes.length;
  if (n === 0) return { kind: 'empty', found: 'an empty file' };
  const b0 = bytes[0]!;
  const b1 = n > 1 ? bytes[1]! : -1;
  if (n >= 4 && b0 === 0xd0 && b1 === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return { kind: 'ole2', found: 'a binary Excel 97-2003 workbook (OLE2 compound file)' };
  }
  if (n >= 4 && b0 === 0x50 && b1 === 0x4b && (bytes[2] === 3 || bytes[2] === 5 || bytes[2] === 7)) {
    return { kind: 'zip', found: 'a zip archive (an .xlsx workbook?)' };
  }
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    return { kind: 'utf16', found: 'UTF-16 text (byte-order mark)' };
  }
  const m = Math.min(n, SAMPLE);
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  let blank = 0;
  for (let i = 0; i < m; i++) {
    const c = bytes[i]!;
    if (c === 0) {
      if ((i & 1) === 0) nulEven++;
      else nulOdd++;
    } else if (c < 32) {
      if (c !== 9 && c !== 10 && c !== 13) control++;
    } else if (c === 127) {
      control++;
    } else if (c === 32) {
      blank++;
    }
  }
  // ASCII as UTF-16LE puts NUL on odd offsets, UTF-16BE on even ones.
  if (m >= 8 && (nulOdd > m * 0.3 || nulEven > m * 0.3)) {
    const lopsided = Math.max(nulOdd, nulEven) > 4 * Math.min(nulOdd, nulEven) + 4;
    return lopsided
      ? { kind: 'utf16', found: 'UTF-16 text (NUL bytes between the characters)' }
      : { kind: 'binary', found: 'binary data (mostly NUL bytes)' };
  }
  const bad = control + nulEven + nulOdd;
  if (bad > 8 && bad > m * 0.01) {
    return { kind: 'binary', found: `binary data (${bad} control bytes in the first ${m} bytes)` };
  }
  if (blank === m) return { kind: 'empty', found: 'a file holding only spaces' };
  return { kind: 'text', found: 'text' };
}

function pushLine(list: number[], line: number): void {
  if (list.length === 0 || list[list.length - 1] !== line) list.push(line);
}

const REPLACEMENT_LATIN1 = '\u00ef\u00bf\u00bd';

/** Build the source: `line()` scrubs one line and records what it removed. */
function makeSource(
  bytes: Uint8Array,
  text: (start: number, end: number) => string,
  lineEndingsNormalised: boolean,
  bomStripped: boolean,
): CleanSource {
  const nulLines: number[] = [];
  const literalNulLines: number[] = [];
  const replacementLines: number[] = [];
  const line = (start: number, end: number, lineNo: number): string => {
    let s = text(start, end);
    if (s.indexOf('\0') >= 0) {
      s = s.split('\0').join('');
      pushLine(nulLines, lineNo);
    }
    if (s.indexOf('\\u0000') >= 0) {
      s = s.split('\\u0000').join('');
      pushLine(literalNulLines, lineNo);
    }
    if (s.indexOf('\r') >= 0) s = s.split('\r').join('');
    if (s.indexOf(REPLACEMENT_LATIN1) >= 0 || s.indexOf('\ufffd') >= 0) pushLine(replacementLines, lineNo);
    return s;
  };
  return { bytes, text, line, nulLines, literalNulLines, replacementLines, lineEndingsNormalised, bomStripped };
}

/** Files with CR line ends show one in their first lines; only then is the buffer rewritten. */
const CR_PROBE = 4096;

/**
 * Prepare Latin-1 bytes. The common case (LF only, no BOM) costs one short probe and returns the input
 * untouched; CRLF/CR files get one copying pass that turns their line ends into LF.
 */
export function cleanBytes(input: Uint8Array): CleanSource {
  let bytes = input;
  let bomStripped = false;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bytes = bytes.subarray(3);
    bomStripped = true;
  }
  let lineEndingsNormalised = false;
  if (bytes.subarray(0, CR_PROBE).indexOf(13) >= 0) {
    const out = new Uint8Array(bytes.length);
    let j = 0;
    const n = bytes.length;
    for (let i = 0; i < n; i++) {
      const c = bytes[i]!;
      if (c === 13) {
        out[j++] = 10;
        if (bytes[i + 1] === 10) i++;
      } else {
        out[j++] = c;
      }
    }
    bytes = out.subarray(0, j);
    lineEndingsNormalised = true;
  }
  return makeSource(bytes, latin1Text(bytes), lineEndingsNormalised, bomStripped);
}

/** Text decoded ahead, as one string, for the lines near the start (the metadata, ~5 KB in real files). */
const HEAD_FIRST = 4096;
const HEAD_MAX = 65536;

/**
 * `text(start, end)` over Latin-1 bytes. The metadata is read line by line, and one `fromCharCode` call per
 * line cost more than the line's parsing: the start of the input is decoded in one piece instead (growing
 * by doubling, up to HEAD_MAX) and lines are slices of it. Ranges beyond that are decoded on their own.
 */
function latin1Text(bytes: Uint8Array): (start: number, end: number) => string {
  const limit = Math.min(bytes.length, HEAD_MAX);
  let head = '';
  return (start, end) => {
    if (end > limit) return decodeLatin1(bytes, start, end);
    if (end > head.length) head += decodeLatin1(bytes, head.length, Math.min(limit, Math.max(end, 2 * head.length, HEAD_FIRST)));
    return head.slice(start, end);
  };
}

/**
 * Prepare text that is already decoded (an xlsx sheet turned into text, a test fixture): same rules as
 * {@link cleanBytes}, then a one-byte-per-char image for the byte scanner.
 */
export function cleanText(input: string): CleanSource {
  let text = input;
  let bomStripped = false;
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    bomStripped = true;
  }
  let lineEndingsNormalised = false;
  if (text.indexOf('\r') >= 0) {
    text = text.replace(/\r\n?/g, '\n');
    lineEndingsNormalised = true;
  }
  const n = text.length;
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    bytes[i] = c < 256 ? c : 0x3f;
  }
  const clean = text;
  return makeSource(bytes, (start, end) => clean.slice(start, end), lineEndingsNormalised, bomStripped);
}
