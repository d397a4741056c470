import { listFileRows } from '../../catalog/fileRows';
import { emit, type Command } from '../command';
import { openCliCatalog } from '../catalogCli';

export const filesCommand: Command = {
  name: 'files',
  summary: 'List the files of the catalog',
  usage: 'udw files [--db FILE] [--json] [--missing]\n\n--missing also lists files that vanished from their folder.',
  options: { missing: { type: 'boolean' } },
  async run(ctx) {
    const { db } = openCliCatalog(ctx, { create: false });
    try {
      const rows = listFileRows(db, { includeMissing: ctx.values.missing === true });
      emit(ctx, rows, () =>
        rows
          .map((r) => {
            const state = r.parseError ? 'FAILED' : r.missing ? 'missing' : r.duplicateOf ? `dup of ${r.duplicateOf}` : '';
            const f = `${r.findings.error}E ${r.findings.warning}W`;
            return `${String(r.id).padStart(5)}  v${r.version ?? '?'}  ${String(r.rowCount).padStart(6)} rows  ${f.padEnd(8)} ${state.padEnd(10)} ${r.path}`;
          })
          .join('\n') + `\n${rows.length} files`,
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
