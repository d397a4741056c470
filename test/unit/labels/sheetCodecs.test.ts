/** The pieces of label sheets that need no catalog: CSV, text decoding, cell values, file matching, zip sizes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileRow } from '../../../src/shared/api/catalog.contract';
import type { LabelClass } from '../../../src/shared/api/labels.contract';
import { attributeCell } from '../../../src/main/labels/sheets/attributeCell';
import { detectDelimiter, parseCsv, writeCsv } from '../../../src/main/labels/sheets/csvCodec';
import { decodeText } from '../../../src/main/labels/sheets/decodeText';
import { FileMatcher } from '../../../src/main/labels/sheets/fileMatcher';
import { columnLetter, type SheetCell } from '../../../src/main/labels/sheets/sheetTable';
import { readXlsxTable, writeXlsxTable } from '../../../src/main/labels/sheets/xlsxTable';
import { zipInflatedSize } from '../../../src/main/labels/sheets/zipSize';

describe('CSV', () => {
  it('reads back exactly what it wrote: delimiters, quotes, line breaks, leading spaces, formula-like text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', ' ', ',', ';', '"', '\n', '\r', "'", '=', '+', '-', '@', '\t', 'é', '1') });
    const cell: fc.Arbitrary<SheetCell> = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (rows) => {
        const { records, unterminatedQuoteRow } = parseCsv(writeCsv(rows), ',');
        expect(unterminatedQuoteRow).toBeNull();
        const asText = (c: SheetCell): string | null => (c === null || c === '' ? null : typeof c === 'string' ? c : String(c));
        const got = records.map((r) => r.cells.map((c) => (c === '' ? null : c)));
        expect(got).toEqual(rows.map((r) => r.map(asText)));
        expect(records.map((r) => r.row)).toEqual(rows.map((_, i) => i + 1));
      }),
    );
  });

  it('guards text that a spreadsheet would run as a formula, and nothing else', () => {
    expect(writeCsv([['=HYPERLINK("x")', '+1', '-a', '@b', 'plain', -1.5]])).toBe(`"'=HYPERLINK(""x"")",'+1,'-a,'@b,plain,-1.5\r\n`);
    expect(parseCsv("'=1+1,'5,''=x\r\n").records[0]!.cells).toEqual(['=1+1', "'5", "'=x"]);
  });

  it('takes the delimiter the header uses most: comma, semicolon (decimal-comma locales) or tab', () => {
    expect(detectDelimiter('name,stack_thickness\n')).toBe(',');
    expect(detectDelimiter('name;stack_thickness;comment\na;4,2;x\n')).toBe(';');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
    expect(detectDelimiter('name\tvalue\n')).toBe('\t');
    expect(parseCsv('name;t\r\nx;"4,2"\r\n').records.map((r) => r.cells)).toEqual([
      ['name', 't'],
      ['x', '4,2'],
    ]);
  });

  it('numbers records, not lines, and says where a quote was left open', () => {
    const { records } = parseCsv('a,b\n"two\nlines",x\nlast,y');
    expect(records.map((r) => [r.row, r.cells[0]])).toEqual([
      [1, 'a'],
      [2, 'two\nlines'],
      [3, 'last'],
    ]);
    expect(parseCsv('a\nb\n"open,\nstill').unterminatedQuoteRow).toBe(3);
  });

  it('decodes UTF-8 (with or without the BOM) and falls back to Latin-1', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xc3, 0xa9]))).toEqual({ text: 'aé', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0x61, 0xe9]))).toEqual({ text: 'aé', encoding: 'latin1' });
  });

  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});

describe('attribute cells', () => {
  const num: LabelClass = { id: 'stack_thickness', name: 'T', kind: 'attribute', colour: '#000000', hotkey: null, valueType: 'number', unit: 'mm' };
  const bool: LabelClass = { ...num, id: 'predrilled', valueType: 'boolean', unit: undefined };
  const choice: LabelClass = { ...num, id: 'anomaly', valueType: 'choice', unit: undefined, choices: ['none', 'tool break'] };
  const text: LabelClass = { ...num, id: 'comment', valueType: 'text', unit: undefined };
  const cases: Array<[LabelClass, SheetCell, ReturnType<typeof attributeCell>]> = [
    [num, 4.2, { kind: 'value', value: 4.2 }],
    [num, ' 4.2 ', { kind: 'value', value: 4.2 }],
    [num, '4,2', { kind: 'value', value: 4.2 }],
    [num, '4.2 MM', { kind: 'value', value: 4.2 }],
    [num, '-.5', { kind: 'value', value: -0.5 }],
    [num, '1e2', { kind: 'value', value: 100 }],
    [num, '4.2 cm', { kind: 'wrong', expected: 'a number (mm)', found: "'4.2 cm'" }],
    [num, '1.2.3', { kind: 'wrong', expected: 'a number (mm)', found: "'1.2.3'" }],
    [num, true, { kind: 'wrong', expected: 'a number (mm)', found: 'true' }],
    [num, '  ', { kind: 'blank' }],
    [num, null, { kind: 'blank' }],
    [bool, 'Yes', { kind: 'value', value: true }],
    [bool, 0, { kind: 'value', value: false }],
    [bool, false, { kind: 'value', value: false }],
    [bool, 'perhaps', { kind: 'wrong', expected: 'true or false (also yes/no, 1/0)', found: "'perhaps'" }],
    [choice, 'TOOL BREAK', { kind: 'value', value: 'tool break' }],
    [choice, 'bent', { kind: 'wrong', expected: "one of 'none', 'tool break'", found: "'bent'" }],
    [text, ' as typed ', { kind: 'value', value: ' as typed ' }],
    [text, 12, { kind: 'value', value: '12' }],
  ];
  for (const [cls, cell, want] of cases) {
    it(`${cls.valueType} ${JSON.stringify(cell)}`, () => {
      expect(attributeCell(cell, cls)).toEqual(want);
    });
  }
});

describe('FileMatcher', () => {
  let next = 0;
  const file = (p: string, extra: Partial<FileRow> = {}) => {
    const name = p.split('/').at(-1)!;
    return { id: ++next, path: p, name, headName: 'H1', headTag: 'tag-1', globalCounter: next, missing: false, ...extra };
  };
  const a = file('/d/a/hole_1.xls');
  const b = file('/d/b/hole_1.xls');
  const c = file('/d/c/hole_2.xls');
  const gone = file('/old/hole_2.xls', { missing: true, globalCounter: c.globalCounter });
  const matcher = new FileMatcher([a, b, c, gone]);

  it('an exact path wins', () => {
    expect(matcher.match({ path: '/d/b/hole_1.xls', name: 'something else' })).toMatchObject({ kind: 'matched', file: { id: b.id }, by: 'path' });
  });

  it('a shared name is ambiguous, and settled by head and counter', () => {
    expect(matcher.match({ name: 'hole_1.xls' })).toMatchObject({ kind: 'ambiguous', candidates: [{ id: a.id }, { id: b.id }] });
    expect(matcher.match({ name: 'HOLE_1', head: 'tag-1', globalCounter: b.globalCounter! })).toMatchObject({ kind: 'matched', file: { id: b.id }, by: 'name+head+counter' });
    expect(matcher.match({ name: 'hole_1.xls', head: 'h1', globalCounter: c.globalCounter! })).toMatchObject({ kind: 'unmatched' });
  });

  it('a path from elsewhere falls back on the other keys; a missing file loses a tie to a present one', () => {
    expect(matcher.match({ path: '/elsewhere/hole_2.xls', name: 'hole_2.xls' })).toMatchObject({ kind: 'matched', file: { id: c.id }, by: 'name' });
    expect(matcher.match({ head: 'H1', globalCounter: c.globalCounter! })).toMatchObject({ kind: 'matched', file: { id: c.id }, by: 'head+counter' });
  });

  it('says what is missing: a head without its counter, a name with another extension, no key at all', () => {
    expect(matcher.match({ head: 'H1' })).toMatchObject({ kind: 'unmatched', message: expect.stringMatching(/only together/) });
    expect(matcher.match({ name: 'hole_2.csv' })).toMatchObject({ kind: 'unmatched', message: "name 'hole_2.csv': no file of the catalog has this name" });
    expect(matcher.match({})).toMatchObject({ kind: 'unmatched', key: 'no key' });
  });
});

describe('.xlsx sheets', () => {
  it('read back typed cells from the worksheet named labels', async () => {
    const bytes = await writeXlsxTable(['name', 'stack_thickness', 'predrilled', 'comment'], [['a.xls', 4.25, true, null], ['b.xls', null, false, '=x']]);
    const table = await readXlsxTable(bytes, 'm.xlsx');
    expect(table).toMatchObject({ format: 'xlsx', sheetName: 'labels', header: { row: 1, cells: ['name', 'stack_thickness', 'predrilled', 'comment'] } });
    expect(table.rows).toEqual([
      { row: 2, cells: ['a.xls', 4.25, true] },
      { row: 3, cells: ['b.xls', null, false, '=x'] },
    ]);
    const size = zipInflatedSize(bytes);
    expect(size).toMatchObject({ ok: true });
    expect(size.ok && size.entries).toBeGreaterThan(3);
  });

  it('refuse a workbook that claims to unpack to more than a sheet can be, before unpacking it', async () => {
    const bytes = await writeXlsxTable(['name'], [['a.xls']]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // The first central-directory entry: its uncompressed size is at +24.
    let at = bytes.length - 22;
    while (view.getUint32(at, true) !== 0x06054b50) at--;
    const dir = view.getUint32(at + 16, true);
    view.setUint32(dir + 24, 0x7ffffff0, true);
    await expect(readXlsxTable(bytes, 'bomb.xlsx')).rejects.toThrow(/bomb\.xlsx: expected a workbook that unpacks to at most 67108864 bytes, found one that claims \d+/);
  });
});
