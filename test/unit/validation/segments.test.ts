import { describe, expect, it } from 'vitest';
import { FAMILIES, VERSIONS, generateSetitec } from '../../../src/shared/setitec/generator';
import { parseSetitecText } from '../../../src/shared/setitec/parse';
import { depthRange, largestBackMove, segmentAt, segmentsFromColumns, stepSegments, stepSequence } from '../../../src/shared/setitec/segments';
import type { ProgramStep, StepResult } from '../../../src/shared/setitec/types';

function prog(stepNb: number): ProgramStep {
  return {
    stepNb,
    enabled: true,
    strokeMm: 10,
    rpm: 1000,
    feedMmS: 1,
    feedMmRev: 0.06,
    thrustMaxA: 0,
    torqueMaxA: 0,
    thrustMinA: 0,
    torqueMinA: 0,
    gapMm: 0,
    fields: {},
  };
}

describe('step segments', () => {
  it('splits contiguous Step (nb) blocks and reads the final stop code run', () => {
    const step = [2, 2, 2, 2, 2, 3, 3, 3, 3];
    const stop = [0, 0, 0, 64, 64, 0, 0, 8, 8];
    const position = [-0.5, -0.6, -0.7, -0.8, -0.8, -0.7, -0.9, -1.1, -1.1];
    const results: StepResult[] = [
      { stepNumber: 2, stopCode: 64, durationS: 0.05, distanceM2: 0.3, m1MaxAmp: 1, m2MaxAmp: 1, m1NoLoadAmp: 1, m2NoLoadAmp: 1, gapMaxMm: 0 },
      { stepNumber: 3, stopCode: 8, durationS: 0.04, distanceM2: 0.4, m1MaxAmp: 1, m2MaxAmp: 1, m1NoLoadAmp: 1, m2NoLoadAmp: 1, gapMaxMm: 0 },
    ];
    const segs = segmentsFromColumns({ step, stopCode: stop, position, program: [prog(0), prog(2), prog(3)], stepResults: results });
    expect(segs).toHaveLength(2);
    expect(segs[0]).toMatchObject({ step: 2, startIndex: 0, endIndex: 4, rowCount: 5, stopCode: 64, stopCodeRows: 2, strayStopCodeIndices: [] });
    expect(segs[0]!.startDepth).toBeCloseTo(0.5);
    expect(segs[0]!.endDepth).toBeCloseTo(0.8);
    expect(segs[1]).toMatchObject({ step: 3, startIndex: 5, endIndex: 8, stopCode: 8, stopCodeRows: 2 });
    // non-monotonic depth: the block starts with a back-move
    expect(segs[1]!.startDepth).toBeCloseTo(0.7);
    expect(segs[1]!.minDepth).toBeCloseTo(0.7);
    expect(segs[1]!.maxDepth).toBeCloseTo(1.1);
    expect(segs[1]!.maxDepthIndex).toBe(7);
    expect(segs[0]!.program?.stepNb).toBe(2);
    expect(segs[1]!.stepResult?.stopCode).toBe(8);
    expect(stepSequence(segs)).toEqual([2, 3]);
    expect(segmentAt(segs, 6)?.step).toBe(3);
    expect(segmentAt(segs, 99)).toBeNull();
  });

  it('records stray stop codes and a step without any', () => {
    const segs = segmentsFromColumns({ step: [1, 1, 1, 1, 1, 1, 1], stopCode: [0, 1, 0, 0, 0, 0, 0], position: [-1, -1, -1, -1, -1, -1, -1] });
    expect(segs[0]).toMatchObject({ stopCode: 1, stopCodeRows: 0, strayStopCodeIndices: [1] });
    const none = segmentsFromColumns({ step: [1, 1], stopCode: [0, 0], position: [-1, -2] });
    expect(none[0]).toMatchObject({ stopCode: 0, stopCodeRows: 0, program: null, stepResult: null });
  });

  it('keeps a repeated step as two segments and flags non-integer steps', () => {
    const segs = segmentsFromColumns({ step: [1, 1, 2, 1.5, 1], stopCode: [0, 0, 0, 0, 0], position: [-1, -1, -1, -1, -1] });
    expect(segs.map((s) => s.rawStep)).toEqual([1, 2, 1.5, 1]);
    expect(segs[2]!.stepIsInteger).toBe(false);
  });

  it('depthRange and largestBackMove tolerate non-monotonic depth', () => {
    const position = [-0.6, -1, -2, -1.6, -1.7, -2.5, -2.4, -3];
    const r = depthRange(position)!;
    expect(r).toMatchObject({ min: 0.6, max: 3, first: 0.6, last: 3, minIndex: 0, maxIndex: 7 });
    expect(r.span).toBeCloseTo(2.4);
    const bm = largestBackMove(position)!;
    expect(bm.amount).toBeCloseTo(0.4);
    expect(bm).toMatchObject({ fromIndex: 2, toIndex: 3 });
    expect(largestBackMove([-1, -2, -3])).toBeNull();
    expect(depthRange([])).toBeNull();
  });

  it('matches the generator’s segments for every version and family', () => {
    for (const version of VERSIONS) {
      for (const family of FAMILIES) {
        const gen = generateSetitec({ seed: 31 + version, version, family, rows: 500 });
        const r = parseSetitecText(gen.text, gen.expected.fileName);
        if (!r.ok) throw new Error(r.error.message);
        const segs = stepSegments(r.file);
        expect(
          segs.map((s) => ({ step: s.step, startIndex: s.startIndex, endIndex: s.endIndex, stopCode: s.stopCode, stopCodeRows: s.stopCodeRows })),
          `v${version} ${family}`,
        ).toEqual(gen.expected.segments);
        for (const s of segs) {
          expect(s.program?.enabled).toBe(true);
          if (version >= 7) expect(s.stepResult?.stopCode).toBe(s.stopCode);
        }
      }
    }
  });
});
