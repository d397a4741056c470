/**
 * Every file rule (V01–V33) fires on a minimal bad case and stays silent on good generated files.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAMILIES, VERSIONS } from '../../../src/shared/setitec/generator';
import { stepSegments } from '../../../src/shared/setitec/segments';
import type { SetitecFile } from '../../../src/shared/setitec/types';
import {
  ALL_RULES,
  RULES,
  countBySeverity,
  excludesFromTraining,
  findingFromParseError,
  sortFindings,
  validateFile,
  worstSeverity,
} from '../../../src/shared/validation';
import type { Finding } from '../../../src/shared/validation';
import { medianAdvance } from '../../../src/shared/validation/scan';
import { buildContext } from '../../../src/shared/validation/validate';
import { clone, col, goodFile, parsedGenerated, truncate } from './helpers';

const NOW = new Date('2025-07-15T00:00:00Z');
const run = (f: SetitecFile): Finding[] => validateFile(f, { now: NOW });
const ids = (fs: Finding[]): string[] => [...new Set(fs.map((f) => f.ruleId))].sort();
const of = (fs: Finding[], id: string): Finding[] => fs.filter((f) => f.ruleId === id);

const GOOD = goodFile();

/** Mutates a clone of the good file and expects `id` to fire with its severity. */
function fires(id: string, mutate: (f: SetitecFile) => SetitecFile | void, base: SetitecFile = GOOD): Finding[] {
  const f = clone(base);
  const out = mutate(f) ?? f;
  const found = of(run(out), id);
  expect(found.length, `${id} should fire`).toBeGreaterThan(0);
  const rule = RULES.find((r) => r.id === id)!;
  for (const x of found) {
    expect(x.severity).toBe(rule.severity);
    expect(x.message.length).toBeGreaterThan(10);
  }
  return found;
}

describe('rule table', () => {
  it('has V01–V33 as file rules and V34–V39 documented', () => {
    expect(RULES.map((r) => r.id)).toEqual(Array.from({ length: 33 }, (_, i) => `V${String(i + 1).padStart(2, '0')}`));
    expect(ALL_RULES.map((r) => r.id)).toEqual(Array.from({ length: 39 }, (_, i) => `V${String(i + 1).padStart(2, '0')}`));
    expect(new Set(ALL_RULES.map((r) => r.slug)).size).toBe(39);
    const sev = Object.fromEntries(ALL_RULES.map((r) => [r.id, r.severity]));
    for (const id of ['V01', 'V06', 'V08', 'V11', 'V20', 'V26', 'V34', 'V36', 'V37']) expect(sev[id], id).toBe('error');
    for (const id of ['V10', 'V19', 'V25', 'V31']) expect(sev[id], id).toBe('info');
  });
});

describe('silent on good generated files', () => {
  it('the reference good file has no findings', () => {
    expect(run(GOOD)).toEqual([]);
  });

  for (const version of VERSIONS) {
    for (const family of FAMILIES) {
      it(`v${version} ${family}: no errors; only the findings the domain expects`, () => {
        // mdb4: step 1 has Torque Max 8 A and ends on STROKE_LIMIT by design (V24, as in every real MDB file);
        // single: one step, the abyss model cannot run (V25); v11: duplicate `Gap Length (mm)` header (V07).
        const allowed = new Set<string>();
        if (family === 'mdb4') allowed.add('V24');
        if (family === 'single') allowed.add('V25');
        if (version === 11) allowed.add('V07');
        for (const seed of [1, 2, 3]) {
          const f = parsedGenerated({ seed: seed * 7919 + version, version, family });
          const found = run(f);
          expect(found.filter((x) => x.severity === 'error')).toEqual([]);
          const unexpected = found.filter((x) => !allowed.has(x.ruleId));
          expect(unexpected, `seed ${seed}`).toEqual([]);
        }
      });
    }
  }
});

