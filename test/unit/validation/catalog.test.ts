import { describe, expect, it } from 'vitest';
import { checkChronology, checkDuplicates, validateCatalog } from '../../../src/shared/validation';
import type { FileSummary } from '../../../src/shared/validation';

const f = (id: string, over: Partial<FileSummary> = {}): FileSummary => ({
  id,
  hash: `h-${id}`,
  headName: 'H1',
  globalCounter: Number(id.replace(/\D/g, '')) || 1,
  date: '2024-01-01T10:00:00',
  ...over,
});

describe('V34 duplicates', () => {
  it('byte-identical files: every copy after the first (by id) is an error', () => {
    const out = checkDuplicates([f('b2', { hash: 'X', globalCounter: 2 }), f('a1', { hash: 'X', globalCounter: 1 }), f('c3', { hash: 'X', globalCounter: 3 }), f('d4')]);
    expect(out.map((x) => [x.ruleId, x.severity, x.fileId])).toEqual([
      ['V34', 'error', 'b2'],
      ['V34', 'error', 'c3'],
    ]);
    expect(out[0]!.message).toContain('byte-identical to a1');
    expect(out[0]!.relatedIds).toEqual(['a1', 'c3']);
  });

  it('same (head name, global counter) under two names', () => {
    const out = checkDuplicates([f('V4_069', { globalCounter: 500 }), f('V4_070', { globalCounter: 500 }), f('V4_071', { globalCounter: 501 })]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ fileId: 'V4_070', relatedIds: ['V4_069'] });
    expect(out[0]!.message).toContain('global counter 500');
  });

  it('a byte-identical copy is reported once; other heads with the same counter are fine', () => {
    const out = checkDuplicates([f('a', { hash: 'S', globalCounter: 9 }), f('b', { hash: 'S', globalCounter: 9 }), f('c', { headName: 'H2', globalCounter: 9 })]);
    expect(out.map((x) => x.fileId)).toEqual(['b']);
  });

  it('numeric ids (catalog ids) order numerically: 9 is the original of 10, as for duplicate_of', () => {
    const g = (id: number): FileSummary => ({ id, name: `/data/file-${id}.xls`, hash: 'X', headName: 'H1', globalCounter: 1, date: null });
    const out = checkDuplicates([g(10), g(9), g(100)]);
    expect(out.map((x) => x.fileId)).toEqual([10, 100]);
    expect(out[0]!.relatedIds).toEqual([9, 100]);
    // Messages name files by `name` (a path), not by id.
    expect(out[0]!.message).toContain('byte-identical to /data/file-9.xls');
  });

  it('untrusted identity (converted files): compared by hash only', () => {
    const out = checkDuplicates([f('a1', { globalCounter: 7 }), f('b2', { globalCounter: 7, untrustedIdentity: true }), f('c3', { hash: 'h-a1', untrustedIdentity: true })]);
    expect(out.map((x) => [x.fileId, x.message.split(' ')[0]])).toEqual([['c3', 'byte-identical']]);
  });

  it('ignores missing hashes and counters', () => {
    expect(checkDuplicates([f('a', { hash: null, globalCounter: null }), f('b', { hash: null, globalCounter: null })])).toEqual([]);
  });
});

describe('V35 chronology', () => {
  it('warns when a later file of the same head has a lower global counter', () => {
    const out = checkChronology([
      f('a', { globalCounter: 10, date: '2024-01-01T10:00:00' }),
      f('b', { globalCounter: 12, date: '2024-01-01T11:00:00' }),
      f('c', { globalCounter: 11, date: '2024-01-01T12:00:00' }),
      f('d', { globalCounter: 13, date: '2024-01-01T13:00:00' }),
      f('e', { headName: 'H2', globalCounter: 1, date: '2024-01-01T14:00:00' }),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ ruleId: 'V35', severity: 'warning', fileId: 'c', relatedIds: ['b'] });
  });

  it('skips 1970 and missing dates, and ISO dates with a zone work', () => {
    const out = checkChronology([
      f('a', { globalCounter: 10, date: '2024-05-08T17:51:30Z' }),
      f('b', { globalCounter: 5, date: '1970-01-01T06:38:39', clockUnset: true }),
      f('c', { globalCounter: 4, date: null }),
      f('d', { globalCounter: 11, date: '2024-05-08T18:00:00' }),
    ]);
    expect(out).toEqual([]);
  });

  it('validateCatalog runs both', () => {
    const out = validateCatalog([f('a', { hash: 'X', globalCounter: 3 }), f('b', { hash: 'X', globalCounter: 3, date: '2024-01-02T00:00:00' }), f('c', { globalCounter: 1, date: '2024-01-03T00:00:00' })]);
    expect(out.map((x) => `${x.ruleId}:${x.fileId}`).sort()).toEqual(['V34:b', 'V35:c']);
  });
});
