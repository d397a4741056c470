/**
 * The generator's output is pinned byte for byte: fixed seeds over every version × family, every option
 * that changes the layout (separator, anomaly, NUL after the motor name, unsplit v4 Control Box header,
 * target row counts, fixed date and counters) and a whole corpus. The expected digests were computed with
 * the generator before it was split into files, so this test proves the split changed no output; the
 * fixtures, the sample catalog and every round-trip test depend on exactly these texts.
 *
 * Each case hashes both the text and the `expected` answer (numbers written exactly, `-0`, `NaN` and
 * `Infinity` included), so a change in either one fails with the case's name.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FAMILIES, VERSIONS, generateCorpus, generateSetitec } from '../../../src/shared/setitec/generator';
import type { GenerateOptions, GeneratedSetitec } from '../../../src/shared/setitec/generator';

const SEEDS = [1, 42, 20240611];

/** JSON with exact numbers: typed arrays as arrays, and the values JSON would lose spelled out. */
function exactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Float64Array) return Array.from(v);
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return `#${Object.is(v, -0) ? '-0' : String(v)}`;
    return v;
  });
}

function digest(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0001');
  return h.digest('hex').slice(0, 16);
}

function fingerprint(generated: readonly GeneratedSetitec[]): string {
  return digest(generated.flatMap((g) => [g.text, exactJson(g.expected)]));
}

/** The named cases: for each, the generated files over all seeds. */
function cases(): Record<string, (seed: number) => GenerateOptions> {
  const out: Record<string, (seed: number) => GenerateOptions> = {};
  for (const version of VERSIONS) {
    out[`v${version} default family`] = (seed) => ({ seed, version });
    for (const family of FAMILIES) {
      out[`v${version} ${family}`] = (seed) => ({ seed, version, family });
      out[`v${version} ${family} rows 300 ;`] = (seed) => ({ seed, version, family, rows: 300, separator: ';' });
    }
    out[`v${version} anomaly`] = (seed) => ({ seed, version, anomaly: true });
    out[`v${version} motor name NUL`] = (seed) => ({ seed, version, motorNameNul: true });
    out[`v${version} rows 5000 fixed identity`] = (seed) => ({
      seed,
      version,
      rows: 5000,
      date: '1970-01-01:06:38:39',
      globalCounter: 1234,
      localCounter: 56,
    });
  }
  out['v4 unsplit Control Box'] = (seed) => ({ seed, version: 4, splitControlBox: false });
  out['v4 rows 50 (smallest scale)'] = (seed) => ({ seed, version: 4, rows: 50 });
  return out;
}

