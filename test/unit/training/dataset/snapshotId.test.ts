/** Canonical JSON and the snapshot id (training/dataset/canonicalJson.ts, snapshotId.ts). */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../src/main/training/dataset/canonicalJson';
import { snapshotIdOf } from '../../../../src/main/training/dataset/snapshotId';
import type { Manifest } from '../../../../src/shared/training/manifest';

type Body = Omit<Manifest, 'snapshotId' | 'created'>;

function body(): Body {
  return {
    schemaVersion: 1,
    channels: ['torque_net'],
    resampling: { kind: 'depth', stepMm: 0.02 },
    normalisation: { mean: [1], std: [2] },
    classes: ['exit'],
    selection: { sources: ['stepcode'], minClasses: 1, folder: null },
    split: { groupBy: 'head', valFraction: 0.2, valOrder: 'random', folds: null, seed: 0 },
    labelSetHash: 'x',
    arrays: { labels: 'labels.npy' },
    files: [],
    excluded: [],
    counts: { files: 0, train: 0, val: 0, groups: 0, labels: { exit: 0 } },
  };
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe('{"a":{"c":null,"d":[3,1]},"b":1}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow(/NaN is not a JSON number/);
  });
});

describe('snapshotIdOf', () => {
  it('ignores snapshotId, created and key order; changes with any content', () => {
    const id = snapshotIdOf(body());
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(body()).reverse()) as Body;
    expect(snapshotIdOf(reordered)).toBe(id);
    expect(snapshotIdOf({ ...body(), snapshotId: 'y'.repeat(64), created: { at: 'now', by: 'me', app: 'udw', catalog: '/c' } })).toBe(id);
    expect(snapshotIdOf({ ...body(), split: { ...body().split, seed: 1 } })).not.toBe(id);
  });
});
