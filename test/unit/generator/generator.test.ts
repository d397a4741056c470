/**
 * The synthetic generator: determinism, exact layouts per version, realistic programs and signals.
 */
import { describe, expect, it } from 'vitest';
import {
  FAMILIES,
  VERSIONS,
  TORQUE_QUANTUM,
  createRng,
  datasHeader,
  decodeLatin1,
  encodeLatin1,
  generateCorpus,
  generateSetitec,
  mulberry32,
  printNumber,
} from '../../../src/shared/setitec/generator';
import type { Family, GeneratedSetitec } from '../../../src/shared/setitec/generator';
import { parseSetitecText } from '../../../src/shared/setitec/parse';
import { STOP } from '../../../src/shared/setitec/stopCodes';
import { checkDuplicates, checkChronology, parseSetitecFileName, validateFile } from '../../../src/shared/validation';

const lines = (g: GeneratedSetitec): string[] => g.text.split('\n');
const sectionLine = (ls: string[], name: string): number => ls.findIndex((l) => l.split(/[\t;]/)[0] === `*** ${name} ***`);

describe('determinism', () => {
  it('same seed ⇒ identical text; another seed ⇒ different text', () => {
    for (const version of VERSIONS) {
      for (const family of FAMILIES) {
        const a = generateSetitec({ seed: 99, version, family, rows: 300 });
        const b = generateSetitec({ seed: 99, version, family, rows: 300 });
        expect(a.text).toBe(b.text);
        expect(a.expected).toEqual(b.expected);
        const c = generateSetitec({ seed: 100, version, family, rows: 300 });
        expect(c.text).not.toBe(a.text);
      }
    }
  });

  it('mulberry32 is a fixed sequence', () => {
    const r = mulberry32(1);
    const seq = [r(), r(), r()];
    // The canonical mulberry32 sequence for seed 1.
    expect(seq).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const a = createRng(5);
    const b = createRng(5);
    expect([a.int(0, 100), a.normal(), a.uniform(2, 3)]).toEqual([b.int(0, 100), b.normal(), b.uniform(2, 3)]);
  });

  it('generateCorpus is deterministic', () => {
    const a = generateCorpus(12, 7, { rows: 300 });
    const b = generateCorpus(12, 7, { rows: 300 });
    expect(a.map((f) => f.name)).toEqual(b.map((f) => f.name));
    expect(a.map((f) => f.text)).toEqual(b.map((f) => f.text));
  });
});

