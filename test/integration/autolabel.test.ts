/**
 * Auto-labelling in batches through the real back end and dispatch, on a real catalog of generated files
 * (programs with sensing triggers and distance-only ones): run → preview (nothing written) → commit, accept
 * above a confidence, re-runs that leave decided labels alone, cancel and resume, scopes and bad input.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';
import type { AutolabelCommitResult, AutolabelFileProposals, AutolabelPreview, AutolabelProgress } from '../../src/shared/api/autolabel.contract';
import type { FileRow, ImportSummary } from '../../src/shared/api/catalog.contract';
import type { EventChannel } from '../../src/shared/api/contract';
import { ApiError } from '../../src/shared/api/errors';
import type { Label, LabelSnapshot } from '../../src/shared/api/labels.contract';
import { writeAutolabelFixture } from './helpers/autolabelFixture';

let root: string;
let data: string;
let broken: string;
let template: string;
let dir: string;
let backend: Backend;
let events: Array<{ channel: EventChannel; payload: unknown }>;

// The files are imported once into a template catalog; each test gets its own copy of it (so any order and
// any subset passes) without paying for an import each time.
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-autolabel-'));
  data = path.join(root, 'data');
  broken = writeAutolabelFixture(data).broken;
  template = path.join(root, 'template.sqlite');
  const importer = createBackend({ host: 'memory', catalogPath: template });
  try {
    const imported = (await importer.dispatch('catalog.import', { dirs: [data] })) as ImportSummary;
    expect(imported).toMatchObject({ imported: 6, failed: 1 });
  } finally {
    await importer.dispose();
  }
});
afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(root, 'test-'));
  fs.copyFileSync(template, path.join(dir, 'catalog.sqlite'));
  backend = createBackend({ host: 'memory', catalogPath: path.join(dir, 'catalog.sqlite') });
  events = [];
  backend.events.subscribe((channel, payload) => events.push({ channel, payload }));
});
afterEach(async () => {
  await backend.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = <T>(channel: string, payload: unknown): Promise<T> => backend.dispatch(channel, payload) as Promise<T>;
const run = (payload: Record<string, unknown> = {}) => call<AutolabelPreview>('autolabel.run', { scope: { kind: 'all' }, ...payload });
const commit = (jobId: string, acceptAbove?: number) => call<AutolabelCommitResult>('autolabel.commit', acceptAbove === undefined ? { jobId } : { jobId, acceptAbove });
const fileOf = (jobId: string, fileId: number) => call<AutolabelFileProposals>('autolabel.file', { jobId, fileId });

async function rejection(channel: string, payload: unknown): Promise<ApiError> {
  try {
    await call(channel, payload);
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error(`${channel} accepted ${JSON.stringify(payload)}`);
}

/** Everything the labels tables hold, to compare before and after. */
function labelTables(): { labels: unknown[]; events: unknown[] } {
  const db = backend.context.db;
  return { labels: db.prepare('SELECT * FROM labels ORDER BY id').all(), events: db.prepare('SELECT * FROM label_events ORDER BY seq').all() };
}

function storedLabels(where = '1 = 1'): Array<{ id: string; fileId: number; classId: string; state: Label['state']; source: Label['source']; confidence: number | null }> {
  return backend.context.db
    .prepare(`SELECT id, file_id AS fileId, class_id AS classId, state, source, confidence FROM labels WHERE ${where} ORDER BY file_id, id`)
    .all() as ReturnType<typeof storedLabels>;
}

/** All of a job's proposals and attributes, file by file. */
async function everyProposal(preview: AutolabelPreview): Promise<AutolabelFileProposals[]> {
  return Promise.all(preview.files.map((f) => fileOf(preview.jobId, f.fileId)));
}

