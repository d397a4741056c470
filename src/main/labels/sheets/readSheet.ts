/**
 * Bytes of an uploaded sheet to rows (CSV, .xlsx) or file entries (JSON). The format comes from the file
 * name's extension and is checked against the bytes (a zip archive is a workbook, whatever it is called);
 * a name without a known extension is recognised from the bytes alone.
 */
import path from 'node:path';
import type { SheetFormat } from '../../../shared/api/sheets.contract';
import { ApiError } from '../../../shared/api/errors';
import { parseCsv } from './csvCodec';
import { decodeText } from './decodeText';
import { parseLabelsJson, type JsonFile } from './labelsJson';
import { withoutBlankRows, type SheetTable } from './sheetTable';
import { readXlsxTable } from './xlsxTable';

export type ReadSheet = { format: 'csv' | 'xlsx'; table: SheetTable } | { format: 'json'; files: JsonFile[] };

const BY_EXTENSION: Record<string, SheetFormat> = { '.csv': 'csv', '.tsv': 'csv', '.txt': 'csv', '.xlsx': 'xlsx', '.xlsm': 'xlsx', '.json': 'json' };

const isZip = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

export function sheetFormatOf(fileName: string, bytes: Uint8Array): SheetFormat {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.xls') {
    throw new ApiError('invalid_payload', `${fileName}: expected a .csv, .xlsx or .json sheet; an old binary .xls workbook cannot be read: save it as .xlsx or CSV`);
  }
  const named = BY_EXTENSION[ext];
  const zip = isZip(bytes);
  if (named === 'xlsx' && !zip) throw new ApiError('invalid_payload', `${fileName}: expected an .xlsx workbook (a zip archive), found bytes that are not one`);
  if (named && named !== 'xlsx' && zip) throw new ApiError('invalid_payload', `${fileName}: expected ${named === 'csv' ? 'CSV text' : 'JSON'}, found a zip archive (an .xlsx workbook? name it .xlsx)`);
  if (named) return named;
  if (zip) return 'xlsx';
  return decodeText(bytes.subarray(0, 64)).text.trimStart().startsWith('{') ? 'json' : 'csv';
}

export async function readSheet(fileName: string, bytes: Uint8Array): Promise<ReadSheet> {
  const format = sheetFormatOf(fileName, bytes);
  if (format === 'xlsx') return { format, table: await readXlsxTable(bytes, fileName) };
  const { text } = decodeText(bytes);
  if (format === 'json') return { format, files: parseLabelsJson(text, fileName) };
  const { records, unterminatedQuoteRow } = parseCsv(text);
  if (unterminatedQuoteRow !== null) {
    throw new ApiError('invalid_payload', `${fileName}: row ${unterminatedQuoteRow}: expected a closing quote (") for the field opened there, found the end of the file`);
  }
  const [header, ...rows] = withoutBlankRows(records);
  if (!header) throw new ApiError('invalid_payload', `${fileName}: expected a header row (path or name, then attribute columns), found an empty file`);
  return { format, table: { format, sheetName: null, header, rows } };
}
