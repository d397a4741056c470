/**
 * Bad input: every case returns `{ ok: false, error }` with one message naming the file, the line and
 * what was expected; nothing throws.
 */
import { describe, expect, it } from 'vitest';
import { parseSetitec, parseSetitecText } from '../../../src/shared/setitec/parse';
import type { ParseError, ParseResult } from '../../../src/shared/setitec/types';
import { describeCorpus, readCorpus } from '../../corpus/corpus';

function errorOf(r: ParseResult): ParseError {
  if (r.ok) throw new Error('expected a parse error, got a file');
  return r.error;
}

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 255);

const GOOD = [
  '*** General Infos ***\t\t',
  'Version\tDate\tSample Rate (Hz)',
  '9\t2024-05-08:18:20:57\t100',
  '\t\t',
  '*** Datas ***\t\t',
  'Position (mm)\tI Torque (A)\tI Thrust (A)\tI Torque Empty (A)\tI Thrust Empty (A)\tStep (nb)\tStop code\tTorque Power (W)\tGap Length (mm)',
  '-0,684\t-0,049\t-0,012\t5,811\t0,410\t0,000\t0,000\t102,000\t0,000',
  '-0,711\t-0,098\t-0,012\t5,811\t0,410\t0,000\t0,000\t104,000\t0,000',
  '-0,741\t-0,098\t-0,012\t5,811\t0,410\t0,000\t64,000\t107,000\t0,000',
];

describe('bad input gives one clear error, never a throw', () => {
  it('accepts the good fixture (control)', () => {
    const r = parseSetitecText(GOOD.join('\n') + '\n', 'good.xls');
    expect(r.ok).toBe(true);
  });

  it('names file, line, column and cell for a non-numeric data cell', () => {
    const lines = [...GOOD];
    lines[7] = lines[7]!.replace('-0,098', 'abc');
    const e = errorOf(parseSetitecText(lines.join('\n') + '\n', 'V9_bad.xls'));
    expect(e).toEqual({
      source: 'V9_bad.xls',
      line: 8,
      expected: "a number in column 'I Torque (A)'",
      message: "V9_bad.xls line 8: expected a number in column 'I Torque (A)', found 'abc'",
    });
  });

  it('reports an empty cell inside a row', () => {
    const lines = [...GOOD];
    lines[6] = lines[6]!.replace('\t5,811', '\t');
    const e = errorOf(parseSetitecText(lines.join('\n'), 'gap.xls'));
    expect(e.message).toBe("gap.xls line 7: expected a number in column 'I Torque Empty (A)', found an empty cell");
  });

  it('reports a truncated last row', () => {
    const t = GOOD.join('\n') + '\n';
    const e = errorOf(parseSetitec(latin1(t.slice(0, t.length - 30)), 'cut.xls'));
    expect(e.line).toBe(9);
    expect(e.message).toMatch(/^cut\.xls line 9: expected 9 values per row \(as on the first data row, line 7\), found \d \(truncated row\?\)$/);
  });

  it('reports a file cut inside the metadata (no Datas)', () => {
    const e = errorOf(parseSetitec(latin1(GOOD.slice(0, 3).join('\n')), 'short.xls'));
    expect(e.line).toBe(3);
    expect(e.message).toBe("short.xls line 3: expected a '*** Datas ***' section with the signal table, found none (end of file after sections General Infos)");
  });

  it('reports a Datas section without rows or without anything', () => {
    expect(errorOf(parseSetitecText(GOOD.slice(0, 6).join('\n') + '\n', 'hdr.xls')).message).toBe(
      'hdr.xls line 6: expected at least one data row under the Datas header, found the end of the file',
    );
    expect(errorOf(parseSetitecText(GOOD.slice(0, 5).join('\n') + '\n\t\t\n', 'nohdr.xls')).message).toBe(
      "nohdr.xls line 5: expected a header row and data rows under '*** Datas ***', found the end of the file",
    );
  });

  it('reports empty and whitespace-only files', () => {
    for (const [bytes, found] of [
      [new Uint8Array(0), 'an empty file'],
      [latin1('   '), 'a file holding only spaces'],
    ] as const) {
      const e = errorOf(parseSetitec(bytes, 'empty.xls'));
      expect(e.line).toBe(0);
      expect(e.message).toBe(`empty.xls: expected a Setitec text export (Latin-1 text in '*** Name ***' sections), found ${found}`);
    }
    expect(errorOf(parseSetitecText('', 'e.xls')).line).toBe(0);
    expect(errorOf(parseSetitecText('\n\n\t\t\n', 'blank.xls')).message).toContain("found text without any '*** Name ***' section header");
  });

  it('rejects a binary Excel 97-2003 workbook (OLE2)', () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const e = errorOf(parseSetitec(ole, 'real.xls'));
    expect(e.message).toBe("real.xls: expected a Setitec text export (Latin-1 text in '*** Name ***' sections), found a binary Excel 97-2003 workbook (OLE2 compound file)");
  });

  it('rejects a zip archive with a hint', () => {
    const e = errorOf(parseSetitec(Uint8Array.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), 'book.xlsx'));
    expect(e.message).toContain('found a zip archive');
    expect(e.message).toContain('parseSetitecAny');
  });

  it('rejects UTF-16 text, with or without a byte-order mark', () => {
    const t = GOOD.join('\n');
    const le = new Uint8Array(2 * t.length);
    for (let i = 0; i < t.length; i++) le[2 * i] = t.charCodeAt(i);
    expect(errorOf(parseSetitec(le, 'u16.xls')).message).toContain('found UTF-16 text');
    const bom = new Uint8Array(le.length + 2);
    bom.set([0xff, 0xfe]);
    bom.set(le, 2);
    expect(errorOf(parseSetitec(bom, 'u16bom.xls')).message).toContain('found UTF-16 text (byte-order mark)');
    const be = new Uint8Array(2 * t.length);
    for (let i = 0; i < t.length; i++) be[2 * i + 1] = t.charCodeAt(i);
    expect(errorOf(parseSetitec(be, 'u16be.xls')).message).toContain('UTF-16');
    expect(errorOf(parseSetitecText(String.fromCharCode(...le.subarray(0, 400)), 'u16.txt')).message).toContain('UTF-16');
  });

  it('rejects random bytes', () => {
    let seed = 12345;
    for (let k = 0; k < 20; k++) {
      const n = 1 + ((k * 7919) % 20000);
      const b = new Uint8Array(n).map(() => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) >>> 24) & 255);
      const r = parseSetitec(b, `rnd${k}.bin`);
      expect(r.ok, `rnd${k}`).toBe(false);
      if (!r.ok) expect(r.error.message.startsWith(`rnd${k}.bin`)).toBe(true);
    }
  });

  it('rejects text that is not an export', () => {
    const e = errorOf(parseSetitecText('hello world\nthis is not a drilling file\n', 'notes.txt'));
    expect(e.line).toBe(0);
    expect(e.message).toContain('notes.txt');
  });
});

