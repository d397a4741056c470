/** Grouping and the seeded, grouped split (training/dataset/grouping.ts, split.ts). */
import { describe, expect, it } from 'vitest';
import { groupOf, parseGroupBy, type GroupableFile } from '../../../../src/main/training/dataset/grouping';
import { assignSplits, type SplitMember, type SplitOptions } from '../../../../src/main/training/dataset/split';

function file(over: Partial<GroupableFile>): GroupableFile {
  return { fileId: 1, folder: '/data/a', head: 'HEAD1', globalCounter: 100, attribute: null, ...over };
}

/** 3 heads × 40 holes, grouped in blocks of 5 counters: 24 groups of 5 files. */
function members(): SplitMember[] {
  const out: SplitMember[] = [];
  for (const head of ['A', 'B', 'C']) {
    for (let c = 0; c < 40; c++) out.push({ group: groupOf(file({ head, globalCounter: 1000 + c }), parseGroupBy('counter-block:5')), globalCounter: 1000 + c });
  }
  return out;
}

const base: SplitOptions = { valFraction: 0.25, valOrder: 'random', folds: null, seed: 7 };

/** Split of every member, by index. */
function splitOf(ms: readonly SplitMember[], opts: SplitOptions): Array<{ split: string; fold: number | null }> {
  const a = assignSplits(ms, opts);
  return ms.map((m) => a.get(m.group)!);
}

describe('groupOf', () => {
  it('names groups by head, folder, counter block (per head) and attribute', () => {
    expect(groupOf(file({ head: 'H' }), parseGroupBy('head'))).toBe('head:H');
    expect(groupOf(file({ head: null }), parseGroupBy('head'))).toBe('head:(no head)');
    expect(groupOf(file({ folder: '/x/y' }), parseGroupBy('folder'))).toBe('folder:/x/y');
    expect(groupOf(file({ globalCounter: 1874 }), parseGroupBy('counter-block:10'))).toBe('HEAD1:1870-1879');
    expect(groupOf(file({ globalCounter: 1880 }), parseGroupBy('counter-block:10'))).toBe('HEAD1:1880-1889');
    expect(groupOf(file({ head: 'OTHER', globalCounter: 1874 }), parseGroupBy('counter-block:10'))).toBe('OTHER:1870-1879');
    expect(groupOf(file({ globalCounter: null }), parseGroupBy('counter-block:10'))).toBe('HEAD1:no-counter');
    expect(groupOf(file({ attribute: '"MSN635"' }), parseGroupBy('attribute:msn'))).toBe('msn="MSN635"');
    expect(groupOf(file({ attribute: null }), parseGroupBy('attribute:msn'))).toBe('msn=(none)');
  });

  it('refuses an unknown key, naming what it expected', () => {
    expect(() => parseGroupBy('counter-block:0')).toThrow(/expected head, folder, counter-block:N or attribute/);
  });
});

