/**
 * Property tests: damaged inputs never make the parser throw or hang. Generated files (always) and corpus
 * files (when the corpus is there) are mutated (byte flips, truncations, deleted and duplicated lines,
 * inserted bytes and tokens) and every case must end in either a parsed file or one error that names the
 * source. The seed is fixed so a failure reproduces; set SETITEC_FUZZ_SEED to explore others.
 *
 * Nothing here is timed: a hang, or a super-linear pass over the pathological inputs (sized so that a
 * quadratic one would take minutes), runs past vitest's test timeout instead of racing a clock that depends
 * on the machine. The inputs are real sizes: fast-check's default size would cap generated arrays at about
 * a dozen items whatever maxLength says, so the arbitraries ask for `size: 'max'` and the tests assert the
 * sizes they reached.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeLatin1, generateSetitec, VERSIONS, type SetitecVersion } from '../../../src/shared/setitec/generator/index';
import { parseSetitec, parseSetitecText } from '../../../src/shared/setitec/parse';
import type { ParseResult } from '../../../src/shared/setitec/types';
import { describeCorpus, readCorpus } from '../../corpus/corpus';

const SEED = Number(process.env.SETITEC_FUZZ_SEED ?? 20241128);

/** One file of each version and layout, small and large, with the irregular ones. */
const FILES = [
  'TUHH/001_V1/V1_001.xls',
  'TUHH/009_V9/V9_001.xls',
  'misc/20110019_20110019_ST_490_3.xls',
  'misc/E0025C639508824D_P6TL-INT_ST_339_460.xls',
  'misc/17070143_17070143_ST_1092_1.xls',
  'misc/MQTT_to_XLS_17070141_798a.xls',
  'misc/MQTT_to_XLS_17070144_175b.xls',
  'misc/E00401009F78AA43_41-Al_ST_1226_219.xls',
  'MDB-MQL/E00401009F45C395_114-V3-002-MQ_ST_1925_12.xls',
];

const TOKENS = ['\r', '\r\n', '\0', '\\u0000', '\t', ';', '\n', '*** Datas ***\n', '*** Program ***\n', 'Inf', 'abc', '\u00ef\u00bf\u00bd', ',', '-', '1e5', ' '.repeat(100), '\n\n\n'];
const tokenBytes = TOKENS.map((t) => Uint8Array.from(t, (c) => c.charCodeAt(0) & 255));

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'deleteLine'; at: number; count: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'token'; at: number; token: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('deleteLine' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }),
  fc.record({ kind: fc.constant('token' as const), at: fc.nat(), token: fc.integer({ min: 0, max: TOKENS.length - 1 }) }),
);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Start offsets of the lines of `b`. */
function lineStarts(b: Uint8Array): number[] {
  const starts = [0];
  for (let p = b.indexOf(10); p >= 0 && p + 1 < b.length; p = b.indexOf(10, p + 1)) starts.push(p + 1);
  return starts;
}

function apply(input: Uint8Array, m: Mutation): Uint8Array {
  const n = input.length;
  if (n === 0) return input;
  // Bias positions towards the metadata head (where the structure is) half of the time.
  const pos = m.at % 2 === 0 ? (m.at >> 1) % Math.min(n, 6000) : (m.at >> 1) % n;
  switch (m.kind) {
    case 'flip': {
      const out = input.slice();
      out[pos] = m.value;
      return out;
    }
    case 'truncate':
      return input.subarray(0, pos);
    case 'insert':
      return concat(input.subarray(0, pos), m.bytes, input.subarray(pos));
    case 'token':
      return concat(input.subarray(0, pos), tokenBytes[m.token]!, input.subarray(pos));
    case 'deleteLine':
    case 'duplicateLine': {
      const starts = lineStarts(input);
      const i = (m.kind === 'deleteLine' ? m.at : m.at >> 1) % starts.length;
      const a = starts[i]!;
      const count = m.kind === 'deleteLine' ? m.count : 1;
      const b = starts[i + count] ?? n;
      return m.kind === 'deleteLine'
        ? concat(input.subarray(0, a), input.subarray(b))
        : concat(input.subarray(0, b), input.subarray(a, b), input.subarray(b));
    }
  }
}

/** Run one parse and check the contract: no throw, a file or an error naming the source. */
function checkContract(run: () => ParseResult, source: string): void {
  let r: ParseResult | undefined;
  expect(() => {
    r = run();
  }).not.toThrow();
  if (!r) throw new Error('no result');
  if (r.ok) {
    const d = r.file.data;
    expect(d.rowCount).toBeGreaterThan(0);
    expect(d.columns.length).toBeGreaterThan(0);
    for (const c of d.columns) expect(c.values.length).toBe(d.rowCount);
    expect(new Set(d.columns.map((c) => c.key)).size).toBe(d.columns.length);
  } else {
    expect(r.error.source).toBe(source);
    expect(r.error.message.startsWith(source)).toBe(true);
    expect(r.error.message).toContain('expected ');
    expect(r.error.line).toBeGreaterThanOrEqual(0);
  }
}

