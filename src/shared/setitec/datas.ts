/**
 * The `*** Datas ***` signal table → one Float64Array per column (DOMAIN §4.11, §8.2 step 6).
 *
 * This is the hot path: 96 % of a file's bytes are data rows. Rows are scanned as bytes by a hand-written
 * number reader (comma or dot decimal, optional minus) that writes into a reused column-major scratch
 * buffer, copied once into exact-size columns at the end; nothing is decoded to strings. Any row the fast reader does not fully understand (blank, exponent, `Inf`,
 * spaces, trailing separators, a wrong cell count, text) is re-read by a general, string-based reader,
 * which either accepts it or produces the error message.
 *
 * Header names are never zipped blindly with values: the value count of the first row decides the column
 * count, and mismatching headers are resolved (trailing duplicate names dropped, or a known layout chosen)
 * with an irregularity saying so.
 */
import { describeColumn, layoutForValueCount } from './columns';
import type { CleanSource } from './decode';
import { ParseFailure, quoteCell } from './errors';
import type { Separator } from './sections';
import { sectionHeaderName, splitCells } from './sections';
import type { Irregularity, SignalColumn, SignalTable } from './types';
import { parseNumber } from './values';

/** Exact powers of ten for up to 15 fraction digits: `m / 10^k` is then correctly rounded, like parseFloat. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

export interface DatasScan {
  table: SignalTable;
  /** Byte offset where scanning stopped: start of a following section header line, or EOF. */
  next: number;
  /** 1-based line number at `next`. */
  nextLine: number;
}

export interface DatasContext {
  src: CleanSource;
  separator: Separator;
  /** `Version` from General Infos, to pick between layouts with the same column count. */
  version: number | null;
  /** 1-based line of the `*** Datas ***` header. */
  sectionLine: number;
  irregularities: Irregularity[];
  /** Columns as views into the scratch (see ParseOptions.borrowSignals), not copies. */
  borrow?: boolean;
}

const SECTION = 'Datas';

/**
 * Resolve the column names for `valueCount` values (DOMAIN §8.2 step 6):
 * equal counts → as written; more names → drop trailing duplicates (v11's second `Gap Length (mm)`),
 * then empty names; otherwise the known layout for that many values (F1: 13 names over 9 values), or
 * the written names cut/padded as a last resort. Every deviation is reported.
 */
export function resolveHeader(
  header: readonly string[] | null,
  valueCount: number,
  version: number | null,
  headerLine: number,
  irregularities: Irregularity[],
): string[] {
  const report = (code: Irregularity['code'], message: string): void => {
    irregularities.push({ code, message, section: SECTION, line: headerLine });
  };
  const layout = layoutForValueCount(valueCount, version);
  if (header === null) {
    const names = layout ? [...layout.names] : genericNames([], valueCount);
    report(
      'header_mismatch',
      `no header row before the data; used ${layout ? `the ${layout.id} layout` : 'generic names'} for ${valueCount} values`,
    );
    return names;
  }
  let names = [...header];
  if (names.length === valueCount) {
    if (names.every((x) => x.length > 0)) return names;
    report('header_mismatch', `header has empty names between columns; they are numbered ('Column n')`);
    return genericNames(names, valueCount);
  }
  if (names.length > valueCount) {
    // First index of each name, built once: a name at i is a repeat when it first occurs before i.
    const firstAt = new Map<string, number>();
    names.forEach((x, i) => {
      if (!firstAt.has(x)) firstAt.set(x, i);
    });
    const dropped: string[] = [];
    while (names.length > valueCount && firstAt.get(names[names.length - 1]!)! < names.length - 1) {
      dropped.push(names.pop()!);
    }
    if (names.length === valueCount) {
      report(
        'duplicate_name',
        `header repeats ${dropped.slice(0, 5).map((d) => `'${d}'`).join(', ')}${dropped.length > 5 ? ` and ${dropped.length - 5} more` : ''} at the end with no data; dropped (${header.length} names, ${valueCount} values)`,
      );
      return names;
    }
    names = [...header];
    const nonEmpty = names.filter((x) => x.length > 0);
    if (nonEmpty.length === valueCount) {
      report('header_mismatch', `header has ${header.length} cells, ${header.length - valueCount} of them empty, over ${valueCount} values; empty names dropped`);
      return nonEmpty;
    }
  }
  if (layout) {
    report(
      'header_mismatch',
      `header has ${header.length} names over ${valueCount} values; used the ${valueCount}-column ${layout.id} layout (${layout.names.slice(7).join(', ')})`,
    );
    return [...layout.names];
  }
  report(
    'header_mismatch',
    `header has ${header.length} names over ${valueCount} values and no known layout has ${valueCount} columns; ${header.length > valueCount ? 'extra names dropped' : 'missing names numbered'}`,
  );
  return genericNames(header.slice(0, valueCount), valueCount);
}

