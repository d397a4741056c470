/** `udw dataset create|list`: versioned dataset snapshots for training (issue 12, training/dataset/). */
import path from 'node:path';
import { DatasetOptions, type SnapshotSummary } from '../../../shared/api/training.contract';
import { DatasetChannel, DatasetSource, GroupBy, ValOrder } from '../../../shared/training/manifest';
import { createSnapshot } from '../../training/dataset/createSnapshot';
import { DatasetOptionError } from '../../training/dataset/options';
import { SnapshotStore } from '../../training/dataset/snapshotStore';
import { UsageError, emit, type Command, type CommandContext } from '../command';
import { cliAnnotator, openCliCatalog } from '../catalogCli';

/** DatasetOptions' field → its flag, for messages about a value. */
const FLAG: Record<keyof DatasetOptions, string> = {
  sources: '--sources',
  classes: '--classes',
  channels: '--channels',
  groupBy: '--group-by',
  valFraction: '--val-fraction',
  valOrder: '--val-order',
  folds: '--folds',
  seed: '--seed',
  stepMm: '--step-mm',
  minClasses: '--min-classes',
  folder: '--folder',
};

function text(ctx: CommandContext, flag: string): string | undefined {
  const v = ctx.values[flag];
  return typeof v === 'string' ? v.trim() : undefined;
}

function list(ctx: CommandContext, flag: string): string[] | undefined {
  const v = text(ctx, flag);
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`--${flag}: expected a comma-separated list without empty items, got '${v}'`);
  return items;
}

function enumList<T extends string>(ctx: CommandContext, flag: string, allowed: readonly T[]): T[] | undefined {
  const items = list(ctx, flag);
  const bad = items?.find((s) => !allowed.includes(s as T));
  if (bad !== undefined) throw new UsageError(`--${flag}: '${bad}' is not one of ${allowed.join(', ')}`);
  return items as T[] | undefined;
}

function number(ctx: CommandContext, flag: string, what: string, ok: (n: number) => boolean): number | undefined {
  const v = text(ctx, flag);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === '' || !Number.isFinite(n) || !ok(n)) throw new UsageError(`--${flag}: expected ${what}, got '${v}'`);
  return n;
}

const int = (n: number): boolean => Number.isInteger(n);

function optionsOf(ctx: CommandContext): DatasetOptions {
  const groupBy = text(ctx, 'group-by');
  if (groupBy !== undefined && !GroupBy.safeParse(groupBy).success) throw new UsageError(`--group-by: expected head, folder, counter-block:N (N 1–999999) or attribute:<classId>, got '${groupBy}'`);
  const valOrder = text(ctx, 'val-order');
  if (valOrder !== undefined && !ValOrder.safeParse(valOrder).success) throw new UsageError(`--val-order: expected random or latest, got '${valOrder}'`);
  const folder = text(ctx, 'folder');
  const options: DatasetOptions = {
    sources: enumList(ctx, 'sources', DatasetSource.options),
    classes: list(ctx, 'classes'),
    channels: enumList(ctx, 'channels', DatasetChannel.options),
    groupBy,
    valFraction: number(ctx, 'val-fraction', 'a fraction between 0 and 0.9', (n) => n >= 0 && n <= 0.9),
    valOrder: valOrder as DatasetOptions['valOrder'],
    folds: number(ctx, 'folds', 'a whole number of folds from 2 to 50', (n) => int(n) && n >= 2 && n <= 50),
    seed: number(ctx, 'seed', `a whole number from 0 to ${2 ** 31 - 1}`, (n) => int(n) && n >= 0 && n <= 2 ** 31 - 1),
    stepMm: number(ctx, 'step-mm', 'a step in mm from 0.001 to 1', (n) => n >= 0.001 && n <= 1),
    minClasses: number(ctx, 'min-classes', 'a whole number from 1 to 32', (n) => int(n) && n >= 1 && n <= 32),
    folder: folder === undefined ? undefined : path.resolve(folder),
  };
  for (const k of Object.keys(options) as (keyof DatasetOptions)[]) if (options[k] === undefined) delete options[k];
  if (options.folds !== undefined && ctx.values['val-fraction'] !== undefined) throw new UsageError('give either --folds (k-fold: fold 0 is the validation split) or --val-fraction, not both');
  // The contract's schema has the last word (the API validates the same object).
  const parsed = DatasetOptions.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path[0] as keyof DatasetOptions | undefined;
    throw new UsageError(`${field ? FLAG[field] : 'options'}: ${issue.message}`);
  }
  return parsed.data;
}

