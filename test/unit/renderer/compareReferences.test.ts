/**
 * Which holes are compared and which one is focused: neighbour selection (compare/references.ts), the
 * compare store's actions, and the o / j / k keys through the real keyboard handler.
 */
import { describe, expect, it } from 'vitest';
import type { NeighbourHole, NeighboursResult } from '../../../src/shared/api/compare.contract';
import type { AppApi } from '../../../src/shared/api/contract';
import { handleKeyDown, type KeyContext } from '../../../src/renderer/features/annotate/keyboard';
import {
  addExtra,
  createCompareStore,
  cycleReference,
  focusIndex,
  referencesOfState,
  removeExtra,
  setShown,
  toggleOverlay,
} from '../../../src/renderer/features/compare/compareStore';
import { cycleIndex, fileByName, nearestHole, referencesOf, referenceTitle, stripTiles } from '../../../src/renderer/features/compare/references';
import { createAnnotateStore } from '../../../src/renderer/state/annotateStore';
import { createCatalogStore } from '../../../src/renderer/state/catalogStore';
import { DEFAULT_KEYMAP } from '../../../src/renderer/state/keymap';

const hole = (id: number, counter: number, offset: number): NeighbourHole => ({
  inCatalog: true,
  id,
  name: `h${counter}.xls`,
  globalCounter: counter,
  localCounter: null,
  offset,
  absentCount: 0,
  missing: false,
  status: 'unlabelled',
});
const gap = (counter: number, offset: number, absentCount: number): NeighbourHole => ({
  inCatalog: false,
  id: null,
  name: null,
  globalCounter: counter,
  localCounter: null,
  offset,
  absentCount,
  missing: false,
  status: null,
});

/** Hole 10 at counter 100: 8 (#98) and 9 (#99) before it, a gap at #101–102, then 11 (#103) and 12 (#104). */
const N: NeighboursResult = {
  fileId: 10,
  head: { name: 'H', tag: null },
  globalCounter: 100,
  before: [hole(9, 99, -1), hole(8, 98, -2)],
  after: [gap(101, 1, 2), hole(11, 103, 3), hole(12, 104, 4)],
};

describe('neighbour selection', () => {
  it('takes the nearest hole in the catalog on each side, skipping gaps', () => {
    expect(nearestHole(N.before)?.id).toBe(9);
    expect(nearestHole(N.after)?.id).toBe(11);
    expect(nearestHole([gap(5, -1, 3)])).toBeNull();
  });

  it('lists previous, next, then chosen files; never the current file, never one twice', () => {
    const refs = referencesOf(10, N, { showPrev: true, showNext: true, extras: [{ id: 42, name: 'gold.xls', globalCounter: null }, { id: 9, name: 'h99.xls', globalCounter: 99 }, { id: 10, name: 'me', globalCounter: 100 }] });
    expect(refs.map((r) => [r.fileId, r.role])).toEqual([
      [9, 'prev'],
      [11, 'next'],
      [42, 'extra'],
    ]);
    expect(refs.map(referenceTitle)).toEqual(['prev #99', 'next #103', 'gold.xls']);
    expect(referencesOf(10, N, { showPrev: false, showNext: true, extras: [] }).map((r) => r.fileId)).toEqual([11]);
  });

  it('uses neighbours only of the file they were asked for', () => {
    expect(referencesOf(11, N, { showPrev: true, showNext: true, extras: [] })).toEqual([]);
  });

  it('cycles through the references in both directions, wrapping', () => {
    expect([1, 1, 1, 1].reduce<number[]>((acc, d) => [...acc, cycleIndex(acc.at(-1) ?? 0, 3, d)], [])).toEqual([1, 2, 0, 1]);
    expect(cycleIndex(0, 3, -1)).toBe(2);
    expect(cycleIndex(0, 0, 1)).toBe(0);
  });

  it('builds the strip in counter order with the open hole in the middle and the gaps between', () => {
    const tiles = stripTiles(N, 2);
    expect(tiles.map((t) => (t.kind === 'current' ? 'current' : `${t.kind}:${t.hole.globalCounter}`))).toEqual(['hole:98', 'hole:99', 'current', 'gap:101', 'hole:103', 'hole:104']);
    expect(stripTiles(N, 1).map((t) => (t.kind === 'current' ? 'current' : `${t.kind}:${t.hole.globalCounter}`))).toEqual(['hole:99', 'current', 'gap:101', 'hole:103']);
    expect(stripTiles(null, 2)).toEqual([]);
  });

  it('finds a file by the name typed: exact, then case-insensitive, then a unique prefix', () => {
    const files = [
      { id: 1, name: 'E004_114-V3_ST_1800_1.xls', globalCounter: 1800 },
      { id: 2, name: 'E004_114-V3_ST_1801_2.xls', globalCounter: 1801 },
      { id: 3, name: 'short.xls', globalCounter: null },
    ];
    expect(fileByName(files, 'short.xls')?.id).toBe(3);
    expect(fileByName(files, ' SHORT.XLS ')?.id).toBe(3);
    expect(fileByName(files, 'E004_114-V3_ST_1801')?.id).toBe(2);
    expect(fileByName(files, 'E004_114')).toBeNull();
    expect(fileByName(files, '')).toBeNull();
  });
});

