/** Helpers shared by the catalog commands (import, files, show, validate). */
import fs from 'node:fs';
import path from 'node:path';
import { findFileId } from '../catalog/fileRows';
import { openCatalog, type CatalogDb } from '../db/openCatalog';
import { ANONYMOUS } from '../labels/labelHandlers';
import { resolveCatalogPath } from '../services/paths';
import { SettingsService } from '../services/settingsService';
import { UsageError, type CommandContext } from './command';

/**
 * Opens the catalog of `--db` / `UDW_DB` / the per-user default. Reading commands refuse to create one, and
 * skip the full quick_check (about a second per GB) that an import, which writes, runs first.
 */
export function openCliCatalog(ctx: CommandContext, opts: { create: boolean }): { db: CatalogDb; file: string } {
  const file = resolveCatalogPath(ctx.db);
  if (!opts.create && !fs.existsSync(file)) throw new Error(`no catalog at ${file}; run \`udw import <dir>\` first (or pass --db FILE)`);
  return { db: openCatalog(file, { verify: opts.create }), file };
}

/** A file given as catalog id or path (absolute, relative to the working directory, or as stored). */
export function resolveFileArg(db: CatalogDb, arg: string | undefined): number {
  if (!arg) throw new UsageError('a file path or id is required');
  if (/^\d+$/.test(arg)) {
    const byId = db.prepare('SELECT id FROM files WHERE id = ?').pluck().get(Number(arg)) as number | undefined;
    if (byId !== undefined) return byId;
  }
  const id = findFileId(db, path.resolve(arg)) ?? findFileId(db, arg);
  if (id === null) throw new Error(`${arg}: not in the catalog`);
  return id;
}

/** Who the CLI's label edits are stamped with, like the app's: the annotator in the catalog folder's settings. */
export function cliAnnotator(catalogFile: string): string {
  return new SettingsService(path.dirname(catalogFile)).get().annotator.trim() || ANONYMOUS;
}