describe('exact layouts (DOMAIN §4)', () => {
  it('section order per version; Step Results only for v7+', () => {
    for (const version of VERSIONS) {
      const g = generateSetitec({ seed: 1, version, rows: 200 });
      const names = lines(g)
        .map((l) => /^\*\*\* (.+) \*\*\*$/.exec(l.split('\t')[0]!)?.[1])
        .filter((x): x is string => !!x);
      const expected = ['General Infos', 'Control Box Datas', 'Motor Datas', 'Head Datas', 'Pset', 'Cycle Parameters', 'Program', 'Results'];
      if (version >= 7) expected.push('Step Results');
      expected.push('Datas');
      expect(names, `v${version}`).toEqual(expected);
    }
  });

  it('Datas headers are the DOMAIN §4.11 names; v11 has the duplicate Gap Length over 9 values', () => {
    const common = ['Position (mm)', 'I Torque (A)', 'I Thrust (A)', 'I Torque Empty (A)', 'I Thrust Empty (A)', 'Step (nb)', 'Stop code'];
    expect(datasHeader(4)).toEqual([...common, 'Mem Torque min (A)', 'Mem Thrust min (A)', 'Rotation Speed (rpm)', 'Feed Speed (mm/s)', 'Torque Power (W)']);
    expect(datasHeader(7)).toEqual([...common, 'Mem Torque min (A)', 'Mem Thrust min (A)', 'Torque Power (W)', 'Gap Length (mm)']);
    expect(datasHeader(8)).toEqual(datasHeader(7));
    expect(datasHeader(9)).toEqual([...common, 'Torque Power (W)', 'Gap Length (mm)']);
    expect(datasHeader(11)).toEqual([...common, 'Power (W)', 'Gap Length (mm)', 'Gap Length (mm)']);
    const g = generateSetitec({ seed: 2, version: 11, rows: 200 });
    const ls = lines(g);
    const h = sectionLine(ls, 'Datas') + 1;
    expect(ls[h]!.split('\t')).toHaveLength(10);
    expect(ls[h + 1]!.split('\t')).toHaveLength(9);
  });

  it('v4: split Control Box header with 47 blank lines, Pset n°, AV names, no Cycle OK', () => {
    const g = generateSetitec({ seed: 3, version: 4, family: 'tuhh', rows: 200 });
    const ls = lines(g);
    const cb = sectionLine(ls, 'Control Box Datas');
    expect(ls[cb + 1]!.split('\t')).toHaveLength(9);
    expect(ls[cb + 1]!.endsWith('BOX Maintenance Date')).toBe(true);
    for (let i = cb + 2; i < cb + 49; i++) expect(ls[i]).toBe('');
    expect(ls[cb + 49]).toBe('BOX Maintenance Date\tBOX Operation Time\tBOX Power Supply Limit\tBOX Lub Pump Coef.');
    expect(ls[cb + 50]!.split('\t')).toHaveLength(12);
    expect(g.text).toContain('Pset n\u00b0');
    expect(g.text).toContain('Step Nb\tStep On/Off\tDEP (mm)\tRPM\tAV (mm/s)\tAV (mm/tr)\t');
    expect(g.text).toContain('Concentic Collet');
    expect(g.text).toContain('Cycle Time (s)\tDistance (mm)\t\t');
    expect(g.text).not.toContain('Cycle OK');
    expect(g.text).toMatch(/\n\d+,\d{6}\t\d+,\d{6}\t/); // Results with 6 decimals
    const single = generateSetitec({ seed: 3, version: 4, family: 'tuhh', rows: 200, splitControlBox: false });
    expect(single.text).toContain('BOX Maintenance Date\tBOX Operation Time');
    expect(single.text).not.toContain('\n\n\n');
  });

  it('comma decimals with 3 decimals, Inf in disabled 0-rpm steps, trailing tab padding, no padding on Datas rows', () => {
    const g = generateSetitec({ seed: 4, version: 9, family: 'mdbmql', rows: 300 });
    const ls = lines(g);
    const p = sectionLine(ls, 'Program');
    expect(ls[p]).toBe(`*** Program ***${'\t'.repeat(21)}`);
    expect(ls[p + 2]).toBe(['0,000', '0,000', '0,000', '0,000', '0,000', 'Inf', ...Array(16).fill('0,000')].join('\t'));
    expect(ls[0]).toBe(`*** General Infos ***${'\t'.repeat(12)}`);
    const d = sectionLine(ls, 'Datas');
    for (const row of ls.slice(d + 2).filter((l) => l !== '')) {
      expect(row.endsWith('\t')).toBe(false);
      for (const cell of row.split('\t')) expect(cell).toMatch(/^-?\d+,\d{3}$/);
    }
    expect(g.text.endsWith('\n')).toBe(true);
    expect(g.text).toContain(`Comment${'\t'.repeat(8)}\n${' '.repeat(100)}${'\t'.repeat(8)}\n`);
  });

  it('v7/v8/v11 metadata details', () => {
    const v7 = generateSetitec({ seed: 5, version: 7, rows: 200 }).text;
    expect(v7).toContain('Drilling Cycle ID');
    expect(v7).not.toContain('Decimal Separator');
    expect(v7).toContain('\tDEP (mm)\tRPM\tFeed (mm/s)\tFeed (mm/tr)\t');
    expect(v7).toContain('Pset n\u00b0');
    const v8 = generateSetitec({ seed: 5, version: 8, rows: 200 }).text;
    expect(v8).toContain('Decimal Separator separator\t');
    expect(v8).toContain('\tStroke (mm)\tRPM\tFeed (mm/s)\t');
    expect(v8).toContain('Pset Nb.');
    expect(v8).toMatch(/\t 21,923\t/);
    const v11 = generateSetitec({ seed: 5, version: 11, rows: 200 }).text;
    expect(v11).toContain('Decimal Separator\t');
    expect(v11).toContain('Cycle OK\tConsumption Wh');
    expect(v11).toContain('Module Disable');
    expect(v11).toContain('Motor Production Date\tMotor Maintenance Date');
  });

  it("';' separator: no tab anywhere, comma decimals kept", () => {
    const g = generateSetitec({ seed: 6, version: 8, separator: ';', rows: 200 });
    expect(g.text.includes('\t')).toBe(false);
    expect(g.text.split('\n')[0]).toBe(`*** General Infos ***${';'.repeat(12)}`);
  });

  it('encodeLatin1 / decodeLatin1', () => {
    const bytes = encodeLatin1('Pset n\u00b0\u20ac');
    expect([...bytes]).toEqual([0x50, 0x73, 0x65, 0x74, 0x20, 0x6e, 0xb0, 0x3f]);
    expect(decodeLatin1(encodeLatin1('abc\u00e9'))).toBe('abc\u00e9');
  });

  it('printNumber: value is exactly Number() of the printed text', () => {
    const r = createRng(3);
    const bad: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const v = r.uniform(-5000, 5000) * (r.chance(0.5) ? 1e-3 : 1);
      for (const d of [0, 3, 6]) {
        const p = printNumber(v, d);
        if (!Object.is(Number(p.text.replace(',', '.')) + 0, p.value)) bad.push(`${v} ${d} ${p.text} ${p.value}`);
      }
    }
    expect(bad).toEqual([]);
    expect(printNumber(1e17, 3).value).toBe(1e17);
  });

  it('printNumber never writes a negative zero', () => {
    expect(printNumber(-0.0001, 3)).toEqual({ text: '0,000', value: 0 });
    expect(Object.is(printNumber(-0.0001, 3).value, 0)).toBe(true);
    expect(printNumber(2048, 3).text).toBe('2048,000');
  });
});