function genericNames(start: readonly string[], count: number): string[] {
  const names = [...start];
  for (let k = names.length; k < count; k++) names.push(`Column ${k + 1}`);
  return names.map((x, k) => (x.length > 0 ? x : `Column ${k + 1}`));
}

/** Column descriptors with unique keys; repeated names get `_2`, `_3`... and an irregularity. */
function describeColumns(names: readonly string[], headerLine: number, irregularities: Irregularity[]): Omit<SignalColumn, 'values'>[] {
  const seen = new Map<string, number>();
  return names.map((raw) => {
    const d = describeColumn(raw.length > 0 ? raw : 'Column');
    const count = (seen.get(d.key) ?? 0) + 1;
    seen.set(d.key, count);
    if (count > 1) {
      irregularities.push({
        code: 'duplicate_name',
        message: `column '${d.raw}' occurs ${count} times with data; the copy is keyed '${d.key}_${count}'`,
        section: SECTION,
        line: headerLine,
      });
      return { raw: d.raw, name: d.name, unit: d.unit, key: `${d.key}_${count}` };
    }
    return d;
  });
}

/**
 * Scratch for the scanner, kept between calls (grows to the largest table seen: ~1 MB for the largest
 * real file). Parsing is synchronous, so one buffer per thread is safe.
 */
const SCRATCH_INITIAL = 16384;
/** 2 M doubles (16 MB): ~15 times the largest real table; larger scratch is released after use. */
const SCRATCH_KEEP = 1 << 21;
let scratch = new Float64Array(SCRATCH_INITIAL);

/** Mutable scan position and counters, shared by the fast and the general reader without closures. */
interface ScanState {
  pos: number;
  line: number;
  row: number;
  commas: number;
  dots: number;
}

/** What the general reader needs to know about the table. */
interface RowContext {
  src: CleanSource;
  separator: Separator;
  /** Names for messages (header as written until the layout is resolved). */
  names: readonly string[];
  /** Expected values per row, -1 before the first row. */
  ncols: number;
  firstRowLine: number;
}

/**
 * General reader for one line: 'blank', 'section' (a `*** Name ***` line ends the table) or the row's
 * numbers. Throws ParseFailure naming the line, the column and the offending cell, or the value count.
 */
function slowRow(ctx: RowContext, st: ScanState, from: number, to: number): 'blank' | 'section' | number[] {
  const cells = splitCells(ctx.src.line(from, to, st.line), ctx.separator);
  if (cells.length === 0) return 'blank';
  if (cells[0]!.startsWith('*') && sectionHeaderName(cells) !== null) return 'section';
  const ncols = ctx.ncols;
  const limit = ncols < 0 ? cells.length : Math.min(cells.length, ncols);
  const values: number[] = [];
  for (let k = 0; k < limit; k++) {
    const cell = cells[k]!;
    const v = parseNumber(cell);
    if (v === null) {
      const name = ctx.names[k];
      const col = name !== undefined && name.length > 0 ? `column '${name}'` : `column ${k + 1}`;
      throw new ParseFailure(st.line, `a number in ${col}`, cell.length === 0 ? 'an empty cell' : quoteCell(cell));
    }
    if (cell.indexOf(',') >= 0) st.commas++;
    else if (cell.indexOf('.') >= 0) st.dots++;
    values.push(v);
  }
  if (ncols >= 0 && cells.length !== ncols) {
    throw new ParseFailure(
      st.line,
      `${ncols} values per row (as on the first data row, line ${ctx.firstRowLine})`,
      `${cells.length}${cells.length < ncols ? ' (truncated row?)' : ''}`,
    );
  }
  return values;
}

