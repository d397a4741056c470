/** `udw labels export`: the catalog's confirmed labels to a JSON, CSV or .xlsx file. */
import fs from 'node:fs';
import path from 'node:path';
import { SheetFormat } from '../../../shared/api/sheets.contract';
import { sheetServiceFor } from '../../labels/sheets/sheetHandlers';
import { UsageError, emit, type CommandContext } from '../command';
import { openCliCatalog } from '../catalogCli';

export async function labelsExport(ctx: CommandContext): Promise<number> {
  if (ctx.values.apply !== undefined) throw new UsageError('--apply belongs to `udw labels import`');
  if (ctx.positionals.length > 1) throw new UsageError(`unexpected argument '${ctx.positionals[1]}'; the output file goes after --out`);
  const format = SheetFormat.safeParse(ctx.values.format);
  if (!format.success) throw new UsageError(`--format: expected json, csv or xlsx, got ${ctx.values.format === undefined ? 'nothing' : `'${String(ctx.values.format)}'`}`);
  const out = ctx.values.out;
  if (typeof out !== 'string' || out === '') throw new UsageError('--out FILE is required');
  const { db } = openCliCatalog(ctx, { create: false });
  try {
    const sheet = await sheetServiceFor(db).exportSheet(format.data);
    const target = path.resolve(out);
    const written = sheet.bytes ?? Buffer.from(sheet.text ?? '', 'utf8');
    fs.writeFileSync(target, written);
    emit(ctx, { out: target, format: sheet.format, files: sheet.files, labels: sheet.labels, bytes: written.byteLength }, () =>
      `${sheet.labels} labels of ${sheet.files} files written to ${target} (${sheet.format})`,
    );
    return 0;
  } finally {
    db.close();
  }
}
