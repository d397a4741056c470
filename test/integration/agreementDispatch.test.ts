/**
 * labels.agreement through the real back end and dispatch, over a real catalog: proposals stored by
 * replaceProposals, decided through labels.apply like in the GUI, and the report shows exactly those actions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgreementReport, ClassAgreement } from '../../src/shared/api/agreement.contract';
import type { ApiError } from '../../src/shared/api/errors';
import type { LabelEdit } from '../../src/shared/api/labels.contract';
import { inverseEdit, type AppliedEdit } from '../../src/shared/labels/labelEditOps';
import { FileReviewStore } from '../../src/main/labels/fileReview';
import { LabelSchemaStore } from '../../src/main/labels/labelSchemaStore';
import { LabelStore, type ProposalDraft } from '../../src/main/labels/labelStore';
import { tempBackend, type TempBackend } from '../helpers/tempBackend';
import { insertTestFile } from './helpers/catalogFile';

let t: TempBackend;
let store: LabelStore;
let fileA: number;
let fileB: number;
let fileC: number;

const proposal = (id: string, classId: string, depth: number, confidence: number, provenance: string, over: Partial<ProposalDraft> = {}): ProposalDraft => ({
  id,
  classId,
  depth,
  depthEnd: null,
  value: null,
  source: provenance.startsWith('stepcode') ? 'stepcode' : 'heuristic',
  confidence,
  provenance,
  details: { reasons: ['test'] },
  ...over,
});

beforeEach(() => {
  t = tempBackend('memory');
  const db = t.backend.context.db;
  store = new LabelStore(db, new LabelSchemaStore(db), new FileReviewStore(db));
  fileA = insertTestFile(db, 'a.xls');
  fileB = insertTestFile(db, 'b.xls');
  fileC = insertTestFile(db, 'c.xls');
  // Folders chosen so that a prefix match without the separator would be wrong: /data/ab is not in /data/a.
  const setFolder = db.prepare('UPDATE files SET folder = ? WHERE id = ?');
  setFolder.run('/data/a', fileA);
  setFolder.run('/data/a/sub', fileB);
  setFolder.run('/data/ab', fileC);
  const sources = ['stepcode', 'heuristic'] as const;
  store.replaceProposals(
    fileA,
    [
      proposal('a-entry', 'entry', 2.1, 0.95, 'stepcode@1'),
      proposal('a-exit', 'exit', 18.3, 0.85, 'stepcode@1'),
      proposal('a-trans', 'cfrp_ti_transition', 9, 0.45, 'heuristic-torque-gradient@1'),
      proposal('a-cs', 'countersink', 20, 0.55, 'heuristic-countersink@1', { depthEnd: 21 }),
    ],
    { annotator: 'autolabel', sources },
  );
  store.replaceProposals(fileB, [proposal('b-entry', 'entry', 2.4, 0.95, 'stepcode@1'), proposal('b-exit', 'exit', 18, 0.85, 'stepcode@1')], {
    annotator: 'autolabel',
    sources,
  });
  store.replaceProposals(fileC, [proposal('c-entry', 'entry', 3, 0.6, 'heuristic-torque-walkback@1')], { annotator: 'autolabel', sources });
  // A human's own label is no proposal: the report must not count it.
  store.apply({ op: 'create', fileId: fileC, label: { id: 'c-human-exit', classId: 'exit', depth: 17, depthEnd: null, value: null } }, 'alice');
});
afterEach(async () => {
  await t.cleanup();
});

const call = (channel: string, payload: unknown) => t.backend.dispatch(channel, payload);
const report = async (payload: unknown = {}) => (await call('labels.agreement', payload)) as AgreementReport;
const cls = (r: AgreementReport, id: string): ClassAgreement => r.classes.find((c) => c.classId === id)!;
const counts = (r: AgreementReport, id: string) => {
  const { accepted, moved, rejected, pending } = cls(r, id).counts;
  return { accepted, moved, rejected, pending };
};
async function apply(edit: LabelEdit): Promise<{ edit: LabelEdit; applied: AppliedEdit }> {
  return { edit, applied: (await call('labels.apply', edit)) as AppliedEdit };
}

describe('labels.agreement over real edits', () => {
  it('before anyone looked: every proposal pending, nothing decided', async () => {
    const r = await report();
    expect(r.totals).toMatchObject({ proposals: 7, pending: 7, decided: 0, acceptanceRate: null });
    expect(r.files).toBe(3);
    expect(counts(r, 'exit')).toEqual({ accepted: 0, moved: 0, rejected: 0, pending: 2 });
  });

  it('shows exactly the accepts, moves and rejections made, and an undone rejection as pending again', async () => {
    await apply({ op: 'update', fileId: fileA, id: 'a-entry', patch: { state: 'confirmed' } });
    await apply({ op: 'update', fileId: fileB, id: 'b-entry', patch: { state: 'confirmed' } });
    await apply({ op: 'update', fileId: fileA, id: 'a-exit', patch: { depth: 18.9 } });
    await apply({ op: 'update', fileId: fileA, id: 'a-cs', patch: { depth: 19.8, depthEnd: 21.5 } });
    await apply({ op: 'update', fileId: fileB, id: 'b-exit', patch: { state: 'rejected' } });
    const rejection = await apply({ op: 'update', fileId: fileA, id: 'a-trans', patch: { state: 'rejected' } });

    const decided = await report();
    expect(counts(decided, 'entry')).toEqual({ accepted: 2, moved: 0, rejected: 0, pending: 1 });
    expect(counts(decided, 'exit')).toEqual({ accepted: 0, moved: 1, rejected: 1, pending: 0 });
    expect(counts(decided, 'cfrp_ti_transition')).toEqual({ accepted: 0, moved: 0, rejected: 1, pending: 0 });
    expect(counts(decided, 'countersink')).toEqual({ accepted: 0, moved: 1, rejected: 0, pending: 0 });
    expect(cls(decided, 'entry').offset).toEqual({ n: 2, meanSignedMm: 0, meanAbsMm: 0, medianAbsMm: 0, p95AbsMm: 0, maxAbsMm: 0 });
    expect(cls(decided, 'exit').offset).toMatchObject({ n: 1, meanSignedMm: 0.6, medianAbsMm: 0.6 });
    expect(cls(decided, 'exit').histogram.bins).toEqual([{ centerMm: 0.6, count: 1 }]);
    expect(cls(decided, 'countersink')).toMatchObject({ offset: { meanSignedMm: -0.2 }, endOffset: { meanSignedMm: 0.5 } });
    const tier = Object.fromEntries(decided.byTier.map((x) => [x.tier, x]));
    // high: both entries accepted, a-exit moved, b-exit rejected.
    expect(tier.high).toMatchObject({ proposals: 4, accepted: 2, moved: 1, rejected: 1, acceptanceRate: 0.75, rejectionRate: 0.25 });
    expect(tier.medium).toMatchObject({ proposals: 2, moved: 1, pending: 1, acceptanceRate: 1 });
    expect(tier.low).toMatchObject({ proposals: 1, rejected: 1, acceptanceRate: 0, rejectionRate: 1 });
    expect(decided.byProvenance.find((p) => p.provenance === 'stepcode@1')).toMatchObject({ proposals: 4, decided: 4, acceptanceRate: 0.75 });

    await call('labels.apply', inverseEdit(rejection.edit, rejection.applied));
    const undone = await report();
    expect(counts(undone, 'cfrp_ti_transition')).toEqual({ accepted: 0, moved: 0, rejected: 0, pending: 1 });
    expect(undone.byTier.find((x) => x.tier === 'low')).toMatchObject({ proposals: 1, pending: 1, decided: 0, acceptanceRate: null });
    expect(undone.totals).toMatchObject({ accepted: 2, moved: 2, rejected: 1, pending: 2 });
  });

  it('an undone move is an untouched proposal again, with no offset', async () => {
    const move = await apply({ op: 'update', fileId: fileA, id: 'a-exit', patch: { depth: 18.9 } });
    expect(cls(await report(), 'exit').offset).not.toBeNull();
    await call('labels.apply', inverseEdit(move.edit, move.applied));
    const r = await report();
    expect(counts(r, 'exit')).toEqual({ accepted: 0, moved: 0, rejected: 0, pending: 2 });
    expect(cls(r, 'exit').offset).toBeNull();
  });
});

describe('labels.agreement scope', () => {
  it('a folder covers its subfolders, not a sibling whose name starts the same', async () => {
    const r = await report({ scope: { folder: '/data/a/' } });
    expect(r.scope).toEqual({ folder: '/data/a', fileIds: null });
    expect(r.files).toBe(2);
    expect(r.totals.proposals).toBe(6);
    expect((await report({ scope: { folder: '/data/ab' } })).totals.proposals).toBe(1);
  });

  it('a list of files, alone or with a folder', async () => {
    expect((await report({ scope: { fileIds: [fileC] } })).totals.proposals).toBe(1);
    expect((await report({ scope: { fileIds: [fileB, fileC], folder: '/data/a' } })).totals.proposals).toBe(2);
  });

  it('refuses what it cannot report on, naming it', async () => {
    const refused = async (payload: unknown): Promise<ApiError> => (await call('labels.agreement', payload).then(() => null, (e: unknown) => e)) as ApiError;
    expect(await refused({ scope: { fileIds: [fileA, 9999] } })).toMatchObject({ code: 'not_found', message: 'agreement scope: file 9999 is not in the catalog' });
    expect(await refused({ scope: { folder: '/nowhere' } })).toMatchObject({ code: 'not_found', message: expect.stringContaining("'/nowhere'") });
    expect(await refused({ scope: { folder: 'data/a' } })).toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/'data\/a' is not absolute/) });
    expect(await refused({ binMm: 0 })).toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/binMm: a bin width/) });
    expect(await refused({ scope: { fileIds: [] } })).toMatchObject({ code: 'invalid_payload', message: expect.stringMatching(/fileIds: at least one/) });
  });

  it('bins as asked', async () => {
    await apply({ op: 'update', fileId: fileA, id: 'a-exit', patch: { depth: 18.9 } });
    const r = await report({ binMm: 0.5 });
    expect(r.binMm).toBe(0.5);
    expect(cls(r, 'exit').histogram).toEqual({ binMm: 0.5, bins: [{ centerMm: 0.5, count: 1 }] });
  });
});