describe('each rule fires on a minimal bad case', () => {
  it('V01 General Infos missing / Datas empty; findingFromParseError', () => {
    fires('V01', (f) => {
      f.sections = f.sections.filter((s) => s.name !== 'General Infos');
    });
    expect(of(run(truncate(GOOD, 0)), 'V01')).toHaveLength(1);
    const pe = findingFromParseError({ source: 'x.xls', line: 12, expected: 'a number', message: "x.xls line 12: expected a number, found 'abc'" });
    expect(pe).toEqual({ ruleId: 'V01', severity: 'error', message: "x.xls line 12: expected a number, found 'abc'", location: { line: 12 } });
    expect(findingFromParseError({ source: 'e.xls', line: 0, expected: 'text', message: 'e.xls: empty' }).location).toEqual({});
  });

  it('V02 unknown version', () => {
    fires('V02', (f) => void (f.version = 5));
    fires('V02', (f) => void (f.version = null));
  });

  it('V03 sample rate', () => {
    const [x] = fires('V03', (f) => void (f.sampleRateHz = 50));
    expect(x!.location.section).toBe('General Infos');
    expect(x!.location.line).toBe(3);
  });

  it('V04 1970, unparseable, future, missing', () => {
    const [x] = fires('V04', (f) => void (f.date = { raw: '1970-01-01:06:38:39', iso: '1970-01-01T06:38:39', clockUnset: true }));
    expect(x!.message).toContain('1970');
    fires('V04', (f) => void (f.date = { raw: 'yesterday', iso: null, clockUnset: false }));
    fires('V04', (f) => void (f.date = { raw: '2031-01-01:00:00:00', iso: '2031-01-01T00:00:00', clockUnset: false }));
    fires('V04', (f) => void (f.date = null));
  });

  it('V05 converted-file signature', () => {
    const semi = parsedGenerated({ seed: 3, version: 8, family: 'mdb4', separator: ';' });
    expect(of(run(semi), 'V05')[0]!.message).toContain("';' separator");
    fires('V05', (f) => void (f.data.decimal = 'dot'));
    fires('V05', (f) => void (f.date = { raw: '2024-05-08T17:51:30Z', iso: '2024-05-08T17:51:30Z', clockUnset: false }));
    fires('V05', (f) => void (f.source = 'misc/MQTT_to_XLS_17070144_175b.xls'));
  });

  it('V06 required column missing', () => {
    const [x] = fires('V06', (f) => void (f.data.columns = f.data.columns.filter((c) => c.key !== 'stop_code')));
    expect(x!.message).toContain('Stop code');
  });

  it('V07 header mismatch / duplicate names (v11)', () => {
    const v11 = parsedGenerated({ seed: 4, version: 11, family: 'ham' });
    expect(of(run(v11), 'V07').length).toBeGreaterThan(0);
    fires('V07', (f) => void f.irregularities.push({ code: 'header_mismatch', message: '13 names over 9 values; mapped to the v9 layout', section: 'Datas', line: 50 }));
  });

  it('V08 NaN data cell', () => {
    const [x] = fires('V08', (f) => void (col(f, 'i_thrust')[17] = NaN));
    expect(x!.location).toMatchObject({ section: 'Datas', sample: 17, column: 'I Thrust (A)' });
  });

  it('V09 short metadata row', () => {
    fires('V09', (f) => void f.irregularities.push({ code: 'misaligned', message: '8 values for 9 names', section: 'Motor Datas', line: 11 }));
  });

  it('V10 NUL in text (info)', () => {
    const nul = parsedGenerated({ seed: 5, version: 9, family: 'mdb4', motorNameNul: true });
    const x = of(run(nul), 'V10');
    expect(x).toHaveLength(1);
    expect(x[0]!.severity).toBe('info');
  });

  it('V11 Position above 0', () => {
    const [x] = fires('V11', (f) => void (col(f, 'position')[3] = 0.25));
    expect(x!.location.sample).toBe(3);
    expect(x!.location.line).toBe(GOOD.data.headerLine + 4);
  });

  it('V12 depth range', () => {
    fires('V12', (f) => {
      const p = col(f, 'position');
      for (let i = 0; i < p.length; i++) p[i] = -0.5 - i * 1e-5;
    });
    fires('V12', (f) => {
      const p = col(f, 'position');
      p[p.length - 1] = -75;
    });
  });

  it('V13 first sample too deep', () => fires('V13', (f) => void (col(f, 'position')[0] = -4)));

  it('V14 back-move', () => {
    const [x] = fires('V14', (f) => {
      const p = col(f, 'position');
      for (let i = 100; i < 104; i++) p[i] = (p[99] as number) + 0.5;
    });
    expect(x!.message).toContain('0.5');
  });

  it('V15 last sample not the deepest', () =>
    fires('V15', (f) => {
      const p = col(f, 'position');
      p[p.length - 1] = (p[p.length - 1] as number) + 1;
    }));

  it('V16 fewer than 50 rows', () => fires('V16', (f) => truncate(f, 30)));

  it('V17 advance per sample ≠ programmed feed', () => {
    const [x] = fires('V17', (f) => {
      const p = f.program.find((s) => s.stepNb === 1)!;
      p.feedMmS = 3;
    });
    expect(x!.location.step).toBe(1);
  });

  it('V18 rows per step ≠ Step Results duration', () => fires('V18', (f) => void (f.stepResults[0]!.durationS! *= 2)));

  it('V19 rows per second (info)', () => fires('V19', (f) => void (f.results.cycleTimeS = 10_000)));

  it('V20 non-integer step, repeated block, decreasing blocks', () => {
    fires('V20', (f) => void (col(f, 'step')[0] = 1.5));
    const [x] = fires('V20', (f) => {
      const s = col(f, 'step');
      for (let i = s.length - 10; i < s.length; i++) s[i] = 1;
    });
    expect(x!.message).toContain('two blocks');
    fires('V20', (f) => {
      const s = col(f, 'step');
      const segs = stepSegments(f);
      for (let i = segs[2]!.startIndex; i < s.length; i++) s[i] = 0;
    });
  });

  it('V21 step disabled in Program / Step Results ≠ Datas', () => {
    fires('V21', (f) => void (f.program.find((s) => s.stepNb === 2)!.enabled = false));
    fires('V21', (f) => void (f.program = f.program.filter((s) => s.stepNb !== 3)));
    const [x] = fires('V21', (f) => void (f.stepResults = f.stepResults.slice(0, 2)));
    expect(x!.message).toContain('Step Results ≠ Datas');
    fires('V21', (f) => void (f.stepResults[1]!.stopCode = 64));
    fires('V21', (f) => void (f.stepResults = []));
  });

  it('V22 stop code away from the step end', () => {
    const [x] = fires('V22', (f) => void (col(f, 'stop_code')[10] = 1));
    expect(x!.location.sample).toBe(10);
  });

  it('V23 anomaly bit or Cycle OK=False', () => {
    const anomalous = parsedGenerated({ seed: 9, version: 9, family: 'mdbmql', anomaly: true });
    const found = of(run(anomalous), 'V23');
    expect(found.map((x) => x.message).join('\n')).toContain('KILLMOT_M1 + TORQUE_LIMIT (131074)');
    expect(found.map((x) => x.message).join('\n')).toContain('Cycle OK = False');
    fires('V23', (f) => void (f.results.cycleOk = false));
    fires('V23', (f) => void (f.stepResults[0]!.stopCode = 128));
  });

  it('V24 trigger step ended on STROKE_LIMIT', () => {
    const mdb4 = parsedGenerated({ seed: 12, version: 9, family: 'mdb4' });
    const found = of(run(mdb4), 'V24');
    expect(found).toHaveLength(1);
    expect(found[0]!.location.step).toBe(1);
    expect(found[0]!.message).toContain('Torque Max 8 A');
  });

  it('V25 fewer than 2 steps or no step 2 (info)', () => {
    const single = parsedGenerated({ seed: 13, version: 4, family: 'single' });
    expect(of(run(single), 'V25')[0]!.severity).toBe('info');
    fires('V25', (f) => {
      const s = col(f, 'step');
      for (let i = 0; i < s.length; i++) if (s[i] === 2) s[i] = 5;
    });
  });

  it('V26 no-load current not constant within a step', () =>
    fires('V26', (f) => {
      const t = col(f, 'i_torque_empty');
      t[20] = (t[20] as number) + 0.098;
    }));

  it('V27 no-load current out of range', () => {
    fires('V27', (f) => void col(f, 'i_torque_empty').fill(20));
    fires('V27', (f) => void col(f, 'i_thrust_empty').fill(0.9));
  });

  it('V28 no-load current ≠ Step Results', () => fires('V28', (f) => void (f.stepResults[0]!.m1NoLoadAmp! += 0.5)));

  it('V29 torque / thrust out of range', () => {
    fires('V29', (f) => void (col(f, 'i_torque')[100] = 80));
    fires('V29', (f) => void (col(f, 'i_thrust')[100] = -0.5));
  });

  it('V30 air cycle', () => fires('V30', (f) => void col(f, 'i_torque').fill(0.049)));

  it('V31 torque off the 0.0488 A grid (info)', () =>
    fires('V31', (f) => {
      const t = col(f, 'i_torque');
      for (let i = 0; i < t.length; i++) t[i] = Math.round((t[i]! + 0.017) * 1000) / 1000;
    }));

  it('V32 Results Distance not as the version says', () => {
    fires('V32', (f) => void (f.results.distanceMm! += 1));
    // v4: distance = final depth
    const v4 = parsedGenerated({ seed: 14, version: 4, family: 'tuhh' });
    expect(of(run(v4), 'V32')).toEqual([]);
    const bad = clone(v4);
    bad.results.distanceMm = -(col(v4, 'position')[0] as number);
    expect(of(run(bad), 'V32')).toHaveLength(1);
  });

  it('V33 file name ≠ metadata', () => {
    const [x] = fires('V33', (f) => void (f.source = f.source.replace(/_ST_(\d+)_/, (_m, g: string) => `_ST_${Number(g) + 1}_`)));
    expect(x!.message).toContain('global counter');
    fires('V33', (f) => void (f.source = 'E0000000000000AA_114-V3-002-MQ_ST_1_1.xls'));
    // A numeric first token equal to the Motor SN is accepted (2312041_23120041_ST_1378_95.xls).
    const mdb4 = parsedGenerated({ seed: 15, version: 9, family: 'mdb4' });
    const ok = clone(mdb4);
    ok.source = `${ok.motor.sn}_${ok.head.name}_ST_${ok.head.globalCounter}_${ok.head.localCounter}.xls`;
    expect(of(run(ok), 'V33')).toEqual([]);
  });
});

