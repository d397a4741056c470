// Proposals are labels with a state: stored by replaceProposals, accepted, moved and rejected through the
// ordinary edit path (so undo, history and durability are the same), counted as nothing until accepted.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Label } from '../../../src/shared/api/labels.contract';
import { inverseEdit } from '../../../src/shared/labels/labelEditOps';
import { listFileRows } from '../../../src/main/catalog/fileRows';
import type { ProposalDraft } from '../../../src/main/labels/labelStore';
import { storeFixture, type StoreFixture } from './storeFixture';

let f: StoreFixture;
beforeEach(() => {
  f = storeFixture();
});

const proposal = (id: string, classId: string, depth: number, over: Partial<ProposalDraft> = {}): ProposalDraft => ({
  id,
  classId,
  depth,
  depthEnd: null,
  value: null,
  source: 'stepcode',
  confidence: 0.9,
  provenance: 'stepcode@1',
  details: { sampleIndex: 120, reasons: ['step 1 ended on a torque-max trigger'], evidence: { step: 1, stopCode: 4 } },
  ...over,
});
const run = (ps: ProposalDraft[], sources: Label['source'][] = ['stepcode', 'heuristic']) =>
  f.labels.replaceProposals(f.fileId, ps, { annotator: 'autolabel', sources });
const byId = (id: string): Label => f.labels.get(id)!;
const row = () => listFileRows(f.db).find((r) => r.id === f.fileId)!;

