// LabelStore.replaceProposalsMany: several files' proposals in one transaction (a batch run's writes), each
// file replaced exactly as replaceProposals does it, and all of them rolled back together when one is refused.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProposalDraft } from '../../../src/main/labels/labelStore';
import { storeFixture, type StoreFixture } from './storeFixture';

let f: StoreFixture;
beforeEach(() => {
  f = storeFixture();
});

const proposal = (id: string, classId: string, depth: number): ProposalDraft => ({
  id,
  classId,
  depth,
  depthEnd: null,
  value: null,
  source: 'model',
  confidence: 0.7,
  provenance: 'model:model-0123456789abcdef',
  details: { reasons: ['heatmap peak'], evidence: {} },
});
const opts = { annotator: 'model', sources: ['model'] as const };
const rows = (fileId: number) => f.labels.list(fileId).map((l) => [l.id, l.state, l.depth]);

describe('replaceProposalsMany', () => {
  it('replaces each file as replaceProposals does, with one event per change, in order', () => {
    f.labels.replaceProposals(f.fileId, [proposal('old-exit', 'exit', 17)], opts);
    // A decided label keeps its class from being proposed again, in the batch as alone.
    f.labels.apply({ op: 'create', fileId: f.otherFileId, label: { id: 'h-entry', classId: 'entry', depth: 2, depthEnd: null, value: null } }, 'ann');
    const before = f.labels.history(f.fileId).length;
    const out = f.labels.replaceProposalsMany(
      [
        { fileId: f.fileId, proposals: [proposal('a-exit', 'exit', 18), proposal('a-entry', 'entry', 2.5)] },
        { fileId: f.otherFileId, proposals: [proposal('b-entry', 'entry', 3), proposal('b-exit', 'exit', 19)] },
      ],
      opts,
    );
    expect(out).toEqual([
      { removed: 1, created: 2, skipped: 0, seq: f.labels.latestSeq(f.fileId) },
      { removed: 0, created: 1, skipped: 1, seq: f.labels.latestSeq(f.otherFileId) },
    ]);
    expect(rows(f.fileId)).toEqual([
      ['a-entry', 'proposed', 2.5],
      ['a-exit', 'proposed', 18],
    ]);
    expect(rows(f.otherFileId)).toEqual([
      ['h-entry', 'confirmed', 2],
      ['b-exit', 'proposed', 19],
    ]);
    expect(f.labels.history(f.fileId).slice(before).map((e) => [e.op, e.labelId])).toEqual([
      ['delete', 'old-exit'],
      ['create', 'a-exit'],
      ['create', 'a-entry'],
    ]);
  });

  it('commits all files or none: a refused proposal rolls back the files before it', () => {
    f.labels.replaceProposals(f.fileId, [proposal('old-exit', 'exit', 17)], opts);
    expect(() =>
      f.labels.replaceProposalsMany(
        [
          { fileId: f.fileId, proposals: [proposal('a-exit', 'exit', 18)] },
          { fileId: f.otherFileId, proposals: [proposal('b-x', 'no_such_class', 3)] },
        ],
        opts,
      ),
    ).toThrow(/class 'no_such_class' is not in the label schema/);
    expect(rows(f.fileId)).toEqual([['old-exit', 'proposed', 17]]);
    expect(rows(f.otherFileId)).toEqual([]);
  });

  it('names a file that is not in the catalog, and writes nothing', () => {
    expect(() => f.labels.replaceProposalsMany([{ fileId: f.fileId, proposals: [proposal('a-exit', 'exit', 18)] }, { fileId: 999, proposals: [] }], opts)).toThrow(
      /file 999 is not in the catalog/,
    );
    expect(rows(f.fileId)).toEqual([]);
    expect(f.labels.replaceProposalsMany([], opts)).toEqual([]);
  });
});
