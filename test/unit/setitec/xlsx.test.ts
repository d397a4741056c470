/**
 * A Setitec export re-saved by Excel as .xlsx must give the same metadata and columns as the text export.
 * Workbooks are built here with exceljs, written to a temp file and read back as bytes, in two flavours:
 * every cell as text (Excel told to keep text) and cells typed the way Excel types them on import
 * (numbers, booleans, dd/mm/yyyy dates).
 */
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSetitecAny } from '../../../src/main/ingest/parseAny';
import { parseSetitec, parseSetitecText } from '../../../src/shared/setitec/parse';
import type { ParseResult, SetitecFile } from '../../../src/shared/setitec/types';
import { describeCorpus, readCorpusText } from '../../corpus/corpus';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setitec-xlsx-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Typing = 'text' | 'excel';

/** How Excel types a cell it imports from text (comma-decimal locale). */
function excelCell(cell: string): string | number | boolean | Date {
  const t = cell.trim();
  if (/^-?\d+([.,]\d+)?$/.test(t) && !/^0\d/.test(t)) return Number(t.replace(',', '.'));
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true';
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
  if (dmy) return new Date(Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1])));
  return cell;
}

/** Write the export text as a one-sheet workbook file and return its bytes. */
async function toXlsx(text: string, typing: Typing, name: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('V1');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const sep = (lines[0] ?? '').split(';').length > (lines[0] ?? '').split('\t').length ? ';' : '\t';
  lines.forEach((line, i) => {
    const cells = line.split(sep);
    const row = ws.getRow(i + 1);
    cells.forEach((c, k) => {
      if (c.length === 0) return;
      row.getCell(k + 1).value = typing === 'text' ? c : excelCell(c);
    });
    row.commit();
  });
  const file = path.join(tmp, name);
  await wb.xlsx.writeFile(file);
  const b = fs.readFileSync(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function fileOf(r: ParseResult): SetitecFile {
  if (!r.ok) throw new Error(r.error.message);
  return r.file;
}

/** What must survive the round trip: typed metadata and every column. Raw text may differ when typed. */
function comparable(f: SetitecFile, withRaw: boolean): unknown {
  return {
    version: f.version,
    date: f.date,
    sampleRateHz: f.sampleRateHz,
    head: f.head,
    box: f.box,
    motor: f.motor,
    program: f.program,
    stepResults: f.stepResults,
    results: f.results,
    sections: f.sections.map((s) => ({
      name: s.name,
      line: s.line,
      blocks: s.blocks.map((b) => ({ line: b.line, names: b.names, values: b.values, ...(withRaw ? { raw: b.raw } : {}) })),
    })),
    columns: f.data.columns.map((c) => ({ raw: c.raw, key: c.key, values: Array.from(c.values) })),
    rowCount: f.data.rowCount,
    irregularities: f.irregularities.map((i) => i.code),
  };
}

const SYNTHETIC = [
  '*** General Infos ***\t\t',
  'Version\tDate\tSample Rate (Hz)\tDrilling Cycle ID\tDecimal Separator separator',
  '9\t2024-05-08:18:20:57\t100\t2764767930\tComma',
  '\t\t',
  '*** Control Box Datas ***\t\t',
  'BOX Name\tBOX Type\tBOX SN\tBOX STSE\tBOX Customer Info\tBOX Release\tBOX Firmware Version\tBOX Production Date\tBOX Maintenance Date\tBOX Operation Time\tBOX Power Supply Limit\tBOX Lub Pump Coef.\tPset Default Selection',
  '20100004\tCB V2 - Standard\t01C20AF0\t\t\t0\tV 3.2.2.1\t01/01/2016\t29/10/2024\t2474\t3000\t 1,000\tFALSE',
  '\t\t',
  '*** Program ***\t\t',
  'Step Nb\tStep On/Off\tStroke (mm)\tRPM\tFeed (mm/s)\tFeed (mm/tr)',
  '0,000\t0,000\t10,000\t0,000\t3,000\tInf',
  '1,000\t1,000\t8,500\t4000,000\t3,000\t0,045',
  '\t\t',
  '*** Results ***',
  'Cycle Time (s)\tDistance (mm)\tCycle OK',
  '28,410000\t0,673\tTrue',
  '*** Datas ***\t\t',
  'Position (mm)\tI Torque (A)\tI Thrust (A)\tI Torque Empty (A)\tI Thrust Empty (A)\tStep (nb)\tStop code\tTorque Power (W)\tGap Length (mm)',
  '-0,673\t-0,049\t0,000\t5,176\t0,351\t1,000\t0,000\t81,000\t0,000',
  '-0,703\t-0,098\t0,012\t5,176\t0,351\t1,000\t0,000\t82,000\t0,000',
  '-0,734\t-0,098\t0,012\t5,176\t0,351\t1,000\t64,000\t84,000\t0,000',
].join('\n') + '\n';

describe('xlsx workbooks (synthetic export)', () => {
  const expected = fileOf(parseSetitecText(SYNTHETIC, 'syn.xls'));

  it('reads a text-celled workbook exactly like the text', async () => {
    const bytes = await toXlsx(SYNTHETIC, 'text', 'syn-text.xlsx');
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x50, 0x4b, 3, 4]);
    const got = fileOf(await parseSetitecAny(bytes, 'syn-text.xlsx'));
    expect(got.source).toBe('syn-text.xlsx');
    expect(comparable(got, true)).toEqual(comparable(expected, true));
  });

  it('reads a workbook typed by Excel (numbers, booleans, dates) to the same values', async () => {
    const bytes = await toXlsx(SYNTHETIC, 'excel', 'syn-typed.xlsx');
    const got = fileOf(await parseSetitecAny(bytes, 'syn-typed.xlsx'));
    expect(comparable(got, false)).toEqual(comparable(expected, false));
    expect(got.box.firmware).toBe('V 3.2.2.1');
    expect(got.program[0]!.feedMmRev).toBe(Infinity);
  });

  it('dispatches text bytes to the text parser', async () => {
    const bytes = Uint8Array.from(SYNTHETIC, (c) => c.charCodeAt(0));
    expect(comparable(fileOf(await parseSetitecAny(bytes, 'syn.xls')), true)).toEqual(comparable(expected, true));
  });

  it('answers errors, not throws, for damaged or empty workbooks and other binaries', async () => {
    const zipJunk = Uint8Array.from([0x50, 0x4b, 3, 4, ...Array.from({ length: 200 }, (_, i) => (i * 37) & 255)]);
    const r1 = await parseSetitecAny(zipJunk, 'junk.xlsx');
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.error.message).toMatch(/^junk\.xlsx: expected an \.xlsx workbook holding a Setitec export sheet, found a zip archive that is not a readable workbook/);

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('empty');
    const file = path.join(tmp, 'empty.xlsx');
    await wb.xlsx.writeFile(file);
    const r2 = await parseSetitecAny(new Uint8Array(fs.readFileSync(file)), 'empty.xlsx');
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.message).toBe('empty.xlsx: expected an .xlsx workbook holding a Setitec export sheet, found a workbook with no filled worksheet');

    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const r3 = await parseSetitecAny(ole, 'old.xls');
    expect(r3.ok).toBe(false);
    if (!r3.ok) expect(r3.error.message).toContain('binary Excel 97-2003 workbook');

    const notExport = await toXlsx('hello\tworld\n1\t2\n', 'text', 'notes.xlsx');
    const r4 = await parseSetitecAny(notExport, 'notes.xlsx');
    expect(r4.ok).toBe(false);
  });
});

describeCorpus('xlsx workbooks (corpus exports)', () => {
  for (const rel of ['misc/E0025C639508824D_P6TL-INT_ST_339_460.xls', 'misc/MQTT_to_XLS_17070144_175b.xls']) {
    it(`re-saved ${rel.split('/').pop()} gives the same metadata and columns`, async () => {
      const text = readCorpusText(rel);
      const expected = fileOf(parseSetitec(Buffer.from(text, 'latin1'), rel));
      const asText = fileOf(await parseSetitecAny(await toXlsx(text, 'text', 'corpus-text.xlsx'), rel));
      expect(comparable(asText, true)).toEqual(comparable(expected, true));
      const typed = fileOf(await parseSetitecAny(await toXlsx(text, 'excel', 'corpus-typed.xlsx'), rel));
      expect(comparable(typed, false)).toEqual(comparable(expected, false));
    });
  }
});
