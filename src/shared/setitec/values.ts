/**
 * Typing of single cells (DOMAIN §4.12). Setitec writes comma decimals (`-0,673`, ` 21,923`), dot decimals
 * in some metadata and in MQTT-rebuilt files, the literal `Inf`, booleans in two casings and two timestamp
 * styles. JavaScript's `Number()` gets several of these wrong (`Number('Inf')` is NaN, `Number('')` is 0),
 * so every rule is explicit here.
 */
import type { MetaValue } from './types';

/** Plain decimal number with either separator and an optional exponent; no thousands separators exist. */
const NUMBER_RE = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;
const INF_RE = /^([+-]?)inf(?:inity)?$/i;

/**
 * Parse a numeric cell (already trimmed or not). Returns null for anything that is not a number,
 * including the empty string. `Inf`/`-Inf` give ±Infinity.
 */
export function parseNumber(cell: string): number | null {
  const s = cell.trim();
  if (s.length === 0 || s.length > 64) return null;
  const simple = simpleDecimal(s);
  if (simple === simple) return simple;
  if (NUMBER_RE.test(s)) {
    const v = Number(s.replace(',', '.'));
    return Number.isFinite(v) ? v : null;
  }
  const inf = INF_RE.exec(s);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return null;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `-?\d+([.,]\d+)?` with at most 15 digits, read without a regex or a new string: NaN for anything else.
 * Most metadata numbers look like this. The value is the integer of all digits divided by 10^(fraction
 * digits): both exact, so the one division is correctly rounded, exactly what `Number()` gives.
 */
function simpleDecimal(s: string): number {
  const n = s.length;
  let i = 0;
  const neg = s.charCodeAt(0) === 45;
  if (neg) i = 1;
  let m = 0;
  let nd = 0;
  let fd = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    nd++;
  }
  if (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 44 && c !== 46) return NaN;
    for (i++; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      m = m * 10 + d;
      fd++;
    }
    if (fd === 0) return NaN;
  }
  if (nd === 0 || nd + fd > 15) return NaN;
  const v = fd === 0 ? m : m / POW10[fd]!;
  return neg ? -v : v;
}

/** `True`/`False` in any casing (`TRUE`, `False`...). */
export function parseBoolean(cell: string): boolean | null {
  const s = cell.trim().toLowerCase();
  if (s === 'true') return true;
  if (s === 'false') return false;
  return null;
}

export interface ParsedDate {
  /** ISO 8601: `YYYY-MM-DDTHH:MM:SS` (controller local time, no zone), `...Z` kept, or `YYYY-MM-DD`. */
  iso: string;
  /** Year 1970: the controller clock was never set (DOMAIN §4.1). */
  clockUnset: boolean;
}

const CONTROLLER_TS = /^(\d{4})-(\d{2})-(\d{2})[: T](\d{2}):(\d{2}):(\d{2})$/;
const ISO_TS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
const DMY = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(y: string, mo: string, d: string): boolean {
  const m = Number(mo);
  const day = Number(d);
  return Number(y) > 0 && m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

function validTime(h: string, mi: string, s: string): boolean {
  return Number(h) <= 23 && Number(mi) <= 59 && Number(s) <= 60;
}

/**
 * Recognise the date formats of the exports: `2024-05-30:04:31:01` (controller, local time),
 * `2024-05-08T17:51:30Z` (MQTT-rebuilt files) and `01/01/2016` (`dd/mm/yyyy`, Control Box and Motor dates).
 */
export function parseSetitecDate(cell: string): ParsedDate | null {
  const s = cell.trim();
  let m = CONTROLLER_TS.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, se] = m as unknown as [string, string, string, string, string, string, string];
    if (!validDate(y, mo, d) || !validTime(h, mi, se)) return null;
    return { iso: `${y}-${mo}-${d}T${h}:${mi}:${se}`, clockUnset: y === '1970' };
  }
  m = ISO_TS.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, se] = m as unknown as [string, string, string, string, string, string, string];
    if (!validDate(y, mo, d) || !validTime(h, mi, se)) return null;
    return { iso: s, clockUnset: y === '1970' };
  }
  m = DMY.exec(s);
  if (m) {
    const [, d, mo, y] = m as unknown as [string, string, string, string];
    if (!validDate(y, mo, d)) return null;
    return { iso: `${y}-${mo}-${d}`, clockUnset: y === '1970' };
  }
  m = YMD.exec(s);
  if (m) {
    const [, y, mo, d] = m as unknown as [string, string, string, string];
    if (!validDate(y, mo, d)) return null;
    return { iso: s, clockUnset: y === '1970' };
  }
  return null;
}

/**
 * Fields whose values are identifiers or free text and must stay strings even when they look numeric
 * or exponent-like (`01E60D78`, `17070141`, `E00401009F45C395`, `ST00092900`).
 */
const IDENTIFIER_FIELD = /(^|\s)(name|sn|tag uid|stse|customer info|comment|type|firmware version)(\s|$)/i;

const identifierCache = new Map<string, boolean>();

export function isIdentifierField(name: string): boolean {
  let v = identifierCache.get(name);
  if (v === undefined) {
    v = IDENTIFIER_FIELD.test(name);
    // Field names come from a small vocabulary; the cap only guards against damaged input.
    if (identifierCache.size < 4096) identifierCache.set(name, v);
  }
  return v;
}

/**
 * True when a cell holds a typed value (number, boolean, `Inf`, date) rather than label text. Runs on
 * every metadata cell, so the first character picks the one check that can succeed.
 */
export function isValueLike(cell: string): boolean {
  const s = cell.trim();
  if (s.length === 0) return false;
  const c = s.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 44 || c === 46) {
    return parseNumber(s) !== null || parseSetitecDate(s) !== null;
  }
  if (c === 73 || c === 105) return parseNumber(s) !== null; // I/i: Inf
  if (c === 84 || c === 116 || c === 70 || c === 102) return parseBoolean(s) !== null; // T/t, F/f
  return false;
}

/**
 * Type one metadata cell. Empty → null; identifier fields → the trimmed string; then number, `Inf`,
 * boolean, date (as ISO string); anything else stays the trimmed string.
 */
export function typeValue(raw: string, fieldName?: string): MetaValue {
  const s = raw.trim();
  if (s.length === 0) return null;
  if (fieldName !== undefined && isIdentifierField(fieldName)) return s;
  const n = parseNumber(s);
  if (n !== null) return n;
  const b = parseBoolean(s);
  if (b !== null) return b;
  const d = parseSetitecDate(s);
  if (d !== null) return d.iso;
  return s;
}

/** Numeric view of a typed value: numbers as is, everything else null. */
export function asNumber(v: MetaValue | undefined): number | null {
  return typeof v === 'number' ? v : null;
}

/** Boolean view: booleans as is, numbers 0/1 as false/true, everything else null. */
export function asBoolean(v: MetaValue | undefined): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return null;
}

/** String view of a raw cell: empty → null. */
export function asText(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const s = raw.trim();
  return s.length === 0 ? null : s;
}