describe('compare store', () => {
  const store = () => createCompareStore({ fileId: 10, neighbours: N });

  it('turns the overlay on with the first j, then cycles the focused reference with j and k', () => {
    const s = store();
    cycleReference(s, 1);
    expect(s.getState()).toMatchObject({ overlayOn: true, referenceIndex: 0 });
    cycleReference(s, 1);
    expect(focusIndex(s.getState())).toBe(1);
    cycleReference(s, 1);
    expect(focusIndex(s.getState())).toBe(0);
    cycleReference(s, -1);
    expect(focusIndex(s.getState())).toBe(1);
  });

  it('does nothing on j with nothing to compare', () => {
    const s = createCompareStore({ fileId: 10, neighbours: { ...N, before: [], after: [] } });
    cycleReference(s, 1);
    expect(s.getState().overlayOn).toBe(false);
  });

  it('focuses a file added by name and keeps the focus within the list when it shrinks', () => {
    const s = store();
    addExtra(s, { id: 42, name: 'gold.xls', globalCounter: null });
    expect(s.getState().overlayOn).toBe(true);
    expect(referencesOfState(s.getState())[focusIndex(s.getState())]!.fileId).toBe(42);
    setShown(s, 'prev', false);
    expect(referencesOfState(s.getState()).map((r) => r.fileId)).toEqual([11, 42]);
    s.setState({ referenceIndex: 5 });
    expect(focusIndex(s.getState())).toBe(1);
    removeExtra(s, 42);
    expect(referencesOfState(s.getState()).map((r) => r.fileId)).toEqual([11]);
    toggleOverlay(s);
    expect(s.getState().overlayOn).toBe(false);
  });
});

describe('keys o, j, k', () => {
  const ctxWith = () => {
    const compare = createCompareStore({ fileId: 10, neighbours: N });
    const annotate = createAnnotateStore({ fileId: 10 });
    const ctx: KeyContext = { api: {} as AppApi, annotate, catalog: createCatalogStore(), keymap: DEFAULT_KEYMAP, openFile: () => undefined, compare };
    const press = (key: string, target: EventTarget | null = null): boolean =>
      handleKeyDown({ key, code: '', ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, target } as Parameters<typeof handleKeyDown>[0], ctx);
    return { compare, press };
  };

  it('toggle the overlay and cycle the reference through the keymap', () => {
    const { compare, press } = ctxWith();
    expect(press('o')).toBe(true);
    expect(compare.getState().overlayOn).toBe(true);
    press('j');
    expect(focusIndex(compare.getState())).toBe(1);
    press('k');
    expect(focusIndex(compare.getState())).toBe(0);
    press('o');
    expect(compare.getState().overlayOn).toBe(false);
  });

  it('still work when a checkbox of the compare bar has the focus', () => {
    const { compare, press } = ctxWith();
    const checkbox = { tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget;
    expect(press('o', checkbox)).toBe(true);
    expect(compare.getState().overlayOn).toBe(true);
  });
});
