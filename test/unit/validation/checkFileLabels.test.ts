/** checkFileLabels: V36–V39 over stored labels, reading the classes and picking labels as the readouts do. */
import { describe, expect, it } from 'vitest';
import { checkFileLabels, LABEL_CHECK_CLASSES, type CheckedLabel } from '../../../src/shared/validation/labelChecks';

const at = (n: number): string => new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString();
const label = (classId: string, depth: number | null, value: CheckedLabel['value'] = null, source: CheckedLabel['source'] = 'human', t = 0): CheckedLabel => ({
  classId,
  depth,
  value,
  source,
  updatedAt: at(t),
});
const segments = [
  { stopCode: 1, maxDepth: 1.2 },
  { stopCode: 2048, maxDepth: 18.9 },
  { stopCode: 8, maxDepth: 20.5 },
];
const rules = (labels: CheckedLabel[]) => checkFileLabels(labels, segments).map((f) => f.ruleId);

describe('checkFileLabels', () => {
  it('reads the readouts’ classes and a recorded grip code', () => {
    expect(LABEL_CHECK_CLASSES).toMatchObject({ entry: 'entry', transition: 'cfrp_ti_transition', exit: 'exit', measuredThickness: 'stack_thickness', gripCode: 'grip_code' });
    const good = [label('entry', 2), label('cfrp_ti_transition', 9), label('exit', 18.5), label('stack_thickness', null, 16.5), label('grip_code', null, 11)];
    expect(rules(good)).toEqual([]);
    expect(rules([...good.slice(0, 4), label('grip_code', null, 12)])).toEqual(['V39']);
    expect(rules([label('entry', 2), label('exit', 19)])).toEqual(['V37']);
    expect(rules([label('entry', 10), label('cfrp_ti_transition', 9), label('exit', 18.5)])).toEqual(['V36']);
    expect(rules([label('entry', 2), label('exit', 18.5), label('stack_thickness', null, 15)])).toEqual(['V38']);
  });

  it('of several labels of a class, the most trusted (then the newest) counts', () => {
    expect(rules([label('entry', 2), label('exit', 18.5), label('exit', 25, null, 'model', 5)])).toEqual([]);
    expect(rules([label('entry', 2), label('exit', 25, null, 'human', 1), label('exit', 18.5, null, 'human', 2)])).toEqual([]);
    expect(rules([label('entry', 2), label('exit', 18.5, null, 'human', 1), label('exit', 25, null, 'human', 2)])).toEqual(['V37']);
  });

  it('ignores attribute values that are not numbers, and V37 without segments', () => {
    expect(rules([label('entry', 2), label('exit', 18.5), label('stack_thickness', null, 'n/a'), label('grip_code', null, true)])).toEqual([]);
    expect(checkFileLabels([label('entry', 2), label('exit', 30)], [])).toEqual([]);
    expect(checkFileLabels([], segments)).toEqual([]);
  });
});
