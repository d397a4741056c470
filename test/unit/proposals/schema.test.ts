/** Fitting proposals to a label schema: only classes the schema holds, as the kind and value it holds. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../../src/main/labels/defaultSchema';
import type { LabelSchema } from '../../../src/shared/api/labels.contract';
import { ATTRIBUTE, PROPOSED_CLASSES, proposeLabels } from '../../../src/shared/labels/proposals/index';
import { generated } from './fixtures';

// A motor fault with Cycle OK = False: points, ranges, anomaly flags and an `anomaly` cause.
const input = generated({ seed: 4, version: 9, family: 'mdbmql', anomaly: true }).input;

describe('with the default schema', () => {
  const all = proposeLabels(input);
  const fitted = proposeLabels(input, { schema: DEFAULT_SCHEMA });

  it('holds every class the engine proposes, as the kind and value type it proposes', () => {
    for (const c of PROPOSED_CLASSES) expect(DEFAULT_SCHEMA.classes.find((d) => d.id === c.id), c.id).toMatchObject({ kind: c.kind, valueType: c.valueType });
  });

  it('keeps every point, range and attribute', () => {
    expect(all.attributes.map((a) => a.classId).sort()).toEqual([ATTRIBUTE.anomaly, ATTRIBUTE.anomalyStopCode, ATTRIBUTE.cycleOk].sort());
    expect(fitted).toEqual(all);
    expect(fitted.notInSchema).toEqual([]);
  });

  it('names the flags a schema without the proposed classes lacks, and keeps the rest', () => {
    const proposed = new Set<string>(PROPOSED_CLASSES.map((c) => c.id));
    const older: LabelSchema = { classes: DEFAULT_SCHEMA.classes.filter((c) => !proposed.has(c.id)) };
    const res = proposeLabels(input, { schema: older });
    expect(res.proposals).toEqual(all.proposals);
    expect(res.attributes.map((a) => a.classId)).toEqual([ATTRIBUTE.anomaly]);
    expect(res.notInSchema.sort()).toEqual([ATTRIBUTE.anomalyStopCode, ATTRIBUTE.cycleOk].sort());
  });
});

describe('with a schema of its own', () => {
  it('drops classes it lacks or holds as another kind', () => {
    const schema: LabelSchema = {
      classes: [
        { id: 'entry', name: 'Entry', kind: 'point', colour: '#2ca02c', hotkey: 'e' },
        { id: 'ti', name: 'Ti as a point', kind: 'point', colour: '#8c564b', hotkey: null },
      ],
    };
    const res = proposeLabels(input, { schema });
    expect(res.proposals.map((p) => p.classId)).toEqual(['entry']);
    expect(res.notInSchema).toEqual(expect.arrayContaining(['ti', 'exit', 'cfrp', 'anomaly']));
  });

  it("puts a cause it has no choice for under 'other', or drops it when there is no 'other'", () => {
    const dead = generated({ seed: 9, version: 4, family: 'tuhh' }).input;
    const torque = new Float64Array(dead.columns.torque!.length);
    const deadInput = { ...dead, columns: { ...dead.columns, torque } };
    const withOther: LabelSchema = { classes: [{ id: 'anomaly', name: 'Anomaly', kind: 'attribute', colour: '#843c39', hotkey: 'a', valueType: 'choice', choices: ['none', 'other'] }] };
    const a = proposeLabels(deadInput, { schema: withOther }).attributes;
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ value: 'other' });
    expect(a[0]!.reasons.at(-1)).toBe("the schema has no choice 'sensor fault': proposed as 'other'");
    const without: LabelSchema = { classes: [{ ...withOther.classes[0]!, choices: ['none'] }] };
    expect(proposeLabels(deadInput, { schema: without })).toMatchObject({ attributes: [], notInSchema: ['anomaly'] });
  });
});