/** Per class, source and tier, counted here from the per-file proposals (tiers: high ≥ 0.8, medium ≥ 0.5). */
function countsOf(files: AutolabelFileProposals[]) {
  const byClass: Record<string, number> = {};
  const bySource = { stepcode: 0, heuristic: 0 };
  const byTier = { high: 0, medium: 0, low: 0 };
  for (const f of files) {
    for (const p of [...f.proposals, ...f.attributes]) {
      byClass[p.classId] = (byClass[p.classId] ?? 0) + 1;
      bySource[p.source]++;
      byTier[p.confidence >= 0.8 ? 'high' : p.confidence >= 0.5 ? 'medium' : 'low']++;
    }
  }
  return { byClass, bySource, byTier };
}

const countBy = (rows: Array<{ classId: string }>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.classId] = (out[r.classId] ?? 0) + 1;
  return out;
};

describe('autolabel.run: a preview, nothing written', () => {
  it('previews every file of the catalog with counts that match its per-file proposals, and writes nothing', async () => {
    const before = labelTables();
    const preview = await run();
    expect(labelTables()).toEqual(before);
    expect(before.labels).toHaveLength(0);

    expect(preview).toMatchObject({ state: 'complete', minConfidence: 0, resumedFrom: 0 });
    expect(preview.summary).toMatchObject({ files: 7, done: 7 });
    expect(preview.summary.failed.map((f) => f.path)).toEqual([broken]);
    expect(preview.summary.failed[0]!.message).toMatch(/never parsed: .*broken\.xls/);
    expect(preview.files).toHaveLength(6);

    const files = await everyProposal(preview);
    const counted = countsOf(files);
    expect(preview.summary.byClass).toEqual(counted.byClass);
    expect(preview.summary.bySource).toEqual(counted.bySource);
    expect(preview.summary.byTier).toEqual(counted.byTier);
    expect(preview.summary.proposals).toBe(files.reduce((n, f) => n + f.proposals.length, 0));
    expect(preview.summary.attributes).toBe(files.reduce((n, f) => n + f.attributes.length, 0));
    expect(preview.files.map((f) => [f.fileId, f.proposals, f.attributes])).toEqual(files.map((f) => [f.fileId, f.proposals.length, f.attributes.length]));
    expect(preview.summary.filesWithNone).toEqual([]);
    // Trigger programs give stop-code proposals; distance-only ones heuristic ones; each family is there.
    expect(counted.bySource.stepcode).toBeGreaterThan(0);
    expect(counted.bySource.heuristic).toBeGreaterThan(0);
    expect(counted.byTier.high).toBeGreaterThan(0);

    // Reading a job's files changed nothing either.
    expect(labelTables()).toEqual(before);
    expect(events.filter((e) => e.channel === 'labels.changed')).toEqual([]);
  });

  it('reports progress with the job id, ending at done = total', async () => {
    const preview = await run({ jobId: 'job-progress' });
    const progress = events.filter((e) => e.channel === 'autolabel.progress').map((e) => e.payload as AutolabelProgress);
    expect(progress[0]).toMatchObject({ jobId: 'job-progress', done: 0, total: 7, filesPerSecond: 0 });
    expect(progress.at(-1)).toMatchObject({ jobId: 'job-progress', done: 7, total: 7 });
    expect(progress.at(-1)!.filesPerSecond).toBeGreaterThan(0);
    const done = progress.map((p) => p.done);
    expect([...done].sort((a, b) => a - b)).toEqual(done);
    expect(preview.jobId).toBe('job-progress');
  });

  it('a minimum confidence filters the preview, the per-file proposals and the commit; a held job re-filters without recomputing', async () => {
    const strict = await run({ minConfidence: 0.8, jobId: 'job-min' });
    const files = await everyProposal(strict);
    const confidences = files.flatMap((f) => [...f.proposals, ...f.attributes].map((p) => p.confidence));
    expect(confidences.length).toBeGreaterThan(0);
    expect(Math.min(...confidences)).toBeGreaterThanOrEqual(0.8);
    expect(strict.summary.byTier).toMatchObject({ medium: 0, low: 0 });
    expect(strict.summary.filesWithNone).toEqual(strict.files.filter((f) => f.proposals + f.attributes === 0).map(({ fileId, path: p }) => ({ fileId, path: p })));

    const all = await run({ minConfidence: 0, jobId: 'job-min' });
    expect(all.resumedFrom).toBe(7);
    expect(all.summary.proposals + all.summary.attributes).toBeGreaterThan(strict.summary.proposals + strict.summary.attributes);

    const none = await run({ minConfidence: 1, jobId: 'job-min' });
    expect(none.summary.filesWithNone.length).toBeGreaterThan(0);
    expect(none.summary.filesWithNone).toEqual(none.files.filter((f) => f.proposals + f.attributes === 0).map(({ fileId, path: p }) => ({ fileId, path: p })));

    await run({ minConfidence: 0.8, jobId: 'job-min' });
    const written = await commit('job-min');
    expect(written.created).toBe(strict.summary.proposals + strict.summary.attributes);
    const stored = storedLabels();
    expect(stored).toHaveLength(written.created);
    expect(Math.min(...stored.map((l) => l.confidence!))).toBeGreaterThanOrEqual(0.8);
  });
});

