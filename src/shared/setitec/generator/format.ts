/**
 * Number and text formatting as the Setitec controller writes it, and Latin-1 encoding.
 *
 * Every value the generator writes goes through `fixed`, and the value stored in the generator's
 * `expected` output is `Number()` of exactly the printed text, so a parser reads back exactly that number.
 */

/** `v.toFixed(d)` without a negative zero (`-0.000` → `0.000`). */
export function fixed(v: number, d: number): string {
  if (!Number.isFinite(v)) throw new Error(`cannot format ${v}`);
  const s = v.toFixed(d);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/** A printed number: the cell text (comma or dot decimal) and the exact value a reader gets back. */
export interface Printed {
  text: string;
  value: number;
}

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000];

/**
 * Prints `v` with `d` decimals using the given decimal mark. `value` is exactly what `Number()` of the text
 * (with a dot) gives: the integer count of 10^-d units divided by 10^d, a correctly rounded IEEE division.
 */
export function printNumber(v: number, d: number, mark: ',' | '.' = ','): Printed {
  if (!Number.isFinite(v)) throw new Error(`cannot format ${v}`);
  const scale = POW10[d];
  if (scale === undefined || Math.abs(v) * (scale ?? 1) >= 2 ** 52) {
    const s = fixed(v, d);
    return { text: mark === ',' ? s.replace('.', ',') : s, value: Number(s) + 0 };
  }
  const units = Math.round(Math.abs(v) * scale);
  if (units === 0) return { text: d === 0 ? '0' : `0${mark}${'0'.repeat(d)}`, value: 0 };
  const sign = v < 0 ? '-' : '';
  const int = Math.floor(units / scale);
  let text = `${sign}${int}`;
  if (d > 0) text += `${mark}${String(units - int * scale).padStart(d, '0')}`;
  return { text, value: (v < 0 ? -units : units) / scale };
}

/** A table cell as every version writes numbers in Program, Step Results and Datas: comma decimal. */
export function printComma(v: number, d: number): Printed {
  return printNumber(v, d, ',');
}

/** Rounds to a multiple of `q` (the controller's quantisation step). */
export function quantise(v: number, q: number): number {
  return Math.round(v / q) * q;
}

/**
 * Encodes text as ISO-8859-1 (Latin-1): one byte per character. Characters above U+00FF, which Latin-1
 * cannot hold, become `?`.
 */
export function encodeLatin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c <= 0xff ? c : 0x3f;
  }
  return out;
}

/** Decodes ISO-8859-1 bytes (the inverse of `encodeLatin1`). */
export function decodeLatin1(bytes: Uint8Array): string {
  let s = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    s += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return s;
}

/** Two-digit zero padding. */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Controller timestamp `YYYY-MM-DD:HH:MM:SS` from UTC fields of a Date. */
export function controllerDate(d: Date): string {
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}:` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`
  );
}