/** Mutate one of `originals` and parse it; counts the outcomes and the sizes of what was parsed. */
function fuzzOriginals(originals: readonly Uint8Array[], seed: number, numRuns: number): { parsed: number; failed: number; sizes: number[] } {
  const tally = { parsed: 0, failed: 0, sizes: [] as number[] };
  fc.assert(
    fc.property(fc.nat({ max: originals.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (fi, muts) => {
      const bytes = muts.reduce((b, m) => apply(b, m), originals[fi]!);
      tally.sizes.push(bytes.length);
      checkContract(() => {
        const r = parseSetitec(bytes, 'fuzz.xls');
        if (r.ok) tally.parsed++;
        else tally.failed++;
        return r;
      }, 'fuzz.xls');
    }),
    { seed, numRuns },
  );
  return tally;
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

describe('fuzz: mutated generated files', () => {
  it('never throws or hangs and always answers a file or an error, on files of 15 to 120 KB', () => {
    // Every generated version and layout, short and long, both separators, one with a raw NUL.
    const shapes: Array<{ version: SetitecVersion; rows: number; separator?: ';'; motorNameNul?: boolean; anomaly?: boolean }> = [
      ...VERSIONS.map((version) => ({ version, rows: 250 })),
      ...VERSIONS.map((version) => ({ version, rows: 1500 })),
      { version: 9, rows: 800, separator: ';' },
      { version: 11, rows: 600, motorNameNul: true, anomaly: true },
    ];
    const originals = shapes.map((o, i) => encodeLatin1(generateSetitec({ seed: 900 + i, ...o }).text));
    expect(Math.min(...originals.map((b) => b.length))).toBeGreaterThan(10_000);
    const { parsed, failed, sizes } = fuzzOriginals(originals, SEED, 300);
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    expect(parsed).toBeGreaterThan(30);
    expect(failed).toBeGreaterThan(30);
    // The mutated inputs are still whole files, mostly: truncations are some of the cases, not all.
    expect(median(sizes)).toBeGreaterThan(10_000);
  });
});

describeCorpus('fuzz: mutated corpus files', () => {
  it('never throws or hangs and always answers a file or an error', () => {
    const { parsed, failed, sizes } = fuzzOriginals(
      FILES.map((rel) => readCorpus(rel)),
      SEED,
      300,
    );
    expect(parsed).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    expect(median(sizes)).toBeGreaterThan(10_000);
  });
});

describe('fuzz: arbitrary input', () => {
  it('handles random byte arrays of up to 4000 bytes', () => {
    const sizes: number[] = [];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000, size: 'max' }), (bytes) => {
        sizes.push(bytes.length);
        checkContract(() => parseSetitec(bytes, 'rnd.bin'), 'rnd.bin');
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(median(sizes)).toBeGreaterThan(1000);
    expect(Math.max(...sizes)).toBeGreaterThan(3000);
  });

  it('handles arbitrary strings built from format fragments', () => {
    const fragment = fc.constantFrom(...TOKENS, 'Position (mm)', 'Version', '9', '-0,5', '*** General Infos ***', 'Comment', '00', '€', '\ufffd');
    const counts: number[] = [];
    fc.assert(
      fc.property(fc.array(fc.oneof(fragment, fc.string({ maxLength: 8 })), { maxLength: 200, size: 'max' }), (parts) => {
        counts.push(parts.length);
        checkContract(() => parseSetitecText(parts.join(''), 'frag.txt'), 'frag.txt');
      }),
      { seed: SEED, numRuns: 300 },
    );
    expect(median(counts)).toBeGreaterThan(50);
  });
});

// Sized so that a quadratic pass (n² ≥ 10¹¹ steps) would run for minutes, far past the test timeout, while
// the linear parser takes a fraction of a second per case.
describe('pathological inputs finish in linear time', () => {
  const v9Header = 'Position (mm)\tI Torque (A)\tI Thrust (A)\tI Torque Empty (A)\tI Thrust Empty (A)\tStep (nb)\tStop code\tTorque Power (W)\tGap Length (mm)';
  const row = '-0,5\t1\t2\t3\t4\t1\t0\t10\t0';
  const cases: Array<[string, () => string]> = [
    ['a chain of 320,000 label rows each repeating the last name', () => `*** Head Datas ***\n${'X\tX\n'.repeat(320_000)}*** Datas ***\n${v9Header}\n${row}\n`],
    ['a Datas header of 500,000 names repeated at the end', () => {
      const names = Array.from({ length: 250_000 }, (_, i) => `n${i}`);
      return `*** Datas ***\n${[...names, ...names].join('\t')}\n${row}\n`;
    }],
    ['500,000 sections each with a NUL', () => `${'*** S ***\n\0x\n'.repeat(500_000)}*** Datas ***\n${v9Header}\n${row}\n`],
    ['a 2 MB line without separators', () => `*** General Infos ***\n${'a'.repeat(2_000_000)}\n*** Datas ***\n${v9Header}\n${row}\n`],
    ['a 2 MB run of asterisks', () => `${'*'.repeat(2_000_000)}\n*** Datas ***\n${v9Header}\n${row}\n`],
    ['400,000 blank lines inside Datas', () => `*** Datas ***\n${v9Header}\n${'\t\t\n'.repeat(400_000)}${row}\n`],
    ['320,000 Comment labels', () => `*** Cycle Parameters ***\n${'Comment\n\n'.repeat(320_000)}*** Datas ***\n${v9Header}\n${row}\n`],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const text = make();
      checkContract(() => parseSetitecText(text, 'big.txt'), 'big.txt');
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0) & 255);
      checkContract(() => parseSetitec(bytes, 'big.xls'), 'big.xls');
    });
  }
});