describe('autolabel.commit', () => {
  it('stores exactly what the preview counted as proposals, which count as nothing, and tells open views', async () => {
    const preview = await run();
    const proposed = await everyProposal(preview);
    const result = await commit(preview.jobId);
    expect(result).toEqual({ jobId: preview.jobId, files: 6, created: preview.summary.proposals + preview.summary.attributes, skipped: 0, removed: 0, accepted: 0, failed: [] });

    const stored = storedLabels();
    expect(stored.every((l) => l.state === 'proposed' && (l.source === 'stepcode' || l.source === 'heuristic'))).toBe(true);
    expect(countBy(stored)).toEqual(preview.summary.byClass);

    // One file in detail: every proposal, with its provenance, sample, reasons and origin.
    const one = proposed.find((f) => f.proposals.some((p) => p.source === 'stepcode'))!;
    const labels = await call<Label[]>('labels.list', { fileId: one.fileId });
    const points = labels.filter((l) => l.depth !== null).map((l) => ({
      classId: l.classId,
      depth: l.depth,
      depthEnd: l.depthEnd,
      sampleIndex: l.details?.sampleIndex,
      source: l.source,
      provenance: l.provenance,
      confidence: l.confidence,
      reasons: l.details?.reasons,
    }));
    const byKey = (a: { classId: string; depth: number | null }, b: { classId: string; depth: number | null }) => `${a.classId}@${a.depth}`.localeCompare(`${b.classId}@${b.depth}`);
    expect(points.sort(byKey)).toEqual([...one.proposals].sort(byKey));
    for (const l of labels) expect(l.origin).toMatchObject({ depth: l.depth, source: l.source, provenance: l.provenance, confidence: l.confidence });

    const changed = events.filter((e) => e.channel === 'labels.changed').map((e) => e.payload as { fileId: number; seq: number });
    expect(changed.map((c) => c.fileId).sort()).toEqual(preview.files.filter((f) => f.proposals + f.attributes > 0).map((f) => f.fileId).sort());
    for (const c of changed) expect(c.seq).toBe((await call<LabelSnapshot>('labels.snapshot', { fileId: c.fileId })).seq);

    const rows = await call<FileRow[]>('catalog.listFiles', {});
    expect(rows.every((r) => r.labelCount === 0 && r.status === 'unlabelled')).toBe(true);

    // The job is gone once committed.
    expect((await rejection('autolabel.commit', { jobId: preview.jobId })).code).toBe('not_found');
    expect((await rejection('autolabel.file', { jobId: preview.jobId, fileId: one.fileId })).message).toMatch(/no such job/);
  });

  it('accept-above accepts exactly the committed proposals with confidence ≥ X, as accept edits in the history', async () => {
    const preview = await run();
    const proposed = await everyProposal(preview);
    const expected = proposed.flatMap((f) => [...f.proposals, ...f.attributes].filter((p) => p.confidence >= 0.8).map((p) => ({ fileId: f.fileId, classId: p.classId })));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(preview.summary.proposals + preview.summary.attributes);

    const result = await commit(preview.jobId, 0.8);
    expect(result.accepted).toBe(expected.length);
    const confirmed = storedLabels("state = 'confirmed'");
    expect(confirmed.map(({ fileId, classId }) => ({ fileId, classId })).sort((a, b) => a.fileId - b.fileId || a.classId.localeCompare(b.classId))).toEqual(
      expected.sort((a, b) => a.fileId - b.fileId || a.classId.localeCompare(b.classId)),
    );
    expect(confirmed.every((l) => l.confidence! >= 0.8 && l.source !== 'human')).toBe(true);
    expect(storedLabels("state = 'proposed'").every((l) => l.confidence! < 0.8)).toBe(true);

    const fileId = confirmed[0]!.fileId;
    const history = await call<Array<{ op: string; labelId: string; before: Label | null; after: Label | null }>>('labels.history', { fileId });
    const accepts = history.filter((e) => e.op === 'update');
    expect(accepts.map((e) => e.labelId).sort()).toEqual(confirmed.filter((l) => l.fileId === fileId).map((l) => l.id).sort());
    for (const e of accepts) {
      expect(e.before).toMatchObject({ state: 'proposed' });
      expect(e.after).toMatchObject({ state: 'confirmed', source: e.before!.source, depth: e.before!.depth });
    }
    const rows = await call<FileRow[]>('catalog.listFiles', {});
    const row = rows.find((r) => r.id === fileId)!;
    expect(row).toMatchObject({ labelCount: confirmed.filter((l) => l.fileId === fileId).length, status: 'in_progress' });
  });

  it('a re-run after commit replaces untouched proposals only: accepted, rejected, moved and human labels stay as they are', async () => {
    await commit((await run()).jobId);
    const file = storedLabels().find((l) => ['entry', 'exit', 'cfrp_ti_transition'].every((c) => storedLabels(`file_id = ${l.fileId}`).some((x) => x.classId === c)))!.fileId;
    const idOf = (classId: string) => storedLabels(`file_id = ${file} AND class_id = '${classId}'`)[0]!.id;
    const entry = (await call<Label[]>('labels.list', { fileId: file })).find((l) => l.classId === 'entry')!;
    await call('labels.apply', { op: 'update', fileId: file, id: idOf('entry'), patch: { state: 'confirmed' } });
    await call('labels.apply', { op: 'update', fileId: file, id: idOf('exit'), patch: { state: 'rejected' } });
    await call('labels.apply', { op: 'update', fileId: file, id: idOf('cfrp_ti_transition'), patch: { depth: entry.depth! + 0.5 } });
    const other = storedLabels(`file_id != ${file} AND class_id = 'entry'`)[0]!.fileId;
    await call('labels.apply', { op: 'create', fileId: other, label: { id: 'human-shim', classId: 'shim', depth: 1, depthEnd: 2, value: null } });
    await call('labels.apply', { op: 'create', fileId: other, label: { id: 'human-entry', classId: 'entry', depth: 1.5, depthEnd: null, value: null } });
    // The human entry sits beside the file's pending entry proposal until the re-run drops that one.
    const pendingBefore = storedLabels("state = 'proposed'");
    const decidedBefore = backend.context.db.prepare("SELECT * FROM labels WHERE state != 'proposed' ORDER BY id").all();
    expect(decidedBefore).toHaveLength(5);

    const again = await run();
    const result = await commit(again.jobId);
    expect(backend.context.db.prepare("SELECT * FROM labels WHERE state != 'proposed' ORDER BY id").all()).toEqual(decidedBefore);
    expect(result.removed).toBe(pendingBefore.length);
    // Not proposed again: entry, exit and transition of the edited file, entry of the other (decided classes).
    expect(result.skipped).toBe(4);
    expect(result.created).toBe(again.summary.proposals + again.summary.attributes - 4);
    const pendingAfter = storedLabels("state = 'proposed'");
    expect(pendingAfter.some((l) => pendingBefore.some((b) => b.id === l.id))).toBe(false);
    for (const [fileId, classId] of [[file, 'entry'], [file, 'exit'], [file, 'cfrp_ti_transition'], [other, 'entry']] as const) {
      expect(pendingAfter.filter((l) => l.fileId === fileId && l.classId === classId)).toEqual([]);
    }
  });
});