function summaryText(s: SnapshotSummary, verb = s.reused ? 'reused' : 'built'): string {
  const labels = Object.entries(s.labels)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  return [
    `${verb} snapshot ${s.snapshotId}`,
    `  ${s.dir}`,
    `  ${s.files} files (${s.train} train, ${s.val} val${s.folds ? `, ${s.folds} folds` : ''}) in ${s.groups} groups by ${s.groupBy}; ${s.excluded} excluded`,
    `  labels: ${labels}; sources: ${s.sources.join(', ')}; channels: ${s.channels.join(', ')}`,
  ].join('\n');
}

async function create(ctx: CommandContext): Promise<number> {
  const options = optionsOf(ctx);
  const out = text(ctx, 'out');
  if (ctx.values.out !== undefined && !out) throw new UsageError('--out: expected a folder for the snapshot');
  const { db, file } = openCliCatalog(ctx, { create: false });
  try {
    let summary: SnapshotSummary;
    try {
      summary = await createSnapshot({ db, catalogPath: file, options, outDir: out ? path.resolve(out) : null, by: cliAnnotator(file), signal: ctx.signal });
    } catch (err) {
      if (err instanceof DatasetOptionError) throw new UsageError(`${FLAG[err.option]}: ${err.problem}`);
      if (ctx.signal.aborted) {
        ctx.io.err('udw dataset: interrupted; no snapshot was written');
        return 130;
      }
      throw err;
    }
    emit(ctx, summary, () => summaryText(summary));
    return 0;
  } finally {
    db.close();
  }
}

async function listSnapshots(ctx: CommandContext): Promise<number> {
  const { db } = openCliCatalog(ctx, { create: false });
  try {
    const rows = new SnapshotStore(db).list();
    emit(ctx, rows, () => (rows.length === 0 ? 'no dataset snapshots yet (udw dataset create --out DIR)' : rows.map((r) => summaryText(r, r.createdAt)).join('\n')));
    return 0;
  } finally {
    db.close();
  }
}

export const datasetCommand: Command = {
  name: 'dataset',
  summary: 'Build a versioned dataset snapshot (grouped, seeded split) for training; list the snapshots built',
  usage: [
    'udw dataset create [--out DIR] [--sources human,stepcode,heuristic,model] [--classes entry,cfrp_ti_transition,exit]',
    '                   [--channels torque_net,thrust_net,…] [--group-by head|folder|counter-block:N|attribute:<classId>]',
    '                   [--val-fraction F | --folds K] [--val-order random|latest] [--seed N] [--step-mm X]',
    '                   [--folder F] [--min-classes N] [--db FILE] [--json]',
    'udw dataset list [--db FILE] [--json]',
    '',
    'create writes DIR/manifest.json, DIR/signals/<key>.npy (float32, channels × depth samples) and DIR/labels.npy',
    '(float64, files × classes, NaN = no label) from the confirmed labels of the chosen sources (stepcode, heuristic,',
    'model: proposals a human accepted). Exact duplicates are removed first; files without labels of the classes',
    '(fewer than --min-classes) or without usable signal are listed as excluded. Files are grouped (default',
    'counter-block:10) and whole groups go to train or val: --val-order random (seeded) or latest (the highest',
    'global counters to val); --folds K assigns groups to K folds instead (fold 0 is val). The snapshot id is the',
    'content hash: the same catalog data and options give the same id, and an existing DIR with that id is reused.',
    'Default DIR: datasets/<snapshotId> beside the catalog. Defaults: sources human,heuristic,stepcode; classes',
    'entry,cfrp_ti_transition,exit; channels torque_net,thrust_net; val-fraction 0.2; seed 0; step-mm 0.02.',
    '--json prints the summary {snapshotId, dir, createdAt, files, train, val, groups, folds, classes, channels,',
    'groupBy, sources, excluded, labels, reused}; list --json prints an array of them, newest first.',
    'Exit 0 when the snapshot was built or reused, 1 on failure, 2 on bad usage, 130 when interrupted.',
  ].join('\n'),
  options: {
    out: { type: 'string' },
    sources: { type: 'string' },
    classes: { type: 'string' },
    channels: { type: 'string' },
    'group-by': { type: 'string' },
    'val-fraction': { type: 'string' },
    'val-order': { type: 'string' },
    folds: { type: 'string' },
    seed: { type: 'string' },
    'step-mm': { type: 'string' },
    folder: { type: 'string' },
    'min-classes': { type: 'string' },
  },
  async run(ctx) {
    const sub = ctx.positionals[0];
    if (ctx.positionals.length > 1) throw new UsageError(`unexpected argument '${ctx.positionals[1]}'`);
    if (sub === 'create') return create(ctx);
    if (sub === 'list') return listSnapshots(ctx);
    throw new UsageError(sub ? `unknown sub-command '${sub}'; expected create or list` : 'a sub-command is required: create or list');
  },
};