describe('assignSplits', () => {
  it('never lets a group straddle train and validation, and comes near the fraction', () => {
    const ms = members();
    const s = splitOf(ms, base);
    const byGroup = new Map<string, Set<string>>();
    ms.forEach((m, i) => byGroup.set(m.group, (byGroup.get(m.group) ?? new Set()).add(s[i]!.split)));
    for (const splits of byGroup.values()) expect(splits.size).toBe(1);
    const val = s.filter((x) => x.split === 'val').length;
    expect(val).toBe(30); // 0.25 × 120 in whole groups of 5
  });

  it('is deterministic for a seed and different for another', () => {
    const ms = members();
    expect(splitOf(ms, base)).toEqual(splitOf([...ms], { ...base }));
    expect(splitOf(ms, { ...base, seed: 8 })).not.toEqual(splitOf(ms, base));
  });

  it('does not depend on the order the files come in', () => {
    const ms = members();
    const reversed = [...ms].reverse();
    const a = assignSplits(ms, base);
    const b = assignSplits(reversed, base);
    for (const m of ms) expect(b.get(m.group)).toEqual(a.get(m.group));
  });

  it('latest puts the groups with the highest global counters in validation', () => {
    const ms = members();
    const s = splitOf(ms, { ...base, valOrder: 'latest' });
    const maxTrain = Math.max(...ms.filter((_, i) => s[i]!.split === 'train').map((m) => m.globalCounter!));
    const minVal = Math.min(...ms.filter((_, i) => s[i]!.split === 'val').map((m) => m.globalCounter!));
    expect(minVal).toBeGreaterThan(maxTrain);
    // Every head's last two blocks (1030–1039): 30 files, the 0.25 asked.
    expect(s.filter((x) => x.split === 'val').length).toBe(30);
  });

  it('keeps at least one group in training, and none in validation at fraction 0', () => {
    const ms: SplitMember[] = [{ group: 'g1', globalCounter: 1 }, { group: 'g2', globalCounter: 2 }];
    expect(splitOf(ms, { ...base, valFraction: 0.9 }).map((x) => x.split).sort()).toEqual(['train', 'val']);
    expect(splitOf(ms, { ...base, valFraction: 0 }).every((x) => x.split === 'train')).toBe(true);
    expect(splitOf([{ group: 'only', globalCounter: 1 }], { ...base, valFraction: 0.5 })[0]!.split).toBe('train');
  });

  it('k-fold gives every group exactly one fold, covers every fold, balances file counts; fold 0 is val', () => {
    const ms = members();
    const k = 4;
    for (const valOrder of ['random', 'latest'] as const) {
      const a = assignSplits(ms, { ...base, folds: k, valOrder });
      const groups = new Set(ms.map((m) => m.group));
      expect(a.size).toBe(groups.size);
      const sizes = new Array<number>(k).fill(0);
      for (const m of ms) {
        const g = a.get(m.group)!;
        expect(g.fold).not.toBeNull();
        expect(g.split).toBe(g.fold === 0 ? 'val' : 'train');
        sizes[g.fold!]!++;
      }
      expect(sizes).toEqual([30, 30, 30, 30]);
    }
  });

  it('k-fold latest makes fold 0 the latest counters', () => {
    const ms = members();
    const a = assignSplits(ms, { ...base, folds: 3, valOrder: 'latest' });
    // Compared by each group's highest counter: blocks of different heads share counters.
    const top = new Map<string, number>();
    for (const m of ms) top.set(m.group, Math.max(top.get(m.group) ?? -Infinity, m.globalCounter!));
    const tops = (f: number): number[] => [...top].filter(([g]) => a.get(g)!.fold === f).map(([, c]) => c);
    const minOf = (f: number): number => Math.min(...tops(f));
    const maxOf = (f: number): number => Math.max(...tops(f));
    expect(minOf(0)).toBeGreaterThanOrEqual(maxOf(1));
    expect(minOf(1)).toBeGreaterThanOrEqual(maxOf(2));
  });

  it('k-fold with uneven groups still fills every fold and balances by files', () => {
    const ms: SplitMember[] = [];
    const sizes = [9, 1, 1, 1, 4, 4, 2, 2];
    sizes.forEach((n, g) => {
      for (let i = 0; i < n; i++) ms.push({ group: `g${g}`, globalCounter: g * 10 + i });
    });
    for (const valOrder of ['random', 'latest'] as const) {
      const a = assignSplits(ms, { ...base, folds: 3, valOrder });
      const counts = [0, 0, 0];
      for (const m of ms) counts[a.get(m.group)!.fold!]!++;
      expect(counts.every((c) => c > 0)).toBe(true);
      expect(counts.reduce((x, y) => x + y, 0)).toBe(24);
    }
    const random = assignSplits(ms, { ...base, folds: 3 });
    const counts = [0, 0, 0];
    for (const m of ms) counts[random.get(m.group)!.fold!]!++;
    expect(counts.sort()).toEqual([7, 8, 9]);
  });

  it('refuses more folds than groups', () => {
    expect(() => assignSplits([{ group: 'a', globalCounter: 1 }], { ...base, folds: 2 })).toThrow(/2 folds need at least 2 groups; the selection has 1/);
  });
});
