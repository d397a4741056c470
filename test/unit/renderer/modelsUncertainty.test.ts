/** Uncertainty-first labelling (issue 13): the catalog's confidence sort, the disagreement filter and "next most uncertain". */
import { describe, expect, it } from 'vitest';
import type { FileRow } from '../../../src/shared/api/catalog.contract';
import { EMPTY_FILTER, filterFiles, sortFiles } from '../../../src/renderer/features/catalog/catalogModel';
import { disagreesBeyond, nextMostUncertain, parseDistance, UNCERTAINTY_SORT } from '../../../src/renderer/features/models/uncertainty';

function row(id: number, extra: Partial<FileRow> = {}): FileRow {
  return {
    id,
    path: `/data/a/f${id}.xls`,
    folder: '/data/a',
    name: `f${id}.xls`,
    size: 1000,
    hash: 'h',
    version: 9,
    date: null,
    headName: null,
    headTag: null,
    globalCounter: null,
    localCounter: null,
    rowCount: 100,
    steps: [1],
    depthMin: 0,
    depthMax: 10,
    findings: { error: 0, warning: 0, info: 0 },
    status: 'unlabelled',
    verdict: null,
    labelCount: 0,
    missing: false,
    duplicateOf: null,
    parseError: null,
    ...extra,
  };
}

const files = [
  row(1, { modelConfidence: 0.9, modelDisagreementMm: 0.1 }),
  row(2, { modelConfidence: null }),
  row(3, { modelConfidence: 0.2, modelDisagreementMm: 1.4 }),
  row(4),
  row(5, { modelConfidence: 0.55, modelDisagreementMm: null, status: 'labelled' }),
  row(6, { modelConfidence: 0.4, modelDisagreementMm: 0.5 }),
];
const ids = (rows: readonly FileRow[]): number[] => rows.map((f) => f.id);

describe('sorting the catalog by model confidence', () => {
  it('puts the least certain first and files the model has not seen last', () => {
    expect(ids(sortFiles(files, UNCERTAINTY_SORT))).toEqual([3, 6, 5, 1, 2, 4]);
  });

  it('keeps files without a confidence last when descending too', () => {
    expect(ids(sortFiles(files, { key: 'confidence', dir: 'desc' }))).toEqual([1, 5, 6, 3, 2, 4]);
  });

  it('sorts by disagreement with the stop code, unknown last', () => {
    expect(ids(sortFiles(files, { key: 'disagreement', dir: 'desc' }))).toEqual([3, 6, 1, 2, 4, 5]);
  });
});

describe('the disagreement filter', () => {
  it('passes everything without a distance', () => {
    expect(ids(filterFiles(files, EMPTY_FILTER))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ids(filterFiles(files, { ...EMPTY_FILTER, disagreementMm: null }))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps only files where model and stop code are more than the distance apart', () => {
    expect(ids(filterFiles(files, { ...EMPTY_FILTER, disagreementMm: 0.5 }))).toEqual([3]);
    expect(ids(filterFiles(files, { ...EMPTY_FILTER, disagreementMm: 0 }))).toEqual([1, 3, 6]);
    expect(disagreesBeyond(row(9, { modelDisagreementMm: null }), 0)).toBe(false);
  });

  it('combines with the other filters', () => {
    expect(ids(filterFiles(files, { ...EMPTY_FILTER, disagreementMm: 0, status: 'unlabelled', text: 'f6' }))).toEqual([6]);
  });

  it('reads the distance as people type it', () => {
    expect(parseDistance('0,75')).toBe(0.75);
    expect(parseDistance(' 2 ')).toBe(2);
    expect(parseDistance('')).toBeNull();
    expect(parseDistance('-1')).toBeNull();
    expect(parseDistance('abc')).toBeNull();
  });
});

describe('next most uncertain', () => {
  const order = sortFiles(files, UNCERTAINTY_SORT);

  it('starts at the least certain file from a file outside the order', () => {
    expect(nextMostUncertain(order, null)!.id).toBe(3);
    expect(nextMostUncertain(order, 4)!.id).toBe(3);
  });

  it('goes on in the order, skipping labelled files, and wraps around', () => {
    expect(nextMostUncertain(order, 3)!.id).toBe(6);
    expect(nextMostUncertain(order, 6)!.id).toBe(1);
    expect(nextMostUncertain(order, 1)!.id).toBe(3);
  });

  it('is null when no other file with model proposals needs a human', () => {
    const done = order.map((f) => (f.id === 3 ? f : { ...f, status: 'reviewed' as const }));
    expect(nextMostUncertain(done, 3)).toBeNull();
    expect(nextMostUncertain([row(7), row(8)], null)).toBeNull();
  });
});