/**
 * Fast reader: rows of `-?\d+([,.]\d+)?` cells separated by exactly one separator byte, written into
 * `buf` column-major (column k at offset k * cap) from `st.row`. Only lines that end with an LF before
 * `limit` (one past the last LF of the input) are read here, so every byte load is in bounds and `c` is
 * always a number (an out-of-bounds typed-array read gives `undefined`). Returns at `limit`, when `cap`
 * rows are filled, or at the first line it cannot read fully (leaving `st.pos` there for the general reader).
 *
 * Digits accumulate into an integer mantissa `m` (exact below 2^53: at most 15 digits are taken here) and
 * the value is `m / 10^fraction digits`: one correctly rounded division of two exact numbers, which is
 * what `Number()` returns for the same text.
 */
function fastRows(b: Uint8Array, limit: number, sepByte: number, buf: Float64Array, ncols: number, cap: number, st: ScanState): void {
  let pos = st.pos;
  let line = st.line;
  let row = st.row;
  let commas = st.commas;
  let dots = st.dots;
  rows: while (pos < limit && row < cap) {
    let i = pos;
    let col = 0;
    let at = row;
    for (;;) {
      let c = b[i]!;
      let neg = false;
      if (c === 45) {
        neg = true;
        c = b[++i]!;
      }
      let m = 0;
      let nd = 0;
      let d = c - 48;
      while (d >= 0 && d <= 9) {
        m = m * 10 + d;
        nd++;
        d = b[++i]! - 48;
      }
      c = d + 48;
      let fd = 0;
      if (c === 44 || c === 46) {
        if (c === 44) commas++;
        else dots++;
        d = b[++i]! - 48;
        while (d >= 0 && d <= 9) {
          m = m * 10 + d;
          fd++;
          d = b[++i]! - 48;
        }
        c = d + 48;
      }
      if (nd === 0 || nd + fd > 15 || col >= ncols) break rows;
      const v = fd === 0 ? m : m / POW10[fd]!;
      buf[at] = neg ? -v : v;
      at += cap;
      col++;
      if (c === sepByte) {
        i++;
        continue;
      }
      if (c === 10) {
        if (col !== ncols) break rows;
        row++;
        line++;
        pos = i + 1;
        continue rows;
      }
      break rows;
    }
  }
  st.pos = pos;
  st.line = line;
  st.row = row;
  st.commas = commas;
  st.dots = dots;
}