describeCorpus('errors on damaged corpus files', () => {
  it("names the column of a bad cell in V1_001.xls line 412", () => {
    const bytes = readCorpus('TUHH/001_V1/V1_001.xls');
    const text = Buffer.from(bytes).toString('latin1');
    const lines = text.split('\n');
    const cells = lines[411]!.split('\t');
    cells[1] = 'abc';
    lines[411] = cells.join('\t');
    const e = errorOf(parseSetitec(Buffer.from(lines.join('\n'), 'latin1'), 'V1_001.xls'));
    expect(e.message).toBe("V1_001.xls line 412: expected a number in column 'I Torque (A)', found 'abc'");
    expect(e.line).toBe(412);
  });

  it('reports a file truncated in the middle of a row', () => {
    const bytes = readCorpus('MDB-MQL/E00401009F45C395_114-V3-002-MQ_ST_1900_27.xls');
    // Cut just after the third TAB of a row past the middle: the last line then holds 3 full cells and one digit.
    let cut = bytes.indexOf(10, Math.floor(bytes.length * 0.6)) + 1;
    for (let tabs = 0; tabs < 3; cut++) if (bytes[cut] === 9) tabs++;
    const r = parseSetitec(bytes.subarray(0, cut + 1), 'cut.xls');
    const e = errorOf(r);
    expect(e.message).toMatch(/^cut\.xls line \d+: expected 9 values per row \(as on the first data row, line \d+\), found 4 \(truncated row\?\)$/);
  });
});
