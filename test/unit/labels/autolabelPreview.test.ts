// The preview of an auto-label job, counted from hand-made engine results.
import { describe, expect, it } from 'vitest';
import { AutolabelJob, type FileResult } from '../../../src/main/labels/autolabel/autolabelJob';
import { keptProposals, previewOf } from '../../../src/main/labels/autolabel/previewSummary';
import type { AttributeProposal, Proposal } from '../../../src/shared/labels/proposals/index';

const point = (classId: string, confidence: number, source: Proposal['source'] = 'stepcode'): Proposal => ({
  classId,
  depth: 1,
  depthEnd: null,
  sampleIndex: 3,
  sampleIndexEnd: null,
  source,
  provenance: source === 'stepcode' ? 'stepcode@1' : 'heuristic-torque-walkback@1',
  confidence,
  reasons: ['because'],
  evidence: {},
});
const attribute = (classId: string, value: AttributeProposal['value'], confidence: number): AttributeProposal => ({
  classId,
  value,
  source: 'stepcode',
  provenance: 'stepcode-anomaly@1',
  confidence,
  reasons: ['recorded'],
  evidence: {},
});
const result = (fileId: number, proposals: Proposal[], attributes: AttributeProposal[] = [], notInSchema: string[] = []): FileResult => ({
  fileId,
  path: `/data/${fileId}.xls`,
  proposals,
  attributes,
  notInSchema,
});

describe('keptProposals', () => {
  it('keeps confidences at or above the minimum, and one attribute per class (the most confident)', () => {
    const r = result(1, [point('entry', 0.5), point('exit', 0.49)], [attribute('anomaly', 'other', 0.5), attribute('anomaly', 'tool break', 0.9), attribute('cycle_ok', false, 1)]);
    const kept = keptProposals(r, 0.5);
    expect(kept.proposals.map((p) => p.classId)).toEqual(['entry']);
    expect(kept.attributes.map((a) => [a.classId, a.value])).toEqual([
      ['anomaly', 'tool break'],
      ['cycle_ok', false],
    ]);
    expect(keptProposals(r, 0.95).attributes.map((a) => a.classId)).toEqual(['cycle_ok']);
  });
});

describe('previewOf', () => {
  it('counts per class, source and tier over what passes the filter, lists files with none and failures in scope order', () => {
    const files = [1, 2, 3, 4].map((fileId) => ({ fileId, path: `/data/${fileId}.xls`, unparsed: null }));
    const job = new AutolabelJob('j', { kind: 'all' }, files);
    job.results.set(2, result(2, [point('entry', 0.3, 'heuristic')]));
    job.results.set(1, result(1, [point('entry', 0.95), point('exit', 0.85), point('cfrp', 0.6, 'heuristic')], [attribute('anomaly', 'other', 0.5)], ['cycle_ok']));
    job.failures.set(3, { fileId: 3, path: '/data/3.xls', message: '/data/3.xls: no signals' });
    job.minConfidence = 0.4;
    const preview = previewOf(job, 'cancelled', 0);
    expect(preview).toMatchObject({ jobId: 'j', state: 'cancelled', minConfidence: 0.4, resumedFrom: 0 });
    expect(preview.summary).toEqual({
      files: 4,
      done: 3,
      proposals: 3,
      attributes: 1,
      byClass: { entry: 1, exit: 1, cfrp: 1, anomaly: 1 },
      bySource: { stepcode: 3, heuristic: 1 },
      byTier: { high: 2, medium: 2, low: 0 },
      filesWithNone: [{ fileId: 2, path: '/data/2.xls' }],
      failed: [{ fileId: 3, path: '/data/3.xls', message: '/data/3.xls: no signals' }],
      notInSchema: ['cycle_ok'],
    });
    expect(preview.files).toEqual([
      { fileId: 1, path: '/data/1.xls', proposals: 3, attributes: 1 },
      { fileId: 2, path: '/data/2.xls', proposals: 0, attributes: 0 },
    ]);
  });
});
