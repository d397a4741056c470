import { describe, expect, it } from 'vitest';
import { encodeLatin1, generateSetitec } from '../../../src/shared/setitec/generator/index';
import { parseSetitec } from '../../../src/shared/setitec/parse';
import type { SetitecFile } from '../../../src/shared/setitec/types';

function parsed(bytes: Uint8Array, borrow: boolean): SetitecFile {
  const r = parseSetitec(bytes, 'fixture.xls', { borrowSignals: borrow });
  if (!r.ok) throw new Error(r.error.message);
  return r.file;
}

describe('parseSetitec borrowSignals', () => {
  it('gives the same values as copies, as views into one scratch buffer that the next parse reuses', () => {
    const first = encodeLatin1(generateSetitec({ seed: 11, version: 4 }).text);
    const second = encodeLatin1(generateSetitec({ seed: 12, version: 11 }).text);
    const copy = parsed(first, false);
    const borrowed = parsed(first, true);
    expect(borrowed.data.columns.map((c) => c.key)).toEqual(copy.data.columns.map((c) => c.key));
    borrowed.data.columns.forEach((c, k) => expect([...c.values]).toEqual([...copy.data.columns[k]!.values]));
    // Views, not copies: every column shares one buffer, larger than any column.
    const buffers = new Set(borrowed.data.columns.map((c) => c.values.buffer));
    expect(buffers.size).toBe(1);
    expect(borrowed.data.columns[0]!.values.buffer.byteLength).toBeGreaterThan(borrowed.data.columns[0]!.values.byteLength);
    // Copies own their bytes.
    expect(copy.data.columns[0]!.values.buffer).not.toBe(copy.data.columns[1]!.values.buffer);

    // The documented contract: the next parse on this thread overwrites borrowed columns, never copies.
    const before = [...copy.data.columns[0]!.values];
    const next = parsed(second, true);
    expect(next.data.columns[0]!.values.buffer).toBe(borrowed.data.columns[0]!.values.buffer);
    expect([...copy.data.columns[0]!.values]).toEqual(before);
  });
});
