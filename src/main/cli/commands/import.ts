import { CatalogBusyError, currentHolder, describeHolder, isStale } from '../../catalog/importLock';
import type { CatalogDb } from '../../db/openCatalog';
import { runImport } from '../../ingest/importJob';
import type { ImportProgress, ImportSummary } from '../../../shared/api/catalog.contract';
import { UsageError, emit, type Command, type CommandContext } from '../command';
import { openCliCatalog } from '../catalogCli';

export const importCommand: Command = {
  name: 'import',
  summary: 'Import (incrementally) every Setitec file under the given folders into the catalog',
  usage: [
    'udw import <dir...> [--db FILE] [--json] [--wait SECONDS]',
    '',
    'Prints {files, imported, skipped, moved, missing, failed, cancelled, findings:{error,warning,info}, seconds}.',
    'Unchanged files (same size and mtime) are skipped unread; files that fail to parse are counted in',
    '`failed` and listed in `errors` with file and line. Exit 0 when the import ran (even with failed files),',
    '1 when it could not run (no such folder, catalog unusable), 130 when interrupted (what was committed stays).',
    '--wait SECONDS: when another import (the app, the web host, another udw) holds the catalog, wait up to',
    'this long for it to finish instead of refusing at once (default 0: refuse at once).',
  ].join('\n'),
  options: { wait: { type: 'string' } },
  async run(ctx) {
    if (ctx.positionals.length === 0) throw new UsageError('at least one folder is required');
    const waitSeconds = waitOption(ctx.values.wait);
    const { db, file } = openCliCatalog(ctx, { create: true });
    const bar = progressPrinter(ctx.json);
    try {
      if (waitSeconds > 0) sayWhenWaiting(db, waitSeconds, (line) => ctx.io.err(line));
      let s: ImportSummary;
      try {
        s = await runImport(db, { dirs: ctx.positionals, jobId: 'cli', signal: ctx.signal, lockWaitMs: waitSeconds * 1000, onProgress: (p) => bar.update(p) });
      } catch (err) {
        if (err instanceof CatalogBusyError) return refuseBusy(ctx, err, waitSeconds);
        throw err;
      }
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

/** `--wait SECONDS`: absent is 0 (refuse at once, as before the flag existed). */
function waitOption(value: CommandContext['values'][string]): number {
  if (value === undefined) return 0;
  const text = typeof value === 'string' ? value.trim() : '';
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`--wait: expected a number of seconds (0 or more), got '${typeof value === 'string' ? value : String(value)}'`);
  return Number(text);
}

/** Before a wait that may last: say who holds the catalog, so a silent pause is not taken for a hang. */
function sayWhenWaiting(db: CatalogDb, waitSeconds: number, say: (line: string) => void): void {
  const holder = currentHolder(db);
  if (holder && !isStale(holder)) say(`udw import: another import holds the catalog (${describeHolder(holder)}); waiting up to ${waitSeconds} s for it to finish`);
}

/**
 * The lock stayed taken. The message itself (also the JSON `error.message`) is the lock's, as before the flag;
 * what to do with `--wait` follows on its own line, and as `error.hint` in the JSON.
 */
function refuseBusy(ctx: CommandContext, err: CatalogBusyError, waitSeconds: number): number {
  if (ctx.signal.aborted) {
    ctx.io.err('udw import: interrupted while waiting for the other import; nothing was imported');
    return 130;
  }
  const hint =
    waitSeconds > 0
      ? `it was still running after --wait ${waitSeconds}; run again with a longer --wait SECONDS, or when it is done`
      : 'to wait for it instead of refusing, run again with --wait SECONDS (e.g. --wait 600)';
  if (ctx.json) ctx.io.out(JSON.stringify({ error: { code: 'failed', message: err.message, hint } }));
  ctx.io.err(`udw import: ${err.message}\nudw import: ${hint}`);
  return 1;
}

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
