import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api/errors';
import type { LabelEdit } from '../../../src/shared/api/labels.contract';
import { storeFixture, type StoreFixture } from './storeFixture';

let f: StoreFixture;
beforeEach(() => {
  f = storeFixture();
});

function expectApiError(fn: () => unknown, code: ApiError['code'], message: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(code);
    expect((err as ApiError).message).toMatch(message);
    return;
  }
  throw new Error('expected an ApiError');
}

const createExit = (id = 'x1', depth = 18.2): LabelEdit => ({ op: 'create', fileId: f.fileId, label: { id, classId: 'exit', depth, depthEnd: null, value: null } });

describe('LabelStore: edits', () => {
  it('creates a label stamped with annotator and time, and logs the event', () => {
    const r = f.labels.apply(createExit(), 'alice');
    expect(r.before).toBeNull();
    expect(r.label).toEqual({
      id: 'x1',
      fileId: f.fileId,
      classId: 'exit',
      depth: 18.2,
      depthEnd: null,
      value: null,
      source: 'human',
      confidence: null,
      state: 'confirmed',
      provenance: null,
      origin: null,
      details: null,
      annotator: 'alice',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    expect(f.labels.list(f.fileId)).toEqual([r.label]);
    const uuidv7 = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(f.labels.history(f.fileId)).toEqual([
      { seq: r.seq, fileId: f.fileId, labelId: 'x1', op: 'create', annotator: 'alice', at: r.label!.createdAt, before: null, after: r.label, eventId: uuidv7, installationId: uuidv7 },
    ]);
  });

  it('updates a label: merges the patch, keeps createdAt, records before and after', () => {
    const created = f.labels.apply({ op: 'create', fileId: f.fileId, label: { id: 'x1', classId: 'exit', depth: 19, depthEnd: null, value: null, source: 'model', confidence: 0.6 } }, 'model-run');
    const r = f.labels.apply({ op: 'update', fileId: f.fileId, id: 'x1', patch: { depth: 18.5, source: 'human', confidence: null } }, 'bob');
    expect(r.before).toEqual(created.label);
    expect(r.label).toMatchObject({ depth: 18.5, source: 'human', confidence: null, annotator: 'bob', createdAt: created.label!.createdAt });
    expect(r.label!.updatedAt > created.label!.updatedAt).toBe(true);
    expect(r.seq).toBeGreaterThan(created.seq);
    const events = f.labels.history(f.fileId);
    expect(events.map((e) => e.op)).toEqual(['create', 'update']);
    expect(events[1]).toMatchObject({ annotator: 'bob', before: created.label, after: r.label });
  });

  it('deletes a label and keeps its history', () => {
    const created = f.labels.apply(createExit(), 'alice');
    const r = f.labels.apply({ op: 'delete', fileId: f.fileId, id: 'x1' }, 'alice');
    expect(r).toMatchObject({ label: null, before: created.label });
    expect(f.labels.list(f.fileId)).toEqual([]);
    expect(f.labels.history(f.fileId).map((e) => [e.op, e.before?.id ?? null, e.after?.id ?? null])).toEqual([
      ['create', null, 'x1'],
      ['delete', 'x1', null],
    ]);
  });

  it('re-creates a deleted id (that is how a delete is undone)', () => {
    f.labels.apply(createExit(), 'alice');
    f.labels.apply({ op: 'delete', fileId: f.fileId, id: 'x1' }, 'alice');
    expect(f.labels.apply(createExit('x1', 17), 'alice').label?.depth).toBe(17);
  });

  it('stores ranges and attribute values of every type', () => {
    f.labels.apply({ op: 'create', fileId: f.fileId, label: { id: 'r', classId: 'cfrp', depth: 2, depthEnd: 12.5, value: null } }, 'a');
    const values = { stack_thickness: 15.12, predrilled: false, anomaly: 'air cycle', comment: 'temporary fastener in the hole' } as const;
    for (const [classId, value] of Object.entries(values)) {
      f.labels.apply({ op: 'create', fileId: f.fileId, label: { id: classId, classId, depth: null, depthEnd: null, value } }, 'a');
    }
    const listed = f.labels.list(f.fileId);
    expect(listed[0]).toMatchObject({ id: 'r', depth: 2, depthEnd: 12.5 });
    for (const [classId, value] of Object.entries(values)) expect(listed.find((l) => l.id === classId)?.value).toStrictEqual(value);
  });

  it('moves an unlabelled file to in_progress on its first human label, and only then', () => {
    const model = f.labels.apply({ op: 'create', fileId: f.fileId, label: { id: 'm', classId: 'exit', depth: 18, depthEnd: null, value: null, source: 'model' } }, 'm');
    expect(model.started).toBe(false);
    expect(f.review.get(f.fileId).status).toBe('unlabelled');
    const human = f.labels.apply(createExit('h'), 'alice');
    expect(human.started).toBe(true);
    expect(f.review.get(f.fileId)).toEqual({ fileId: f.fileId, status: 'in_progress', verdict: null });
    f.review.set(f.fileId, { status: 'labelled' }, 'alice');
    expect(f.labels.apply(createExit('h2'), 'alice').started).toBe(false);
    expect(f.review.get(f.fileId).status).toBe('labelled');
  });
});

describe('LabelStore: refusals', () => {
  const cases: Array<[string, () => LabelEdit, ApiError['code'], RegExp]> = [
    ['unknown class', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'nope', depth: 1, depthEnd: null, value: null } }), 'invalid_payload', /class 'nope' is not in the label schema \(known: entry, /],
    ['point without depth', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'entry', depth: null, depthEnd: null, value: null } }), 'invalid_payload', /a point needs a depth/],
    ['point with depthEnd', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'entry', depth: 1, depthEnd: 2, value: null } }), 'invalid_payload', /a point has no depthEnd/],
    ['range reversed', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'ti', depth: 14, depthEnd: 12, value: null } }), 'invalid_payload', /depth \(14\) must be less than depthEnd \(12\)/],
    ['range of zero length', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'ti', depth: 12, depthEnd: 12, value: null } }), 'invalid_payload', /must be less than depthEnd/],
    ['range without end', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'ti', depth: 12, depthEnd: null, value: null } }), 'invalid_payload', /needs both depth and depthEnd/],
    ['negative depth', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'entry', depth: -1, depthEnd: null, value: null } }), 'invalid_payload', /depth -1 is negative/],
    ['attribute with a depth', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'predrilled', depth: 3, depthEnd: null, value: true } }), 'invalid_payload', /has no depth/],
    ['number attribute given text', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'stack_thickness', depth: null, depthEnd: null, value: '15' } }), 'invalid_payload', /needs a number \(mm\), got string "15"/],
    ['boolean attribute given a number', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'predrilled', depth: null, depthEnd: null, value: 1 } }), 'invalid_payload', /needs true or false/],
    ['choice outside the list', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'anomaly', depth: null, depthEnd: null, value: 'gremlins' } }), 'invalid_payload', /needs one of 'none', 'air cycle'.*got string "gremlins"/],
    ['empty comment', () => ({ op: 'create', fileId: f.fileId, label: { id: 'a', classId: 'comment', depth: null, depthEnd: null, value: '  ' } }), 'invalid_payload', /non-empty text/],
    ['unknown file', () => ({ op: 'create', fileId: 999, label: { id: 'a', classId: 'entry', depth: 1, depthEnd: null, value: null } }), 'not_found', /file 999 is not in the catalog/],
    ['update of a missing id', () => ({ op: 'update', fileId: f.fileId, id: 'ghost', patch: { depth: 1 } }), 'not_found', /update of label 'ghost': no such label/],
    ['delete of a missing id', () => ({ op: 'delete', fileId: f.fileId, id: 'ghost' }), 'not_found', /delete of label 'ghost': no such label/],
  ];
  for (const [name, edit, code, message] of cases) {
    it(`refuses ${name} and writes nothing`, () => {
      expectApiError(() => f.labels.apply(edit(), 'alice'), code, message);
      expect(f.db.prepare('SELECT COUNT(*) AS n FROM labels').get()).toEqual({ n: 0 });
      expect(f.db.prepare('SELECT COUNT(*) AS n FROM label_events').get()).toEqual({ n: 0 });
      expect(f.db.prepare('SELECT COUNT(*) AS n FROM file_review').get()).toEqual({ n: 0 });
    });
  }

  it('refuses a create with an existing id, even on another file', () => {
    f.labels.apply(createExit(), 'alice');
    expectApiError(() => f.labels.apply(createExit(), 'alice'), 'conflict', /label 'x1' already exists \(on file \d+\)/);
    expectApiError(
      () => f.labels.apply({ op: 'create', fileId: f.otherFileId, label: { id: 'x1', classId: 'exit', depth: 1, depthEnd: null, value: null } }, 'alice'),
      'conflict',
      /already exists/,
    );
  });

  it('refuses to touch a label through another file', () => {
    f.labels.apply(createExit(), 'alice');
    expectApiError(() => f.labels.apply({ op: 'delete', fileId: f.otherFileId, id: 'x1' }, 'alice'), 'not_found', /belongs to file \d+, not file \d+/);
  });

  it('refuses an update that breaks the label, or changes nothing, and keeps the old state', () => {
    const created = f.labels.apply({ op: 'create', fileId: f.fileId, label: { id: 'r', classId: 'cfrp', depth: 2, depthEnd: 12, value: null } }, 'a');
    expectApiError(() => f.labels.apply({ op: 'update', fileId: f.fileId, id: 'r', patch: { depth: 13 } }, 'a'), 'invalid_payload', /depth \(13\) must be less than depthEnd \(12\)/);
    expectApiError(() => f.labels.apply({ op: 'update', fileId: f.fileId, id: 'r', patch: { classId: 'exit' } }, 'a'), 'invalid_payload', /a point has no depthEnd/);
    expectApiError(() => f.labels.apply({ op: 'update', fileId: f.fileId, id: 'r', patch: {} }, 'a'), 'invalid_payload', /the patch is empty/);
    expect(f.labels.list(f.fileId)).toEqual([created.label]);
    expect(f.labels.history(f.fileId)).toHaveLength(1);
  });

  it('keeps one value per attribute and file', () => {
    const make = (id: string, fileId: number): LabelEdit => ({ op: 'create', fileId, label: { id, classId: 'stack_thickness', depth: null, depthEnd: null, value: 15 } });
    f.labels.apply(make('t1', f.fileId), 'a');
    expectApiError(() => f.labels.apply(make('t2', f.fileId), 'a'), 'conflict', /already has a 'stack_thickness' attribute \(label 't1'\); update that label instead/);
    expect(f.labels.apply(make('t3', f.otherFileId), 'a').label?.value).toBe(15);
    expect(f.labels.apply({ op: 'update', fileId: f.fileId, id: 't1', patch: { value: 16 } }, 'a').label?.value).toBe(16);
  });
});

