/**
 * Generator ↔ parser round trip: every version × family × separator, parsed back with `parseSetitecText`
 * (and from Latin-1 bytes with `parseSetitec`), must give exactly the generated metadata, program, step
 * results and every column value (exact equality: the generator stores Number() of the text it writes).
 */
import { describe, expect, it } from 'vitest';
import { FAMILIES, VERSIONS, encodeLatin1, generateSetitec, datasValueCount } from '../../../src/shared/setitec/generator';
import type { GeneratedSetitec } from '../../../src/shared/setitec/generator';
import { parseSetitec, parseSetitecText } from '../../../src/shared/setitec/parse';
import type { SetitecFile } from '../../../src/shared/setitec/types';

function firstDifference(a: Float64Array, b: Float64Array): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return `row ${i}: ${a[i]} vs ${b[i]}`;
  return null;
}

function expectRoundTrip(gen: GeneratedSetitec, file: SetitecFile): void {
  const e = gen.expected;
  expect(file.version).toBe(e.version);
  expect(file.separator).toBe(e.separator);
  expect(file.date?.raw).toBe(e.date);
  expect(file.date?.clockUnset).toBe(false);
  expect(file.sampleRateHz).toBe(e.sampleRateHz);
  expect(file.head).toEqual(e.head);
  expect(file.box.name).toBe(e.box.name);
  expect(file.box.firmware).toBe(e.box.firmware);
  expect(file.motor).toEqual(e.motor);
  expect(file.program).toEqual(e.program);
  expect(file.stepResults).toEqual(e.stepResults);
  expect(file.results).toEqual(e.results);
  expect(file.data.rowCount).toBe(e.rowCount);
  const names = Object.keys(e.columns);
  expect(names.length).toBe(datasValueCount(e.version));
  expect(file.data.columns.map((c) => c.raw)).toEqual(names);
  for (const name of names) {
    const col = file.data.columns.find((c) => c.raw === name);
    expect(col, name).toBeDefined();
    expect(firstDifference(col!.values, e.columns[name]!), name).toBeNull();
  }
}

describe('generator round trip through the parser', () => {
  for (const version of VERSIONS) {
    for (const family of FAMILIES) {
      for (const separator of ['\t', ';'] as const) {
        const label = `v${version} ${family} ${separator === '\t' ? 'TAB' : '";"'}`;
        it(label, () => {
          const seed = version * 1000 + FAMILIES.indexOf(family) * 10 + (separator === ';' ? 1 : 0);
          const gen = generateSetitec({ seed, version, family, separator, rows: 600 });
          const r = parseSetitecText(gen.text, gen.expected.fileName);
          if (!r.ok) throw new Error(r.error.message);
          expectRoundTrip(gen, r.file);
        });
      }
    }
  }

  it('reads the same from Latin-1 bytes (Pset n° is byte 0xB0)', () => {
    for (const version of VERSIONS) {
      const gen = generateSetitec({ seed: 77, version });
      const bytes = encodeLatin1(gen.text);
      if (version <= 7) expect(bytes.includes(0xb0)).toBe(true);
      const r = parseSetitec(bytes, gen.expected.fileName);
      if (!r.ok) throw new Error(r.error.message);
      expectRoundTrip(gen, r.file);
    }
  });

  it('natural-length files (no row target) round-trip too', () => {
    for (const version of VERSIONS) {
      const gen = generateSetitec({ seed: 4242, version });
      const r = parseSetitecText(gen.text, gen.expected.fileName);
      if (!r.ok) throw new Error(r.error.message);
      expectRoundTrip(gen, r.file);
    }
  });

  it('a raw NUL in the Motor Name is stripped and flagged', () => {
    const gen = generateSetitec({ seed: 5, version: 9, family: 'mdb4', motorNameNul: true });
    expect(gen.text).toContain('Light_EDU\u0000');
    const r = parseSetitecText(gen.text, gen.expected.fileName);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.file.motor.name).toBe('Light_EDU');
    expect(r.file.irregularities.some((i) => i.code === 'nul_stripped')).toBe(true);
  });
});
