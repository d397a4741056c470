import { describe, expect, it } from 'vitest';
import type { SnapshotRow } from '../../../src/main/catalog/fileWriter';
import { isUnder, planImport } from '../../../src/main/ingest/planImport';

const row = (id: number, path: string, over: Partial<SnapshotRow> = {}): SnapshotRow => ({ id, path, size: 100, mtimeMs: 1000, hash: `h${id}`, missing: false, ...over });
const stat = (path: string, size = 100, mtimeMs = 1000) => ({ path, size, mtimeMs });

describe('planImport', () => {
  it('skips files with the same size and mtime without reading them', () => {
    const plan = planImport(['/c'], [stat('/c/a.xls'), stat('/c/b.xls')], [row(1, '/c/a.xls'), row(2, '/c/b.xls')]);
    expect(plan.unchanged).toBe(2);
    expect(plan.tasks).toEqual([]);
    expect(plan.vanished.size).toBe(0);
  });

  it('asks for a hash check when only the mtime changed, and a parse when the size changed', () => {
    const plan = planImport(['/c'], [stat('/c/a.xls', 100, 2000), stat('/c/b.xls', 120)], [row(1, '/c/a.xls'), row(2, '/c/b.xls')]);
    expect(plan.tasks.map((t) => [t.id, t.task])).toEqual([
      [1, { path: '/c/a.xls', expectHash: 'h1' }],
      [2, { path: '/c/b.xls' }],
    ]);
  });

  it('marks rows under the roots that were not found as vanished, and offers their hashes for moves', () => {
    const plan = planImport(['/c'], [stat('/c/new.xls')], [row(1, '/c/old.xls'), row(2, '/elsewhere/x.xls'), row(3, '/c2/y.xls')]);
    expect([...plan.vanished.keys()]).toEqual([1]);
    expect(plan.movableHashes).toEqual(['h1']);
    expect(plan.tasks[0]!.task).toEqual({ path: '/c/new.xls', checkMoved: true });
  });

  it('rows already missing are move candidates; a missing file that reappears unchanged is un-marked', () => {
    const plan = planImport(['/c'], [stat('/c/a.xls')], [row(1, '/c/a.xls', { missing: true }), row(2, '/d/z.xls', { missing: true })]);
    expect(plan.reappeared).toEqual([1]);
    expect(plan.movableHashes.sort()).toEqual(['h1', 'h2']);
  });

  it('does not check moves when nothing vanished', () => {
    const plan = planImport(['/c'], [stat('/c/new.xls')], [row(1, '/elsewhere/a.xls')]);
    expect(plan.tasks[0]!.task.checkMoved).toBeUndefined();
  });

  it('isUnder needs a path separator after the root', () => {
    expect(isUnder('/c/a.xls', '/c')).toBe(true);
    expect(isUnder('/c2/a.xls', '/c')).toBe(false);
    expect(isUnder('/c/a.xls', '/c/')).toBe(true);
  });
});