describe('autolabel.cancel and resume', () => {
  it('cancel stops a run after the file in hand; running the job again computes only the rest and completes', async () => {
    const cancels: Array<Promise<unknown>> = [];
    const stop = backend.events.subscribe((channel, payload) => {
      const p = payload as AutolabelProgress;
      if (channel === 'autolabel.progress' && p.done >= 1 && cancels.length === 0) cancels.push(call('autolabel.cancel', { jobId: p.jobId }));
    });
    const before = labelTables();
    const first = await run({ jobId: 'job-cancel' });
    stop();
    expect(await cancels[0]).toEqual({ cancelled: true });
    expect(first).toMatchObject({ jobId: 'job-cancel', state: 'cancelled', resumedFrom: 0 });
    expect(first.summary).toMatchObject({ files: 7, done: 1 });
    expect(first.files).toHaveLength(1);
    expect(labelTables()).toEqual(before);

    events = events.filter((e) => e.channel !== 'autolabel.progress');
    const second = await run({ jobId: 'job-cancel' });
    expect(second).toMatchObject({ state: 'complete', resumedFrom: 1 });
    expect(second.summary.done).toBe(7);
    const progress = events.filter((e) => e.channel === 'autolabel.progress').map((e) => (e.payload as AutolabelProgress).done);
    expect(progress[0]).toBe(1);
    expect(progress.at(-1)).toBe(7);

    // The same as a run that was never interrupted.
    const fresh = await run({ jobId: 'job-fresh' });
    expect(second.summary).toEqual(fresh.summary);
    expect(second.files).toEqual(fresh.files);
    expect((await commit('job-cancel')).created).toBe(fresh.summary.proposals + fresh.summary.attributes);
  });

  it('cancel of a job that is not running says so; a second run while one runs is refused', async () => {
    expect(await call('autolabel.cancel', { jobId: 'nothing' })).toEqual({ cancelled: false });
    const first = run({ jobId: 'job-a' });
    const err = await rejection('autolabel.run', { scope: { kind: 'all' }, jobId: 'job-b' });
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/already running \(job 'job-a'\)/);
    const commitWhileRunning = await rejection('autolabel.commit', { jobId: 'job-a' });
    expect(commitWhileRunning.message).toMatch(/still running/);
    expect((await first).state).toBe('complete');
  });

  it('a job being committed can neither run nor be discarded until the commit is done', async () => {
    await run({ jobId: 'job-w' });
    const writing = commit('job-w');
    expect((await rejection('autolabel.run', { scope: { kind: 'all' }, jobId: 'job-w' })).message).toMatch(/job 'job-w' is being committed/);
    expect((await rejection('autolabel.discard', { jobId: 'job-w' })).message).toMatch(/job 'job-w' is being committed/);
    expect((await writing).files).toBe(6);
  });

  it('closing the back end stops a run in flight, which ends as cancelled', async () => {
    const inFlight = run({ jobId: 'job-close' });
    await backend.dispose();
    const preview = await inFlight;
    expect(preview.state).toBe('cancelled');
    expect(preview.summary.done).toBeLessThan(7);
  });

  it('discard drops a held job without writing anything', async () => {
    const preview = await run({ jobId: 'job-d' });
    expect(await call('autolabel.discard', { jobId: 'job-d' })).toEqual({ discarded: true });
    expect(await call('autolabel.discard', { jobId: 'job-d' })).toEqual({ discarded: false });
    const err = await rejection('autolabel.commit', { jobId: preview.jobId });
    expect(err.code).toBe('not_found');
    expect(err.message).toMatch(/job 'job-d'.*no such job/);
    expect(labelTables().labels).toEqual([]);
  });
});

