/**
 * Parse a file of either form a user may hand us: the controller's text export (`.xls` in name only) or
 * that export re-saved by Excel as a real `.xlsx` workbook. Dispatch is by content (the zip signature),
 * never by file name. Never throws.
 */
import { parseSetitec } from '../../shared/setitec/parse';
import type { ParseOptions, ParseResult } from '../../shared/setitec/types';
import { isZip, parseSetitecXlsx } from './xlsx';

/** `opts` applies to text exports; a workbook's columns are always copies (its parse awaits exceljs). */
export async function parseSetitecAny(bytes: Uint8Array, source: string, opts: ParseOptions = {}): Promise<ParseResult> {
  try {
    if (isZip(bytes)) return await parseSetitecXlsx(bytes, source);
    return parseSetitec(bytes, source, opts);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: { source, line: 0, expected: 'a Setitec export', message: `${source}: expected a Setitec export, found input the parser could not handle (${msg})` },
    };
  }
}
