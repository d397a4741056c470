import path from 'node:path';
import type { AutolabelCommitResult, AutolabelPreview, AutolabelScope } from '../../../shared/api/autolabel.contract';
import { AutolabelService } from '../../labels/autolabel/autolabelService';
import { catalogProposals } from '../../labels/autolabel/catalogProposals';
import { FileReviewStore } from '../../labels/fileReview';
import { LabelSchemaStore } from '../../labels/labelSchemaStore';
import { LabelStore } from '../../labels/labelStore';
import { UsageError, emit, type Command, type CommandContext } from '../command';
import { cliAnnotator, openCliCatalog, resolveFileArg } from '../catalogCli';

const JOB_ID = 'cli';

/** `--min-confidence`, `--accept-above`: a number in [0, 1]. */
function confidenceOption(ctx: CommandContext, name: string): number | undefined {
  const value = ctx.values[name];
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? value.trim() : '';
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--${name}: expected a confidence between 0 and 1, got '${String(value)}'`);
  return n;
}

function scopeOf(ctx: CommandContext, resolveId: (arg: string) => number): AutolabelScope {
  const folder = ctx.values.folder;
  if (typeof folder === 'string') {
    if (ctx.positionals.length > 0) throw new UsageError('give either --folder or file ids/paths, not both');
    return { kind: 'folder', folder: path.resolve(folder) };
  }
  if (ctx.positionals.length > 0) return { kind: 'files', fileIds: ctx.positionals.map(resolveId) };
  return { kind: 'all' };
}

function textOf(preview: AutolabelPreview, committed: AutolabelCommitResult | null): string {
  const s = preview.summary;
  const counts = (o: Record<string, number>): string =>
    Object.entries(o)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  const lines = preview.files.map((f) => `${String(f.fileId).padStart(5)}  ${String(f.proposals).padStart(3)} proposals  ${String(f.attributes).padStart(2)} attributes  ${f.path}`);
  lines.push(
    `${s.done}/${s.files} files${preview.state === 'cancelled' ? ' (cancelled)' : ''}: ${s.proposals} proposals, ${s.attributes} attributes (confidence ≥ ${preview.minConfidence})`,
    `by class: ${counts(s.byClass)}`,
    `by source: ${counts(s.bySource)}; by confidence: ${counts(s.byTier)}`,
    `files with none: ${s.filesWithNone.length}; failed: ${s.failed.length}`,
    ...s.failed.slice(0, 20).map((f) => `  ${f.message}`),
  );
  if (s.notInSchema.length > 0) lines.push(`not in the label schema (left out): ${s.notInSchema.join(', ')}`);
  if (committed) {
    lines.push(
      `committed ${committed.files} files: ${committed.created} proposals stored, ${committed.removed} replaced, ${committed.skipped} skipped (decided), ${committed.accepted} accepted`,
      ...committed.failed.map((f) => `  FAILED ${f.message}`),
    );
  } else {
    lines.push('nothing written (run with --commit to store the proposals)');
  }
  return lines.join('\n');
}

export const autolabelCommand: Command = {
  name: 'autolabel',
  summary: 'Propose labels from stop codes and signal heuristics; with --commit, store them as proposals',
  usage: [
    'udw autolabel [--folder F | FILE_ID|PATH ...] [--min-confidence X] [--commit [--accept-above X]] [--db FILE] [--json]',
    '',
    'Computes proposals for the whole catalog, the files under a folder, or the files given, and prints them:',
    '{"files":[{fileId, path, proposals:[{classId, depth, depthEnd, sampleIndex, source, provenance, confidence, reasons}],',
    '  attributes:[{classId, value, source, provenance, confidence, reasons}]}], "summary":{…}}.',
    'Without --commit nothing is written. --commit stores them as proposed labels, replacing the untouched',
    'proposals of earlier runs; accepted, rejected, moved and human labels are never touched (summary.commit).',
    '--accept-above X (needs --commit) then accepts the committed proposals with confidence ≥ X as labels.',
    '--min-confidence X leaves out proposals below X.',
    'Exit 0 when it ran, 1 on failure (also when a file could not be committed: the others are), 2 on bad',
    'usage, 130 when interrupted (nothing is committed then).',
  ].join('\n'),
  options: {
    folder: { type: 'string' },
    'min-confidence': { type: 'string' },
    commit: { type: 'boolean' },
    'accept-above': { type: 'string' },
  },
  async run(ctx) {
    const minConfidence = confidenceOption(ctx, 'min-confidence');
    const acceptAbove = confidenceOption(ctx, 'accept-above');
    const commit = ctx.values.commit === true;
    if (acceptAbove !== undefined && !commit) throw new UsageError('--accept-above needs --commit (it accepts the proposals a commit stores)');
    const { db, file } = openCliCatalog(ctx, { create: false });
    try {
      const scope = scopeOf(ctx, (arg) => resolveFileArg(db, arg));
      const annotator = cliAnnotator(file);
      const schema = new LabelSchemaStore(db);
      const labels = new LabelStore(db, schema, new FileReviewStore(db));
      const service = new AutolabelService({ db, labels, compute: catalogProposals(db, schema), annotator: () => annotator });
      const stop = (): void => void service.cancel(JOB_ID);
      ctx.signal.addEventListener('abort', stop);
      let preview: AutolabelPreview;
      try {
        preview = await service.run({ scope, minConfidence, jobId: JOB_ID });
      } finally {
        ctx.signal.removeEventListener('abort', stop);
      }
      const files = preview.files.map((f) => {
        const { proposals, attributes } = service.file(JOB_ID, f.fileId);
        return {
          fileId: f.fileId,
          path: f.path,
          proposals: proposals.map((p) => ({ classId: p.classId, depth: p.depth, depthEnd: p.depthEnd, sampleIndex: p.sampleIndex, source: p.source, provenance: p.provenance, confidence: p.confidence, reasons: p.reasons })),
          attributes: attributes.map((a) => ({ classId: a.classId, value: a.value, source: a.source, provenance: a.provenance, confidence: a.confidence, reasons: a.reasons })),
        };
      });
      const interrupted = preview.state === 'cancelled';
      const committed = commit && !interrupted ? await service.commit(JOB_ID, acceptAbove) : null;
      const summary = { state: preview.state, minConfidence: preview.minConfidence, ...preview.summary, ...(committed ? { commit: committed } : {}) };
      emit(ctx, { files, summary }, () => textOf(preview, committed));
      if (interrupted) return 130;
      return committed && committed.failed.length > 0 ? 1 : 0;
    } finally {
      db.close();
    }
  },
};