describe('autolabel scopes and bad input', () => {
  it('a folder takes the files under it at any depth, not a sibling whose name starts the same', async () => {
    const a = path.join(data, 'a');
    const preview = await run({ scope: { kind: 'folder', folder: a } });
    expect(preview.summary.files).toBe(4);
    expect(preview.files.map((f) => path.relative(a, path.dirname(f.path))).sort()).toEqual(['', '', '', 'deep']);
    const slash = await run({ scope: { kind: 'folder', folder: `${a}${path.sep}` } });
    expect(slash.files.map((f) => f.fileId)).toEqual(preview.files.map((f) => f.fileId));
    const ab = await run({ scope: { kind: 'folder', folder: path.join(data, 'ab') } });
    expect(ab.summary).toMatchObject({ files: 3, done: 3 });
    expect(ab.summary.failed.map((f) => f.path)).toEqual([broken]);
  });

  it('a list of file ids takes those files, each once', async () => {
    const all = await run();
    const ids = all.files.map((f) => f.fileId).slice(0, 2).reverse();
    const some = await run({ scope: { kind: 'files', fileIds: [...ids, ids[0]] } });
    expect(some.summary.files).toBe(2);
    expect(some.files.map((f) => f.fileId)).toEqual(ids);
    expect(some.files).toEqual(all.files.filter((f) => ids.includes(f.fileId)).sort((x, y) => ids.indexOf(x.fileId) - ids.indexOf(y.fileId)));
  });

  const cases: Array<[string, string, () => unknown, string, RegExp]> = [
    ['unknown scope kind', 'autolabel.run', () => ({ scope: { kind: 'everything' } }), 'invalid_payload', /autolabel\.run: invalid payload: scope/],
    ['empty file list', 'autolabel.run', () => ({ scope: { kind: 'files', fileIds: [] } }), 'invalid_payload', /scope\.fileIds: at least one file id/],
    ['confidence over 1', 'autolabel.run', () => ({ scope: { kind: 'all' }, minConfidence: 1.5 }), 'invalid_payload', /minConfidence/],
    ['bad job id', 'autolabel.run', () => ({ scope: { kind: 'all' }, jobId: 'a b' }), 'invalid_payload', /jobId: a job id/],
    ['relative folder', 'autolabel.run', () => ({ scope: { kind: 'folder', folder: 'data/a' } }), 'invalid_payload', /folder 'data\/a': expected an absolute path/],
    ['folder with no files', 'autolabel.run', () => ({ scope: { kind: 'folder', folder: path.join(dir, 'nowhere') } }), 'not_found', /nowhere': no catalog files under it/],
    ['unknown file id', 'autolabel.run', () => ({ scope: { kind: 'files', fileIds: [1, 9999] } }), 'not_found', /file id 9999 not in the catalog/],
    ['commit of an unknown job', 'autolabel.commit', () => ({ jobId: 'nope' }), 'not_found', /commit of auto-label job 'nope': no such job/],
    ['acceptAbove below 0', 'autolabel.commit', () => ({ jobId: 'nope', acceptAbove: -0.1 }), 'invalid_payload', /acceptAbove/],
  ];
  for (const [name, channel, payload, code, message] of cases) {
    it(`${channel}: ${name}`, async () => {
      const err = await rejection(channel, payload());
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
    });
  }

  it('resuming a job with another scope is refused, naming both', async () => {
    await run({ jobId: 'job-s' });
    const err = await rejection('autolabel.run', { scope: { kind: 'folder', folder: path.join(data, 'a') }, jobId: 'job-s' });
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/job 'job-s' was run for scope \{"kind":"all"\}, not \{"kind":"folder"/);
  });

  it("autolabel.file explains a file the job does not hold", async () => {
    const some = await run({ scope: { kind: 'folder', folder: path.join(data, 'ab') }, jobId: 'job-f' });
    const brokenId = some.summary.failed[0]!.fileId;
    expect((await rejection('autolabel.file', { jobId: 'job-f', fileId: brokenId })).message).toMatch(/has no proposals: never parsed/);
    const outside = (await run()).files.find((f) => !f.path.startsWith(path.join(data, 'ab')))!.fileId;
    expect((await rejection('autolabel.file', { jobId: 'job-f', fileId: outside })).message).toMatch(/is not in its scope/);
  });
});