const TRIGGER_CODES: Record<Family, number[]> = {
  tuhh: [STOP.STROKE_LIMIT, STOP.STROKE_LIMIT],
  single: [STOP.THRUST_LIMIT],
  mdb4: [STOP.TORQUE_MAX, STOP.STROKE_LIMIT, STOP.TORQUE_MIN, STOP.THRUST_LIMIT],
  mdbmql: [STOP.TORQUE_MAX, STOP.TORQUE_MIN, STOP.THRUST_LIMIT],
  ham: [STOP.TORQUE_MAX, STOP.TORQUE_MIN, STOP.THRUST_LIMIT],
};

describe('realistic programs and signals', () => {
  for (const family of FAMILIES) {
    it(`${family}: stop codes on the last 2–5 samples match the program's triggers; no-load constant per step; torque on the 0.0488 A grid`, () => {
      for (let seed = 1; seed <= 6; seed++) {
        const g = generateSetitec({ seed, version: 9, family });
        const e = g.expected;
        const stop = e.columns['Stop code']!;
        const step = e.columns['Step (nb)']!;
        const te = e.columns['I Torque Empty (A)']!;
        const torque = e.columns['I Torque (A)']!;
        const codes = e.segments.map((s) => s.stopCode);
        if (family === 'tuhh') {
          // V1–V5 end both steps on STROKE_LIMIT; V6/V8 end the second on THRUST_LIMIT.
          expect(codes[0]).toBe(STOP.STROKE_LIMIT);
          expect([STOP.STROKE_LIMIT, STOP.THRUST_LIMIT]).toContain(codes[1]);
        } else {
          expect(codes, `seed ${seed}`).toEqual(TRIGGER_CODES[family]);
        }
        for (const s of e.segments) {
          expect(s.stopCodeRows).toBeGreaterThanOrEqual(2);
          expect(s.stopCodeRows).toBeLessThanOrEqual(5);
          for (let i = s.startIndex; i <= s.endIndex; i++) {
            expect(step[i]).toBe(s.step);
            expect(stop[i]).toBe(i > s.endIndex - s.stopCodeRows ? s.stopCode : 0);
            expect(te[i]).toBe(te[s.startIndex]);
          }
          const p = e.program.find((r) => r.stepNb === s.step)!;
          expect(p.enabled).toBe(true);
          if (s.stopCode === STOP.TORQUE_MAX) expect(p.torqueMaxA).toBeGreaterThan(0);
          if (s.stopCode === STOP.TORQUE_MIN) expect(p.torqueMinA).toBeGreaterThan(0);
        }
        for (const v of torque) {
          const k = v / TORQUE_QUANTUM;
          expect(Math.abs(k - Math.round(k))).toBeLessThan(0.011);
        }
        // Disabled 0-rpm steps carry Inf in mm/rev.
        for (const p of e.program) if (p.rpm === 0) expect(p.feedMmRev).toBe(Infinity);
      }
    });
  }

  it('torque shape: Ti plateau above CFRP, a break-through drop and a countersink rise (mdb4)', () => {
    const e = generateSetitec({ seed: 8, version: 9, family: 'mdb4' }).expected;
    const pos = e.columns['Position (mm)']!;
    const torque = e.columns['I Torque (A)']!;
    const t = e.truth;
    const mean = (lo: number, hi: number): number => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < pos.length; i++) {
        const d = -pos[i]!;
        if (d >= lo && d < hi) {
          s += torque[i]!;
          n++;
        }
      }
      return s / n;
    };
    const air = mean(0, t.entry - 0.1);
    const cfrp = mean(t.entry + 1.5, t.transition - 0.1);
    const ti = mean(t.transition + 1.5, t.exit - 0.1);
    expect(Math.abs(air)).toBeLessThan(0.1);
    expect(cfrp).toBeGreaterThan(1);
    expect(ti).toBeGreaterThan(2 * cfrp);
    const last = torque[torque.length - 1]!;
    expect(last).toBeGreaterThan(1); // countersink engaged at the hard stop
    expect(-pos[pos.length - 1]!).toBeCloseTo(t.hardStop!, 1);
  });

  it('the anomaly option ends the final step with 131074 near 60–70 A and Cycle OK=False', () => {
    const e = generateSetitec({ seed: 10, version: 9, family: 'mdbmql', anomaly: true }).expected;
    expect(e.segments.at(-1)!.stopCode).toBe(131074);
    expect(Math.max(...e.columns['I Torque (A)']!)).toBeGreaterThan(55);
    expect(Math.max(...e.columns['I Torque (A)']!)).toBeLessThan(70);
    expect(e.results.cycleOk).toBe(false);
  });

  it('a row target scales the cycle', () => {
    for (const family of FAMILIES) {
      const e = generateSetitec({ seed: 12, version: 9, family, rows: 800 }).expected;
      expect(e.rowCount, family).toBeGreaterThan(300);
      expect(e.rowCount, family).toBeLessThan(2000);
    }
  });
});