// Computed with the generator as it was in one file (generate.ts, 918 lines), before the split.
const EXPECTED: Record<string, string> = {
  'v4 default family': '875d8a1c5fec8883',
  'v4 tuhh': '875d8a1c5fec8883',
  'v4 tuhh rows 300 ;': '7d1f67083e2037c2',
  'v4 mdb4': '7a6201d15e526f94',
  'v4 mdb4 rows 300 ;': 'a0d6c1d0c6e032ef',
  'v4 mdbmql': '330b0f2462b99e31',
  'v4 mdbmql rows 300 ;': '3cc76a3e67bb0e26',
  'v4 ham': '147523e2056a2852',
  'v4 ham rows 300 ;': '50c7c012f81d6511',
  'v4 single': '4c1652bdfb86f41a',
  'v4 single rows 300 ;': '0325128f84f5e2e9',
  'v4 anomaly': 'bf415c94133f5143',
  'v4 motor name NUL': 'edd93560e0ed3376',
  'v4 rows 5000 fixed identity': '4b48d5769fe71597',
  'v7 default family': '0b0ab33c72763a1e',
  'v7 tuhh': 'b7d38b7425cc9f3e',
  'v7 tuhh rows 300 ;': 'f0c0f0601275de3a',
  'v7 mdb4': '9d7c4fb0a54538fc',
  'v7 mdb4 rows 300 ;': '4b697157d8f7ce67',
  'v7 mdbmql': '1c86e86227861792',
  'v7 mdbmql rows 300 ;': '68861b216fbd5e62',
  'v7 ham': '0b0ab33c72763a1e',
  'v7 ham rows 300 ;': 'a7a98a4560ed34cb',
  'v7 single': 'f76b8e88fe10fc25',
  'v7 single rows 300 ;': '39c2a24372c1b724',
  'v7 anomaly': '760188d278151e8f',
  'v7 motor name NUL': 'ff8b3852980b54fd',
  'v7 rows 5000 fixed identity': '17f75a0e507e8697',
  'v8 default family': '8ed6d32bd1d9a6ed',
  'v8 tuhh': '1a8374b4bb2d055f',
  'v8 tuhh rows 300 ;': '71a343884475e259',
  'v8 mdb4': '8ed6d32bd1d9a6ed',
  'v8 mdb4 rows 300 ;': 'f9bd17eaf9aba766',
  'v8 mdbmql': '64082901333b953c',
  'v8 mdbmql rows 300 ;': '8c62169fcce8c648',
  'v8 ham': '1ee9ba6aab311219',
  'v8 ham rows 300 ;': '84234a59bef21a94',
  'v8 single': '337176ef8eac3099',
  'v8 single rows 300 ;': '53dfed4cc6ff8e59',
  'v8 anomaly': '7ab224adbd6c7c37',
  'v8 motor name NUL': '9a346987ff146594',
  'v8 rows 5000 fixed identity': '13c341b8b04dc7b3',
  'v9 default family': 'b2fc8a8f22ca3c6b',
  'v9 tuhh': '45b65f354361b328',
  'v9 tuhh rows 300 ;': '5dcdeb1132111e70',
  'v9 mdb4': '63b77422d9d127f8',
  'v9 mdb4 rows 300 ;': '14c8cf0a1cd8f5d1',
  'v9 mdbmql': 'b2fc8a8f22ca3c6b',
  'v9 mdbmql rows 300 ;': '328b2a1220162f44',
  'v9 ham': '0cf557344a5b3f39',
  'v9 ham rows 300 ;': 'ac6a79fcf0cfdacd',
  'v9 single': 'e47f54384a0dda25',
  'v9 single rows 300 ;': 'ab0f6d5163d8ca7b',
  'v9 anomaly': 'a38aeef3a9b9aea1',
  'v9 motor name NUL': '0a89916a63c6ce68',
  'v9 rows 5000 fixed identity': '1de77ca5fee598e2',
  'v11 default family': 'c97f89bd1b98f7a0',
  'v11 tuhh': 'cc20935a80c36789',
  'v11 tuhh rows 300 ;': '378eea2d224a05d3',
  'v11 mdb4': 'c97f89bd1b98f7a0',
  'v11 mdb4 rows 300 ;': 'acf117090f1678ad',
  'v11 mdbmql': 'be34cc0fd17e06f0',
  'v11 mdbmql rows 300 ;': '6967bdc566e867fb',
  'v11 ham': '9cb44b86439e89c2',
  'v11 ham rows 300 ;': '4bb5391277446c7d',
  'v11 single': '958f8b50d2eb6a0d',
  'v11 single rows 300 ;': 'db6bc694605b5c6b',
  'v11 anomaly': '9dc972094779f123',
  'v11 motor name NUL': 'a931f831f2f8081c',
  'v11 rows 5000 fixed identity': '4c1251812c4c0f5a',
  'v4 unsplit Control Box': '3989978b242243b5',
  'v4 rows 50 (smallest scale)': '8f17b08c4c3cac00',
};

const EXPECTED_CORPUS: Record<string, string> = {
  'corpus 40 files seed 7': 'e42fc3e38d7198b7',
  'corpus 25 files seed 99 rows 400 anomalies': 'faf2aee4cb439956',
};

describe('generator output is byte-identical for fixed seeds', () => {
  const table = cases();
  it.each(Object.keys(table))('%s', (name) => {
    const make = table[name] as (seed: number) => GenerateOptions;
    expect(fingerprint(SEEDS.map((seed) => generateSetitec(make(seed))))).toBe(EXPECTED[name]);
  });

  it('covers every case it pins, and pins every case it covers', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(table).sort());
  });

  it.each([
    ['corpus 40 files seed 7', () => generateCorpus(40, 7)],
    ['corpus 25 files seed 99 rows 400 anomalies', () => generateCorpus(25, 99, { rows: 400, anomalyRate: 0.3 })],
  ] as const)('%s', (name, make) => {
    const files = make();
    expect(digest(files.flatMap((f) => [f.name, f.text, String(f.version), f.family]))).toBe(EXPECTED_CORPUS[name]);
  });
});