describe('proposals in the label store', () => {
  it('stores proposals as proposed labels that remember their origin and count as nothing', () => {
    const r = run([proposal('p-entry', 'entry', 2.1), proposal('p-exit', 'exit', 18.3, { source: 'heuristic', provenance: 'heuristic-torque-drop@1', confidence: 0.4 })]);
    expect(r).toMatchObject({ removed: 0, created: 2, skipped: 0 });
    expect(byId('p-entry')).toMatchObject({
      state: 'proposed',
      source: 'stepcode',
      provenance: 'stepcode@1',
      origin: { depth: 2.1, depthEnd: null, value: null, source: 'stepcode', provenance: 'stepcode@1', confidence: 0.9 },
      details: { sampleIndex: 120, evidence: { step: 1, stopCode: 4 } },
      annotator: 'autolabel',
    });
    expect(f.labels.history(f.fileId).map((e) => [e.op, e.labelId])).toEqual([
      ['create', 'p-entry'],
      ['create', 'p-exit'],
    ]);
    expect(row()).toMatchObject({ labelCount: 0, status: 'unlabelled' });
  });

  it('accepting is an update to confirmed: it counts, starts the review, and undo makes it a proposal again', () => {
    run([proposal('p-entry', 'entry', 2.1)]);
    const edit = { op: 'update' as const, fileId: f.fileId, id: 'p-entry', patch: { state: 'confirmed' as const } };
    const accepted = f.labels.apply(edit, 'alice');
    expect(accepted.label).toMatchObject({ state: 'confirmed', source: 'stepcode', depth: 2.1, annotator: 'alice' });
    expect(accepted.started).toBe(true);
    expect(row()).toMatchObject({ labelCount: 1, status: 'in_progress' });
    f.labels.apply(inverseEdit(edit, accepted), 'alice');
    expect(byId('p-entry')).toMatchObject({ state: 'proposed', source: 'stepcode' });
    expect(row().labelCount).toBe(0);
  });

  it('moving a proposal makes it a confirmed human label that keeps its origin; undo restores the proposal', () => {
    run([proposal('p-exit', 'exit', 18.3)]);
    const edit = { op: 'update' as const, fileId: f.fileId, id: 'p-exit', patch: { depth: 18.9 } };
    const moved = f.labels.apply(edit, 'bob');
    expect(moved.label).toMatchObject({ depth: 18.9, source: 'human', state: 'confirmed', origin: { depth: 18.3, source: 'stepcode' } });
    f.labels.apply(inverseEdit(edit, moved), 'bob');
    expect(byId('p-exit')).toMatchObject({ depth: 18.3, source: 'stepcode', state: 'proposed', origin: { depth: 18.3 } });
  });

  it('rejecting keeps the row as rejected, counted nowhere, and undo brings the proposal back', () => {
    run([proposal('p-entry', 'entry', 2.1)]);
    const edit = { op: 'update' as const, fileId: f.fileId, id: 'p-entry', patch: { state: 'rejected' as const } };
    const rejected = f.labels.apply(edit, 'alice');
    expect(rejected.label).toMatchObject({ state: 'rejected', source: 'stepcode' });
    expect(rejected.started).toBe(false);
    expect(row()).toMatchObject({ labelCount: 0, status: 'unlabelled' });
    f.labels.apply(inverseEdit(edit, rejected), 'alice');
    expect(byId('p-entry').state).toBe('proposed');
  });

  it('a re-run replaces untouched proposals only and does not propose a class already decided', () => {
    run([proposal('p-entry', 'entry', 2.1), proposal('p-exit', 'exit', 18.3), proposal('p-trans', 'cfrp_ti_transition', 9)]);
    f.labels.apply({ op: 'update', fileId: f.fileId, id: 'p-entry', patch: { state: 'confirmed' } }, 'alice');
    f.labels.apply({ op: 'update', fileId: f.fileId, id: 'p-exit', patch: { state: 'rejected' } }, 'alice');
    f.labels.apply({ op: 'create', fileId: f.fileId, label: { id: 'h-cs', classId: 'countersink', depth: 20, depthEnd: 21, value: null } }, 'alice');
    const r = run([
      proposal('p2-entry', 'entry', 2.2),
      proposal('p2-exit', 'exit', 18.4),
      proposal('p2-trans', 'cfrp_ti_transition', 9.5, { provenance: 'stepcode@2' }),
      proposal('p2-cs', 'countersink', 20.1, { depthEnd: 21.2 }),
    ]);
    expect(r).toMatchObject({ removed: 1, created: 1, skipped: 3 });
    const now = f.labels.list(f.fileId).map((l) => [l.id, l.state, l.depth]);
    expect(now).toEqual(
      expect.arrayContaining([
        ['p-entry', 'confirmed', 2.1],
        ['p-exit', 'rejected', 18.3],
        ['p2-trans', 'proposed', 9.5],
        ['h-cs', 'confirmed', 20],
      ]),
    );
    expect(now).toHaveLength(4);
    expect(byId('p2-trans').provenance).toBe('stepcode@2');
  });

  it('a re-run of one source leaves the proposals of another source alone', () => {
    run([proposal('p-entry', 'entry', 2.1)]);
    f.labels.replaceProposals(f.fileId, [proposal('m-exit', 'exit', 18, { source: 'model', provenance: 'model:abc' })], { annotator: 'model', sources: ['model'] });
    run([]);
    expect(f.labels.list(f.fileId).map((l) => l.id)).toEqual(['m-exit']);
  });

  it('a proposal that fails validation stores none of the run', () => {
    run([proposal('p-entry', 'entry', 2.1)]);
    expect(() => run([proposal('p2-entry', 'entry', 2.2), proposal('p2-bad', 'no_such_class', 3)])).toThrow(/not in the label schema/);
    expect(f.labels.list(f.fileId).map((l) => l.id)).toEqual(['p-entry']);
  });

  it('labels written before proposals existed read as confirmed, in the table and in old events', () => {
    f.labels.apply({ op: 'create', fileId: f.fileId, label: { id: 'old', classId: 'exit', depth: 18, depthEnd: null, value: null } }, 'alice');
    // An event written by the previous version: its JSON has no state fields.
    f.db.prepare("UPDATE label_events SET \"after\" = json_remove(\"after\", '$.state', '$.provenance', '$.origin', '$.details')").run();
    expect(f.labels.history(f.fileId)[0]!.after).toMatchObject({ state: 'confirmed', provenance: null, origin: null, details: null });
    expect(byId('old')).toMatchObject({ state: 'confirmed', origin: null });
  });
});
