/**
 * Whole-file anomaly attributes (DOMAIN §11.2): each flag appears on a file that carries its cause and on
 * no file that does not.
 */
import { describe, expect, it } from 'vitest';
import { ATTRIBUTE, CONFIDENCE, PROVENANCE, proposeLabels, type FileProposals } from '../../../src/shared/labels/proposals/index';
import { generated, handmade } from './fixtures';

function attr(res: FileProposals, classId: string) {
  return res.attributes.find((a) => a.classId === classId);
}

describe('a clean generated file', () => {
  it.each([
    ['mdbmql', 9],
    ['ham', 7],
    ['tuhh', 4],
  ] as const)('%s v%i has no anomaly attribute', (family, version) => {
    expect(proposeLabels(generated({ seed: 3, version, family }).input).attributes).toEqual([]);
  });
});

describe('motor fault (KILLMOT_M1 + TORQUE_LIMIT) with Cycle OK = False', () => {
  const res = proposeLabels(generated({ seed: 4, version: 9, family: 'mdbmql', anomaly: true }).input);

  it('names the stop code and the step it ends', () => {
    expect(attr(res, ATTRIBUTE.anomalyStopCode)).toMatchObject({
      value: 'KILLMOT_M1 + TORQUE_LIMIT (131074) ends step 3',
      source: 'stepcode',
      provenance: PROVENANCE.anomalyCode,
      confidence: CONFIDENCE.recorded,
      evidence: { codes: [131074] },
    });
  });

  it('flags Cycle OK = False and leaves the cause to a person', () => {
    expect(attr(res, ATTRIBUTE.cycleOk)).toMatchObject({ value: false, source: 'stepcode', confidence: CONFIDENCE.recorded });
    expect(attr(res, ATTRIBUTE.anomaly)).toMatchObject({ value: 'other', confidence: CONFIDENCE.causeOther });
  });

  it('proposes no countersink range: the hard stop was never reached', () => {
    expect(res.proposals.find((p) => p.classId === 'countersink')).toBeUndefined();
  });
});

describe('1970 date', () => {
  it('flags the unset controller clock', () => {
    const res = proposeLabels(generated({ seed: 5, version: 9, family: 'ham', date: '1970-01-01:06:38:39' }).input);
    expect(attr(res, ATTRIBUTE.clockUnset)).toMatchObject({ value: true, provenance: PROVENANCE.date, evidence: { date: '1970-01-01:06:38:39' } });
  });
});

describe('converted-file signature', () => {
  it("flags a ';' file", () => {
    const res = proposeLabels(generated({ seed: 6, version: 8, family: 'mdb4', separator: ';' }).input);
    expect(attr(res, ATTRIBUTE.convertedFile)).toMatchObject({ source: 'heuristic', confidence: CONFIDENCE.formatSignature, value: expect.stringContaining("';' separator") });
  });

  it('flags a converted file name and Step Results that disagree with Datas', () => {
    const input = handmade(
      [
        { step: 1, samples: 100, from: 0.6, to: 10, torque: 0.05, stopCode: 64, program: { torqueMaxA: 8 } },
      ],
      { fileName: '/data/MQTT_to_XLS_17070144_175b.xls', stepResults: [{ stepNumber: 0, stopCode: 1 }, { stepNumber: 1, stopCode: 64 }] },
    );
    const res = proposeLabels(input);
    expect(attr(res, ATTRIBUTE.convertedFile)?.value).toBe("converted file name 'MQTT_to_XLS_17070144_175b.xls', Step Results ≠ Datas");
    expect(attr(res, ATTRIBUTE.triggerNotFired)?.value).toBe('step 1: Torque Max 8 A, ended by STROKE_LIMIT (64)');
  });
});

describe('air cycle or dead torque channel (max net torque < 1 A)', () => {
  it('is a sensor fault when the thrust shows the cut', () => {
    const res = proposeLabels(handmade([{ step: 2, samples: 500, from: 0.6, to: 25, torque: 0.05, thrust: 0.9, stopCode: 8 }]));
    expect(attr(res, ATTRIBUTE.anomaly)).toMatchObject({ value: 'sensor fault', source: 'heuristic', provenance: PROVENANCE.torqueLevel, confidence: CONFIDENCE.signalLevel });
  });

  it('is an air cycle when the thrust stays low too', () => {
    const res = proposeLabels(handmade([{ step: 1, samples: 60, from: 2.8, to: 4, torque: 0.1, thrust: 0.03, stopCode: 64 }]));
    expect(attr(res, ATTRIBUTE.anomaly)?.value).toBe('air cycle');
  });

  it('is neither at 1 A and above', () => {
    const res = proposeLabels(handmade([{ step: 2, samples: 500, from: 0.6, to: 25, torque: (t) => (t > 0.5 ? 1.2 : 0), thrust: 0.9, stopCode: 8 }]));
    expect(attr(res, ATTRIBUTE.anomaly)).toBeUndefined();
  });
});

describe('a stray anomaly code away from the step end', () => {
  it('is found in the Stop code column', () => {
    const input = handmade([{ step: 2, samples: 300, from: 0.6, to: 20, torque: (t) => (t > 0.2 ? 5 : 0), stopCode: 64 }]);
    (input.columns.stopCode as Float64Array)[150] = 512;
    const res = proposeLabels(input);
    expect(attr(res, ATTRIBUTE.anomalyStopCode)?.value).toBe('TOOL_BREAK (512) at sample 150 in step 2');
    expect(attr(res, ATTRIBUTE.anomaly)).toMatchObject({ value: 'tool break', source: 'stepcode' });
  });
});
