import { describe, expect, it } from 'vitest';
import { BATCH_LIMITS, splitBatch, type Batch } from '../../../src/main/sync/mlflow/batchSplit';

const metrics = (n: number, key = 'loss') => Array.from({ length: n }, (_, i) => ({ key, value: i / 7, timestamp: 1_700_000_000_000 + i, step: i }));
const kv = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `v${i}` }));
const entities = (b: Batch) => b.metrics.length + b.params.length + b.tags.length;

describe('splitBatch', () => {
  it('keeps every chunk within the server limits and loses nothing', () => {
    const all: Batch = { metrics: metrics(10_000), params: kv(250, 'p'), tags: kv(130, 't') };
    const chunks = splitBatch(all);
    for (const c of chunks) {
      expect(c.metrics.length).toBeLessThanOrEqual(BATCH_LIMITS.metrics);
      expect(c.params.length).toBeLessThanOrEqual(BATCH_LIMITS.params);
      expect(c.tags.length).toBeLessThanOrEqual(BATCH_LIMITS.tags);
      expect(entities(c)).toBeLessThanOrEqual(BATCH_LIMITS.entities);
      expect(Buffer.byteLength(JSON.stringify({ run_id: 'x'.repeat(32), ...c }))).toBeLessThan(1_000_000);
    }
    expect(chunks.flatMap((c) => c.metrics)).toEqual(all.metrics);
    expect(chunks.flatMap((c) => c.params)).toEqual(all.params);
    expect(chunks.flatMap((c) => c.tags)).toEqual(all.tags);
    // Params first: a param the server refuses shows on the first chunk.
    expect(chunks[0]!.params).toHaveLength(100);
  });

  it('splits on the body size when values are long', () => {
    const long = Array.from({ length: 300 }, (_, i) => ({ key: `t${i}`, value: 'x'.repeat(4_900) }));
    const chunks = splitBatch({ metrics: [], params: [], tags: long });
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (const c of chunks) expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThan(1_000_000);
    expect(chunks.flatMap((c) => c.tags)).toEqual(long);
  });

  it('sends a param given twice with the same value once, and refuses two values', () => {
    expect(splitBatch({ metrics: [], tags: [], params: [{ key: 'lr', value: '0.1' }, { key: 'lr', value: '0.1' }] })[0]!.params).toEqual([{ key: 'lr', value: '0.1' }]);
    expect(() => splitBatch({ metrics: [], tags: [], params: [{ key: 'lr', value: '0.1' }, { key: 'lr', value: '0.2' }] })).toThrow("param 'lr' given twice with different values ('0.1', '0.2')");
  });

  it('an empty batch is no request at all', () => {
    expect(splitBatch({ metrics: [], params: [], tags: [] })).toEqual([]);
  });
});
