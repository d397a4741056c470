/**
 * Names cut in the middle (src/shared/text/middleEllipsis.ts): the split the CSS ellipsis uses (the tail that
 * always shows starts at a separator, head + tail is the whole name), the character-budget variant, and
 * what the catalog shows of the real corpus's names; plus the import error said once (catalogModel).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importErrorText } from '../../../src/renderer/features/catalog/catalogModel';
import { middleEllipsis, splitMiddle } from '../../../src/shared/text/middleEllipsis';

const HOLE = 'E00401009F45C395_114-V3-002-MQ_ST_1846_18.xls';

describe('splitMiddle', () => {
  it('keeps the distinguishing end of a hole identity, starting at a separator', () => {
    expect(splitMiddle(HOLE)).toEqual({ head: 'E00401009F45C395_114-V3-002-MQ', tail: '_ST_1846_18.xls' });
    expect(splitMiddle('E00401009F45C395_114-V3-002-MQ_ST_1846_18')).toEqual({ head: 'E00401009F45C395_114-V3-002', tail: '-MQ_ST_1846_18' });
  });

  it('cuts at the exact budget when no separator is near, and leaves short names whole', () => {
    expect(splitMiddle('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 6)).toEqual({ head: 'ABCDEFGHIJKLMNOPQRST', tail: 'UVWXYZ' });
    expect(splitMiddle('a1.xls')).toEqual({ head: 'a1.xls', tail: '' });
    expect(splitMiddle('')).toEqual({ head: '', tail: '' });
  });

  it('head + tail is always the whole text, the tail never longer than asked', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), fc.integer({ min: 0, max: 40 }), (text, n) => {
        const { head, tail } = splitMiddle(text, n);
        expect(head + tail).toBe(text);
        expect(tail.length).toBeLessThanOrEqual(n);
        if (tail.length > 0) expect(tail.length).toBeGreaterThanOrEqual(Math.floor(n / 2));
      }),
    );
  });
});

describe('middleEllipsis', () => {
  it('cuts the middle of a hole identity to the budget, keeping its start and end', () => {
    const cut = middleEllipsis(HOLE, 32);
    expect(cut).toBe('E00401009F45C395…_ST_1846_18.xls');
    expect(cut).toHaveLength(32);
    expect(middleEllipsis('E00401009F45C395_114-V3-002-MQ_ST_1846_18', 32)).toBe('E00401009F45C395_…-MQ_ST_1846_18');
    expect(middleEllipsis('short.xls', 32)).toBe('short.xls');
  });

  it('never exceeds the budget and keeps both ends of what it cuts', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 150 }), fc.integer({ min: 1, max: 60 }), (text, max) => {
        const out = middleEllipsis(text, max);
        expect(out.length).toBeLessThanOrEqual(Math.max(max, 1));
        if (text.length <= max) expect(out).toBe(text);
        else if (max > 2) {
          const [start, end] = out.split('…') as [string, string];
          expect(text.startsWith(start)).toBe(true);
          expect(text.endsWith(end)).toBe(true);
          expect(start.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('keeps the corpus names of one head apart: their tails differ', () => {
    const names = [1846, 1847, 2020].map((c, i) => `E00401009F45C395_114-V3-002-MQ_ST_${c}_${18 + i}.xls`);
    const tails = names.map((n) => splitMiddle(n).tail);
    expect(new Set(tails).size).toBe(names.length);
    expect(new Set(names.map((n) => middleEllipsis(n, 24))).size).toBe(names.length);
  });
});

describe('importErrorText', () => {
  it('says "Import failed" once, whether or not the back end said it already', () => {
    expect(importErrorText('import failed: /data/x: no such folder')).toBe('Import failed: /data/x: no such folder');
    expect(importErrorText('an import is already running on catalog /c.sqlite (job 7)')).toBe('Import failed: an import is already running on catalog /c.sqlite (job 7)');
    expect(importErrorText('Import failed: x')).toBe('Import failed: x');
  });
});
