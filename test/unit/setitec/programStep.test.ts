/**
 * The one program-step definition: the zod schemas, the table of Program headers and catalog columns, and
 * the API view agree with each other and with what the parser really returns.
 */
import { describe, expect, it } from 'vitest';
import { FAMILIES, VERSIONS, generateSetitec, programHeader } from '../../../src/shared/setitec/generator';
import { parseSetitecText } from '../../../src/shared/setitec/parse';
import { PROGRAM_SETTINGS, PROGRAM_SETTING_KEYS, programStepView } from '../../../src/shared/setitec/programSettings';
import { ProgramStepSchema, ProgramStepView } from '../../../src/shared/setitec/programStep';

describe('program step definition', () => {
  it('the settings table has the schema’s keys in the schema’s order (the layout of program_json)', () => {
    expect(Object.keys(ProgramStepView.shape)).toEqual(['stepNb', 'enabled', ...PROGRAM_SETTING_KEYS]);
    expect(Object.keys(ProgramStepSchema.shape)).toEqual(['stepNb', 'enabled', ...PROGRAM_SETTING_KEYS, 'fields']);
  });

  it('names distinct snake_case catalog columns, and every version’s Program header has each setting', () => {
    const columns = PROGRAM_SETTING_KEYS.map((k) => PROGRAM_SETTINGS[k].column);
    expect(new Set(columns).size).toBe(columns.length);
    for (const c of columns) expect(c).toMatch(/^[a-z]+(_[a-z]+)*$/);
    for (const version of VERSIONS) {
      const header = programHeader(version);
      for (const key of PROGRAM_SETTING_KEYS) {
        const found = PROGRAM_SETTINGS[key].headers.filter((h) => header.includes(h));
        expect(found, `v${version} ${key}`).toHaveLength(1);
      }
    }
  });

  it('the parser’s steps satisfy the schema (Inf included) and their views satisfy the API schema', () => {
    let infinite = 0;
    for (const version of VERSIONS) {
      for (const family of FAMILIES) {
        const gen = generateSetitec({ seed: 8, version, family, rows: 200 });
        const r = parseSetitecText(gen.text, gen.expected.fileName);
        if (!r.ok) throw new Error(r.error.message);
        expect(r.file.program).toEqual(gen.expected.program);
        for (const step of r.file.program) {
          expect(ProgramStepSchema.safeParse(step).success, `v${version} ${family} step ${step.stepNb}`).toBe(true);
          const view = programStepView(step);
          expect(ProgramStepView.parse(view)).toEqual(view);
          for (const key of PROGRAM_SETTING_KEYS) {
            const v = step[key];
            if (v !== null && !Number.isFinite(v)) {
              infinite++;
              expect(view[key]).toBeNull();
            } else expect(view[key]).toBe(v);
          }
        }
      }
    }
    // Disabled steps write `Inf` as their feed per revolution: the case the view exists for was exercised.
    expect(infinite).toBeGreaterThan(0);
  });

  it('the API schema refuses what JSON cannot carry', () => {
    const gen = generateSetitec({ seed: 8, version: 9, family: 'mdbmql' });
    const r = parseSetitecText(gen.text, gen.expected.fileName);
    if (!r.ok) throw new Error(r.error.message);
    const withInf = r.file.program.find((p) => p.feedMmRev === Infinity);
    expect(withInf).toBeDefined();
    const { fields: _fields, ...raw } = withInf!;
    expect(ProgramStepView.safeParse(raw).success).toBe(false);
    expect(ProgramStepView.safeParse(programStepView(withInf!)).success).toBe(true);
  });
});