describe('generateCorpus', () => {
  it('realistic, unique controller names that match the metadata; no errors; no catalog findings', () => {
    const corpus = generateCorpus(40, 2024, { rows: 400 });
    expect(corpus).toHaveLength(40);
    expect(new Set(corpus.map((f) => f.name)).size).toBe(40);
    expect(new Set(corpus.map((f) => f.version)).size).toBeGreaterThanOrEqual(3);
    const summaries = [];
    for (const f of corpus) {
      expect(f.name).toMatch(/^[0-9A-Za-z-]+_[0-9A-Za-z-]+_ST_\d+_\d+\.xls$/);
      const n = parseSetitecFileName(f.name);
      expect(n.kind).toBe('controller');
      const r = parseSetitecText(f.text, f.name);
      if (!r.ok) throw new Error(r.error.message);
      const findings = validateFile(r.file, { now: new Date('2030-01-01T00:00:00Z') });
      expect(findings.filter((x) => x.severity === 'error'), f.name).toEqual([]);
      expect(findings.filter((x) => x.ruleId === 'V33'), f.name).toEqual([]);
      summaries.push({ id: f.name, hash: f.text, headName: r.file.head.name, globalCounter: r.file.head.globalCounter, date: r.file.date?.iso ?? null });
    }
    expect(checkDuplicates(summaries)).toEqual([]);
    expect(checkChronology(summaries)).toEqual([]);
  });
});
