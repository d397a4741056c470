import { runImport } from '../../ingest/importJob';
import type { ImportProgress } from '../../../shared/api/catalog.contract';
import { UsageError, emit, type Command } from '../command';
import { openCliCatalog } from '../catalogCli';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import (incrementally) every Setitec file under the given folders into the catalog',
  usage: [
    'udw import <dir...> [--db FILE] [--json]',
    '',
    'Prints {files, imported, skipped, moved, missing, failed, cancelled, findings:{error,warning,info}, seconds}.',
    'Unchanged files (same size and mtime) are skipped unread; files that fail to parse are counted in',
    '`failed` and listed in `errors` with file and line. Exit 0 when the import ran (even with failed files),',
    '1 when it could not run (no such folder, catalog unusable), 130 when interrupted (what was committed stays).',
  ].join('\n'),
  async run(ctx) {
    if (ctx.positionals.length === 0) throw new UsageError('at least one folder is required');
    const { db, file } = openCliCatalog(ctx, { create: true });
    const bar = progressPrinter(ctx.json);
    try {
      const s = await runImport(db, { dirs: ctx.positionals, jobId: 'cli', signal: ctx.signal, onProgress: (p) => bar.update(p) });
      bar.end();
      const { jobId: _jobId, ...rest } = s;
      emit(ctx, { catalog: file, ...rest }, () =>
        [
          `${s.files} files: ${s.imported} imported, ${s.skipped} unchanged, ${s.moved} moved, ${s.missing} missing, ${s.failed} failed${s.cancelled ? ' (cancelled)' : ''}`,
          `findings: ${s.findings.error} errors, ${s.findings.warning} warnings, ${s.findings.info} info`,
          ...s.errors.slice(0, 20).map((e) => `  ${e.message}`),
          ...(s.errors.length > 20 ? [`  … and ${s.errors.length - 20} more (see --json)`] : []),
          `${s.seconds.toFixed(2)} s, catalog ${file}`,
        ].join('\n'),
      );
      return s.cancelled ? 130 : 0;
    } finally {
      bar.end();
      db.close();
    }
  },
};

/** A one-line bar redrawn in place on a TTY; a plain line every few seconds otherwise; nothing with --json. */
function progressPrinter(json: boolean): { update(p: ImportProgress): void; end(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      if (json || p.phase !== 'importing' || p.total === 0) return;
      const now = Date.now();
      if (tty) {
        const width = 30;
        const fill = Math.round((p.done / p.total) * width);
        process.stderr.write(`\r[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${p.done}/${p.total} files, ${p.errors} failed `);
        drawn = true;
      } else if (now - last > 2000) {
        last = now;
        process.stderr.write(`import: ${p.done}/${p.total} files, ${p.errors} failed\n`);
      }
    },
    end() {
      if (drawn) process.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}
