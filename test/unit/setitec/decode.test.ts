import { describe, expect, it } from 'vitest';
import { cleanBytes, cleanText, decodeLatin1, detectInput } from '../../../src/shared/setitec/decode';

const bytes = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('decodeLatin1', () => {
  it('maps every byte to the same code point (0xB0 is the degree sign)', () => {
    expect(decodeLatin1(bytes(0x50, 0x73, 0x65, 0x74, 0x20, 0x6e, 0xb0))).toBe('Pset n°');
    const all = new Uint8Array(256).map((_, i) => i);
    const s = decodeLatin1(all);
    expect(s.length).toBe(256);
    for (let i = 0; i < 256; i++) expect(s.charCodeAt(i)).toBe(i);
  });
  it('cleanBytes text(): any range, in any order, inside and beyond the decoded head, is the exact text', () => {
    const n = 70_000;
    // Every byte value but CR (which would make cleanBytes rewrite the input).
    const input = new Uint8Array(n).map((_, i) => ((i * 7919 + (i >> 8)) % 256 === 13 ? 32 : (i * 7919 + (i >> 8)) % 256));
    const expected = (a: number, b: number): string => {
      let out = '';
      for (let i = a; i < b; i++) out += String.fromCharCode(input[i]!);
      return out;
    };
    const src = cleanBytes(input);
    for (const [a, b] of [[10, 20], [0, 5000], [4000, 9000], [60_000, 66_000], [65_530, 65_540], [100, 65_536], [0, n], [30, 31]]) {
      expect(src.text(a!, b!), `${a}-${b}`).toBe(expected(a!, b!));
    }
  });
  it('decodes long inputs chunk by chunk and sub-ranges exactly', () => {
    const big = new Uint8Array(100_000).map((_, i) => 65 + (i % 26));
    const s = decodeLatin1(big);
    expect(s.length).toBe(100_000);
    expect(s.slice(99_990)).toBe(decodeLatin1(big, 99_990, 100_000));
  });
});

describe('detectInput', () => {
  it('recognises text, empty, OLE2, zip, UTF-16 and binary input', () => {
    expect(detectInput(ascii('*** General Infos ***\t\t\nVersion\n')).kind).toBe('text');
    expect(detectInput(new Uint8Array(0)).kind).toBe('empty');
    expect(detectInput(ascii('     ')).kind).toBe('empty');
    expect(detectInput(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0)).kind).toBe('ole2');
    expect(detectInput(bytes(0x50, 0x4b, 3, 4, 20, 0)).kind).toBe('zip');
    expect(detectInput(bytes(0xff, 0xfe, 0x2a, 0)).kind).toBe('utf16');
    const le = new Uint8Array(200);
    for (let i = 0; i < 100; i++) le[2 * i] = 0x41;
    expect(detectInput(le).kind).toBe('utf16');
    let seed = 7;
    const rnd = new Uint8Array(5000).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 255);
    expect(detectInput(rnd).kind).toBe('binary');
  });
});

describe('cleanBytes / cleanText', () => {
  it('normalises CRLF and CR to LF', () => {
    const src = cleanBytes(ascii('a\r\nb\rc\n'));
    expect(decodeLatin1(src.bytes)).toBe('a\nb\nc\n');
    expect(src.lineEndingsNormalised).toBe(true);
    expect(cleanText('a\r\nb\rc').text(0, 5)).toBe('a\nb\nc');
  });
  it('strips raw NUL and literal \\u0000 per line and records the lines', () => {
    const src = cleanBytes(ascii('x\nLight_EDU\0\tL_EDU\nName\\u0000\n'));
    expect(src.line(2, 18, 2)).toBe('Light_EDU\tL_EDU');
    expect(src.line(19, 29, 3)).toBe('Name');
    expect(src.nulLines).toEqual([2]);
    expect(src.literalNulLines).toEqual([3]);
  });
  it('notes UTF-8 replacement bytes', () => {
    const b = bytes(0x50, 0x73, 0x65, 0x74, 0x20, 0x6e, 0xef, 0xbf, 0xbd);
    const src = cleanBytes(b);
    expect(src.line(0, b.length, 5)).toBe('Pset nï¿½');
    expect(src.replacementLines).toEqual([5]);
  });
  it('drops a UTF-8 byte-order mark', () => {
    const src = cleanBytes(bytes(0xef, 0xbb, 0xbf, 0x41));
    expect(src.bomStripped).toBe(true);
    expect(decodeLatin1(src.bytes)).toBe('A');
  });
  it('keeps characters above U+00FF exact in text input', () => {
    const src = cleanText('a€b');
    expect(src.bytes[1]).toBe(0x3f);
    expect(src.text(0, 3)).toBe('a€b');
  });
});