/** Scan the table that starts at byte `start` (the line after `*** Datas ***`). Throws ParseFailure. */
export function scanDatas(dctx: DatasContext, start: number, startLine: number): DatasScan {
  const { src, separator } = dctx;
  const b = src.bytes;
  const n = b.length;
  const st: ScanState = { pos: start, line: startLine, row: 0, commas: 0, dots: 0 };
  const lineEnd = (from: number): number => {
    const e = b.indexOf(10, from);
    return e < 0 ? n : e;
  };

  // --- header row: the first non-blank line, unless it is already numeric (then there is none).
  let header: string[] | null = null;
  let headerLine = 0;
  while (st.pos < n) {
    const end = lineEnd(st.pos);
    const cells = splitCells(src.line(st.pos, end, st.line), separator);
    if (cells.length === 0) {
      st.pos = end + 1;
      st.line++;
      continue;
    }
    if (sectionHeaderName(cells) !== null) break;
    headerLine = st.line;
    if (parseNumber(cells[0]!) === null) {
      header = cells;
      st.pos = end + 1;
      st.line++;
    }
    break;
  }
  if (headerLine === 0) {
    throw new ParseFailure(dctx.sectionLine, `a header row and data rows under '*** Datas ***'`, st.pos >= n ? 'the end of the file' : 'the next section');
  }

  // --- first data row: fixes the column count.
  const rctx: RowContext = { src, separator, names: header ?? [], ncols: -1, firstRowLine: 0 };
  let first: number[] | null = null;
  while (st.pos < n) {
    const end = lineEnd(st.pos);
    const r = slowRow(rctx, st, st.pos, end);
    if (r === 'section') break;
    st.pos = end + 1;
    st.line++;
    if (r !== 'blank') {
      first = r;
      rctx.firstRowLine = st.line - 1;
      break;
    }
  }
  if (first === null) {
    throw new ParseFailure(headerLine, 'at least one data row under the Datas header', st.pos >= n ? 'the end of the file' : 'the next section');
  }
  const ncols = first.length;
  rctx.ncols = ncols;
  rctx.names = resolveHeader(header, ncols, dctx.version, headerLine, dctx.irregularities);
  const descriptors = describeColumns(rctx.names, headerLine, dctx.irregularities);

  // --- rows go column-major into a scratch buffer reused across files (column k at k * cap), so no
  // per-file guess of the row count is needed; each column is then copied out once, exactly sized.
  let cap = Math.max(1024, Math.floor(scratch.length / ncols));
  if (scratch.length < cap * ncols) scratch = new Float64Array(cap * ncols);
  let buf = scratch;
  for (let k = 0; k < ncols; k++) buf[k * cap] = first[k]!;
  st.row = 1;

  // --- all other rows: fast reader, general reader for the lines it gives back.
  const sepByte = separator === '\t' ? 9 : 59;
  // The fast reader stops at the last LF; a final line without one goes to the general reader.
  const limit = b.lastIndexOf(10) + 1;
  let next = n;
  for (;;) {
    fastRows(b, limit, sepByte, buf, ncols, cap, st);
    if (st.pos >= n) break;
    if (st.row >= cap) {
      const bigger = new Float64Array(cap * 2 * ncols);
      for (let k = 0; k < ncols; k++) bigger.set(buf.subarray(k * cap, k * cap + cap), k * cap * 2);
      cap *= 2;
      buf = bigger;
      scratch = bigger;
      continue;
    }
    const end = lineEnd(st.pos);
    const r = slowRow(rctx, st, st.pos, end);
    if (r === 'section') {
      next = st.pos;
      break;
    }
    if (r !== 'blank') {
      for (let k = 0; k < ncols; k++) buf[k * cap + st.row] = r[k]!;
      st.row++;
    }
    st.pos = end + 1;
    st.line++;
  }

  const rowCount = st.row;
  // A literal, not `{ ...d, values }`: every column object then has one shape, so code that loops over
  // columns (validation, encoding) reads `.values` monomorphically.
  const borrow = dctx.borrow === true;
  const columns: SignalColumn[] = descriptors.map((d, k) => ({
    raw: d.raw,
    name: d.name,
    unit: d.unit,
    key: d.key,
    values: borrow ? buf.subarray(k * cap, k * cap + rowCount) : buf.slice(k * cap, k * cap + rowCount),
  }));
  // Do not hold on to the scratch of an unusually large table (borrowed views keep it alive until dropped).
  if (scratch.length > SCRATCH_KEEP) scratch = new Float64Array(SCRATCH_INITIAL);
  return {
    table: {
      headerLine,
      rowCount,
      columns,
      decimal: st.commas > 0 && st.dots > 0 ? 'mixed' : st.commas > 0 ? 'comma' : st.dots > 0 ? 'dot' : 'integer',
    },
    next,
    nextLine: st.line,
  };
}
