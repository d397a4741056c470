/**
 * exceljs, loaded on first use: it is large, and only workbook exports and imports need it (as in
 * ingest/xlsx.ts). The CommonJS module arrives as `default` under some loaders and bare under others.
 */
import type * as ExcelJsModule from 'exceljs';

export type ExcelJs = typeof ExcelJsModule;

export async function loadExcel(): Promise<ExcelJs> {
  const mod = await import('exceljs');
  return (mod as unknown as { default?: ExcelJs }).default ?? mod;
}