describe('helpers', () => {
  it('errors exclude from training; severities sort and count', () => {
    const fs: Finding[] = [
      { ruleId: 'V10', severity: 'info', message: 'i', location: {} },
      { ruleId: 'V04', severity: 'warning', message: 'w', location: {} },
      { ruleId: 'V06', severity: 'error', message: 'e', location: {} },
    ];
    expect(excludesFromTraining(fs)).toBe(true);
    expect(excludesFromTraining(fs.slice(0, 2))).toBe(false);
    expect(worstSeverity(fs)).toBe('error');
    expect(worstSeverity([])).toBeNull();
    expect(countBySeverity(fs)).toEqual({ error: 1, warning: 1, info: 1 });
    expect(sortFindings(fs).map((f) => f.ruleId)).toEqual(['V06', 'V04', 'V10']);
  });

  it('a rule that throws reports a warning instead of stopping the others', () => {
    const broken = clone(GOOD);
    // @ts-expect-error deliberately damaged input
    broken.program = null;
    const found = run(broken);
    expect(found.some((f) => f.message.includes('could not run'))).toBe(true);
    expect(ids(found).length).toBeGreaterThan(0);
  });
});

describe('V17 median advance', () => {
  /** The definition: every advance pos[i-1] − pos[i] of the segment, sorted, middle value (mean of two). */
  function naive(pos: Float64Array, start: number, end: number): number {
    const d: number[] = [];
    for (let i = start + 1; i <= end; i++) d.push(pos[i - 1]! - pos[i]!);
    if (d.length === 0) return NaN;
    d.sort((a, b) => a - b);
    const m = d.length >> 1;
    return d.length % 2 ? d[m]! : (d[m - 1]! + d[m]!) / 2;
  }

  it('equals the sorted middle value for any positions (ties, steps back, ±Inf, NaN)', () => {
    const cell = fc.oneof(
      { weight: 20, arbitrary: fc.integer({ min: -5000, max: 0 }).map((k) => k / 1000) },
      { weight: 1, arbitrary: fc.constantFrom(-Infinity, Infinity, NaN, -0) },
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 300 }), fc.nat(), fc.nat(), (values, a, b) => {
        const pos = Float64Array.from(values);
        const start = a % pos.length;
        const end = start + (b % (pos.length - start));
        expect(Object.is(medianAdvance(pos, start, end) + 0, naive(pos, start, end) + 0)).toBe(true);
      }),
      { seed: 17, numRuns: 2000 },
    );
  });
});

describe('validateFile with a prebuilt context', () => {
  it('gives the same findings, and the context holds the segments the rules saw', () => {
    const f = clone(GOOD);
    col(f, 'i_thrust')[3] = NaN;
    const ctx = buildContext(f, NOW);
    expect(validateFile(f, { context: ctx })).toEqual(run(f));
    expect(ctx.segments).toEqual(stepSegments(f));
  });

  it('refuses a context built for another file', () => {
    expect(() => validateFile(clone(GOOD), { context: buildContext(GOOD, NOW) })).toThrow(/another file/);
  });
});