describe('LabelStore: atomicity', () => {
  // The label row, its event row and the review status are written in one transaction: a failure after
  // the first write must leave none of them. SQLite itself injects the failure (a trigger that aborts the
  // later write), so the store runs unpatched and the test fails if the transaction is ever dropped.
  function failInsertsInto(table: 'label_events' | 'file_review'): () => void {
    f.db.exec(`CREATE TEMP TRIGGER inject_failure BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected failure in ${table}'); END`);
    return () => f.db.exec('DROP TRIGGER inject_failure');
  }
  const count = (table: string): number => (f.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('a create whose event cannot be written leaves no label behind', () => {
    const restore = failInsertsInto('label_events');
    expect(() => f.labels.apply(createExit(), 'alice')).toThrow(/injected failure in label_events/);
    expect(f.labels.get('x1')).toBeNull();
    expect([count('labels'), count('label_events'), count('file_review')]).toEqual([0, 0, 0]);
    restore();
    // Nothing is left half-open: the same edit goes through once the failure is gone.
    expect(f.labels.apply(createExit(), 'alice').label?.id).toBe('x1');
    expect([count('labels'), count('label_events')]).toEqual([1, 1]);
  });

  it('an update whose event cannot be written leaves the label as it was', () => {
    const created = f.labels.apply(createExit(), 'alice').label;
    const restore = failInsertsInto('label_events');
    expect(() => f.labels.apply({ op: 'update', fileId: f.fileId, id: 'x1', patch: { depth: 3 } }, 'bob')).toThrow(/injected failure/);
    restore();
    expect(f.labels.get('x1')).toEqual(created);
    expect(f.labels.history(f.fileId).map((e) => e.op)).toEqual(['create']);
  });

  it('a delete whose event cannot be written keeps the label', () => {
    const created = f.labels.apply(createExit(), 'alice').label;
    const restore = failInsertsInto('label_events');
    expect(() => f.labels.apply({ op: 'delete', fileId: f.fileId, id: 'x1' }, 'alice')).toThrow(/injected failure/);
    restore();
    expect(f.labels.list(f.fileId)).toEqual([created]);
    expect(f.labels.history(f.fileId)).toHaveLength(1);
  });

  it('a first human label whose review status cannot be written leaves neither label nor event', () => {
    const restore = failInsertsInto('file_review');
    expect(() => f.labels.apply(createExit(), 'alice')).toThrow(/injected failure in file_review/);
    restore();
    expect([count('labels'), count('label_events'), count('file_review')]).toEqual([0, 0, 0]);
    expect(f.review.get(f.fileId).status).toBe('unlabelled');
  });
});

describe('FileReviewStore', () => {
  it('reads unlabelled for a file never touched, sets status and verdict independently, clears the verdict with null', () => {
    expect(f.review.get(f.fileId)).toEqual({ fileId: f.fileId, status: 'unlabelled', verdict: null });
    expect(f.review.set(f.fileId, { verdict: 'algorithm_error' }, 'rev')).toEqual({ fileId: f.fileId, status: 'unlabelled', verdict: 'algorithm_error' });
    expect(f.review.set(f.fileId, { status: 'reviewed' }, 'rev')).toEqual({ fileId: f.fileId, status: 'reviewed', verdict: 'algorithm_error' });
    expect(f.review.set(f.fileId, { verdict: null }, 'rev')).toEqual({ fileId: f.fileId, status: 'reviewed', verdict: null });
    expect(f.db.prepare('SELECT updated_by FROM file_review WHERE file_id = ?').get(f.fileId)).toEqual({ updated_by: 'rev' });
  });

  it('refuses unknown files and empty changes', () => {
    expectApiError(() => f.review.get(404), 'not_found', /file 404 is not in the catalog/);
    expectApiError(() => f.review.set(f.fileId, {}, 'rev'), 'invalid_payload', /give a status, a verdict or both/);
  });
});
