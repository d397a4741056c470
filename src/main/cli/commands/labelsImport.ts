/** `udw labels import`: preview a label sheet against the catalog, and with --apply, apply it. */
import fs from 'node:fs';
import path from 'node:path';
import { MAX_SHEET_BYTES, type SheetPreview } from '../../../shared/api/sheets.contract';
import { sheetServiceFor } from '../../labels/sheets/sheetHandlers';
import { UsageError, emit, type CommandContext } from '../command';
import { cliAnnotator, openCliCatalog } from '../catalogCli';

/** The sheet's bytes, refused before reading when it is larger than any request may carry. */
function readSheetFile(file: string): Uint8Array {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${file}: no such file`, { cause: err });
    throw err;
  }
  if (!st.isFile()) throw new Error(`${file}: expected a sheet file, found ${st.isDirectory() ? 'a folder' : 'something that is not a file'}`);
  if (st.size > MAX_SHEET_BYTES) throw new Error(`${file}: expected a sheet of at most ${MAX_SHEET_BYTES} bytes, found ${st.size}`);
  if (st.size === 0) throw new Error(`${file}: expected a sheet, found an empty file`);
  return fs.readFileSync(file);
}

function summary(p: SheetPreview, applied: number | null): string {
  const c = p.counts;
  const lines = [
    `${p.fileName}: ${c.rows} rows: ${c.matched} matched, ${c.unmatched} unmatched, ${c.ambiguous} ambiguous, ${c.duplicate} duplicate`,
    `${c.changes} changes, ${c.unchanged} unchanged, ${c.blank} blank, ${c.problems} problems`,
  ];
  const notes = [...p.unmatched.map((u) => u.message), ...p.ambiguous.map((a) => a.message), ...p.duplicates.map((d) => d.message), ...p.problems.map((x) => x.message)];
  lines.push(...notes.slice(0, 20).map((n) => `  ${n}`));
  if (notes.length > 20) lines.push(`  … and ${notes.length - 20} more (see --json)`);
  for (const ch of p.changes.slice(0, 20)) {
    const before = ch.before ? JSON.stringify(ch.before.value ?? [ch.before.depth, ch.before.depthEnd]) : '-';
    const after = JSON.stringify(ch.after.value ?? [ch.after.depth, ch.after.depthEnd]);
    lines.push(`  ${ch.op} ${ch.classId} of ${ch.path}: ${before} → ${after}`);
  }
  if (p.changes.length > 20) lines.push(`  … and ${p.changes.length - 20} more changes (see --json)`);
  lines.push(applied === null ? (c.changes ? 'preview only: run again with --apply to make these changes' : 'nothing to change') : `${applied} changes applied`);
  return lines.join('\n');
}

export async function labelsImport(ctx: CommandContext): Promise<number> {
  if (ctx.values.format !== undefined || ctx.values.out !== undefined) throw new UsageError('--format and --out belong to `udw labels export`');
  const [file, extra] = ctx.positionals.slice(1);
  if (!file) throw new UsageError('the sheet file (.csv, .xlsx or .json) is required');
  if (extra) throw new UsageError(`one sheet at a time; unexpected '${extra}'`);
  const bytes = readSheetFile(path.resolve(file));
  const { db, file: catalog } = openCliCatalog(ctx, { create: false });
  try {
    const sheets = sheetServiceFor(db);
    const name = path.basename(file);
    if (ctx.values.apply !== true) {
      const preview = await sheets.previewSheet(name, bytes);
      emit(ctx, preview, () => summary(preview, null));
      return 0;
    }
    const { changedFiles: _changed, ...result } = await sheets.applySheet(name, bytes, cliAnnotator(catalog));
    emit(ctx, result, () => summary(result.preview, result.applied.length));
    return 0;
  } finally {
    db.close();
  }
}
