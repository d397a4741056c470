/** `udw events export|import|conflicts|resolve`: label events between catalogs (issue 10, labels ready to travel). */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportEventsResult, LabelConflict } from '../../../shared/api/labelSync.contract';
import { LabelTravel } from '../../labels/travel/labelTravel';
import { UsageError, emit, type Command, type CommandContext } from '../command';
import { cliAnnotator, openCliCatalog, resolveFileArg } from '../catalogCli';

const SUBCOMMANDS = 'export, import, conflicts or resolve';

export const eventsCommand: Command = {
  name: 'events',
  summary: 'Label events between catalogs: export, import (merge by event id, preview unless --apply), conflicts, resolve',
  usage: [
    'udw events export --out FILE [--file PATH|ID]... [--db FILE] [--json]',
    'udw events import FILE [--apply] [--db FILE] [--json]',
    'udw events conflicts [--file PATH|ID] [--all] [--db FILE] [--json]',
    'udw events resolve CONFLICT_ID --keep local|theirs [--db FILE] [--json]',
    '',
    'export writes the label events of the catalog (or of the --file files) as JSON Lines: each event with its',
    'global id, the installation that made it, its file named by content hash, name, path, head and counters.',
    'import merges such a file by event id: known events are skipped (importing twice changes nothing), new ones',
    'are replayed in order; an edit that did not see this catalog\'s version of the label becomes a conflict and',
    'the local label stays. Without --apply it only prints what it would do. --json prints',
    '{applied, events, present, replayed, unchanged, conflicts, settled, unmatched, files}.',
    'conflicts lists the conflicts waiting for a human (--all: resolved ones too); resolve keeps one version',
    '(theirs is an ordinary, undoable label edit), stamped with the annotator of the catalog folder\'s settings.',
    'Exit 0 when the command ran (also with conflicts or unmatched events); 1 when it could not.',
  ].join('\n'),
  options: { out: { type: 'string' }, file: { type: 'string', multiple: true }, apply: { type: 'boolean' }, all: { type: 'boolean' }, keep: { type: 'string' } },
  async run(ctx) {
    const sub = ctx.positionals[0];
    switch (sub) {
      case 'export':
        return exportEvents(ctx);
      case 'import':
        return importEvents(ctx);
      case 'conflicts':
        return listConflicts(ctx);
      case 'resolve':
        return resolve(ctx);
      default:
        throw new UsageError(sub ? `unknown sub-command '${sub}'; expected ${SUBCOMMANDS}` : `a sub-command is required: ${SUBCOMMANDS}`);
    }
  },
};

function noExtra(ctx: CommandContext, allowed: number): void {
  const extra = ctx.positionals[allowed + 1];
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
}

function withTravel<T>(ctx: CommandContext, fn: (travel: LabelTravel, db: ReturnType<typeof openCliCatalog>) => T): T {
  const opened = openCliCatalog(ctx, { create: false });
  try {
    return fn(new LabelTravel(opened.db), opened);
  } finally {
    opened.db.close();
  }
}

function fileArgs(ctx: CommandContext): string[] {
  const v = ctx.values.file;
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

function exportEvents(ctx: CommandContext): number {
  noExtra(ctx, 0);
  const out = ctx.values.out;
  if (typeof out !== 'string' || out === '') throw new UsageError('--out FILE is required (where to write the events)');
  return withTravel(ctx, (travel, { db }) => {
    const files = fileArgs(ctx);
    const exported = travel.exportEvents(files.length ? files.map((f) => resolveFileArg(db, f)) : null);
    const target = path.resolve(out);
    fs.writeFileSync(target, exported.jsonl);
    emit(ctx, { out: target, events: exported.events, files: exported.files }, () => `${exported.events} label events of ${exported.files} files written to ${target}`);
    return 0;
  });
}

function readEventsFile(file: string): string {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new Error(`${file}: expected a label events file, found ${st.isDirectory() ? 'a folder' : 'something that is not a file'}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${file}: no such file`, { cause: err });
    throw err;
  }
  return fs.readFileSync(file, 'utf8');
}

function describeConflict(c: Omit<LabelConflict, 'id'> & { id: number | null }): string {
  const show = (l: LabelConflict['theirs']): string => (l === null ? 'none' : `${l.classId} ${l.value !== null ? JSON.stringify(l.value) : [l.depth, l.depthEnd].filter((x) => x !== null).join('–')} (${l.state}, ${l.annotator})`);
  return `${c.id === null ? '(preview)' : `#${c.id}`} ${c.reason} on ${c.path}, label ${c.labelId}: ours ${show(c.local)}, theirs ${show(c.theirs)}${c.resolution ? ` [${c.resolution} by ${c.resolvedBy ?? '?'}]` : ''}`;
}

function importSummary(r: ImportEventsResult): string {
  const lines = [
    `${r.events} events: ${r.present} already here, ${r.replayed} replayed, ${r.unchanged} unchanged, ${r.conflicts.length} conflicts, ${r.settled.length} conflicts settled, ${r.unmatched.length} not taken`,
    ...r.conflicts.slice(0, 20).map((c) => `  ${describeConflict(c)}`),
    ...r.unmatched.slice(0, 20).map((u) => `  line ${u.line}: ${u.message}`),
    r.applied ? `${r.files.length} files changed` : 'preview only: run again with --apply to merge',
  ];
  return lines.join('\n');
}

function importEvents(ctx: CommandContext): number {
  const file = ctx.positionals[1];
  if (!file) throw new UsageError('the events file (from `udw events export`) is required');
  noExtra(ctx, 1);
  const text = readEventsFile(path.resolve(file));
  return withTravel(ctx, (travel) => {
    const result = travel.importEvents(text, path.basename(file), ctx.values.apply === true);
    emit(ctx, result, () => importSummary(result));
    return 0;
  });
}

function listConflicts(ctx: CommandContext): number {
  noExtra(ctx, 0);
  const files = fileArgs(ctx);
  if (files.length > 1) throw new UsageError('conflicts takes at most one --file');
  return withTravel(ctx, (travel, { db }) => {
    const conflicts = travel.listConflicts({ fileId: files[0] === undefined ? undefined : resolveFileArg(db, files[0]), resolved: ctx.values.all === true });
    emit(ctx, { conflicts }, () => (conflicts.length ? conflicts.map(describeConflict).join('\n') : 'no label conflicts'));
    return 0;
  });
}

function resolve(ctx: CommandContext): number {
  const idArg = ctx.positionals[1];
  if (!idArg || !/^\d+$/.test(idArg) || Number(idArg) < 1) throw new UsageError(`expected the conflict's number (from \`udw events conflicts\`), got ${idArg === undefined ? 'nothing' : `'${idArg}'`}`);
  noExtra(ctx, 1);
  const keep = ctx.values.keep;
  if (keep !== 'local' && keep !== 'theirs') throw new UsageError(`--keep: expected local or theirs, got ${keep === undefined ? 'nothing' : `'${String(keep)}'`}`);
  return withTravel(ctx, (travel, { file }) => {
    const r = travel.resolve(Number(idArg), keep, cliAnnotator(file));
    emit(ctx, r, () => `${describeConflict(r.conflict)}`);
    return 0;
  });
}
