import { describe, expect, it } from 'vitest';
import { generateSetitec } from '../../../src/shared/setitec/generator';
import { parseSetitecText } from '../../../src/shared/setitec/parse';
import { stepSegments } from '../../../src/shared/setitec/segments';
import {
  checkExitWithinStep,
  checkGripCode,
  checkLabelOrder,
  checkLabels,
  checkThickness,
  exitStepMaxDepth,
  gripCode,
  totalDepth,
} from '../../../src/shared/validation';

describe('label checks V36–V39', () => {
  it('V36 entry < transition < exit', () => {
    expect(checkLabelOrder({ entry: 4.5, transition: 5, exit: 18.5 })).toEqual([]);
    expect(checkLabelOrder({ entry: 4.5, transition: null, exit: 18.5 })).toEqual([]);
    const bad = checkLabelOrder({ entry: 6, transition: 5, exit: 18.5 });
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ ruleId: 'V36', severity: 'error' });
    expect(checkLabelOrder({ entry: 4, transition: 19, exit: 18 })[0]!.message).toContain('transition');
    expect(checkLabelOrder({ entry: 5, transition: null, exit: 5 })).toHaveLength(1);
    expect(checkLabelOrder({ entry: NaN, transition: 1, exit: 2 })[0]!.ruleId).toBe('V36');
  });

  it('V37 exit not deeper than the exit step', () => {
    expect(checkExitWithinStep({ entry: 1, transition: null, exit: 20 }, 20.2)).toEqual([]);
    expect(checkExitWithinStep({ entry: 1, transition: null, exit: 20.3 }, 20.2)[0]).toMatchObject({ ruleId: 'V37', severity: 'error' });
    expect(checkExitWithinStep({ entry: 1, transition: null, exit: null }, 20.2)).toEqual([]);
  });

  it('V38 total depth vs measured thickness ±0.5 mm', () => {
    expect(checkThickness({ entry: 4, transition: null, exit: 19 }, 15.4)).toEqual([]);
    expect(checkThickness({ entry: 4, transition: null, exit: 19 }, 14.4)[0]).toMatchObject({ ruleId: 'V38', severity: 'warning' });
    expect(checkThickness({ entry: 4, transition: null, exit: 19 }, null)).toEqual([]);
  });

  it('V39 grip code = floor(d / 1.5875) + 1', () => {
    expect(gripCode(0)).toBe(1);
    expect(gripCode(1.5874)).toBe(1);
    expect(gripCode(1.5875)).toBe(2);
    expect(gripCode(18)).toBe(12);
    expect(totalDepth({ entry: 4, transition: null, exit: 22 })).toBe(18);
    expect(checkGripCode({ entry: 4, transition: null, exit: 22 }, 12)).toEqual([]);
    expect(checkGripCode({ entry: 4, transition: null, exit: 22 }, 13)[0]).toMatchObject({ ruleId: 'V39', severity: 'warning' });
  });

  it('the generator’s ground truth passes V36 and V37 against its own segments', () => {
    for (const family of ['mdb4', 'mdbmql', 'ham'] as const) {
      const gen = generateSetitec({ seed: 21, version: 9, family });
      const r = parseSetitecText(gen.text, gen.expected.fileName);
      if (!r.ok) throw new Error(r.error.message);
      const segs = stepSegments(r.file);
      const t = gen.expected.truth;
      const deepest = exitStepMaxDepth(segs);
      // The TORQUE_MIN step ends after the break-through, so the true exit is shallower than its deepest point.
      expect(deepest).not.toBeNull();
      expect(t.exit).toBeLessThan(deepest!);
      expect(checkLabels({ entry: t.entry, transition: t.transition, exit: t.exit, segments: segs, measuredThicknessMm: t.exit - t.entry, gripCode: gripCode(t.exit - t.entry) })).toEqual([]);
      expect(checkLabels({ entry: t.entry, transition: t.transition, exit: deepest! + 1, segments: segs }).map((f) => f.ruleId)).toEqual(['V37']);
    }
  });
});
