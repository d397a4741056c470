import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketBounds, firstIndexAtOrBeyond, gather, minMaxIndices, visibleIndexRange } from '../../../src/shared/downsample';

describe('bucketBounds', () => {
  it('tiles the range without gaps or overlaps, sizes differing by at most one', () => {
    const cases: [number, number, number][] = [
      [0, 10, 3],
      [5, 1005, 7],
      [0, 3, 5],
      [100, 100_000, 1000],
    ];
    for (const [start, end, buckets] of cases) {
      let at = start;
      const sizes: number[] = [];
      for (let b = 0; b < buckets; b++) {
        const r = bucketBounds(start, end, buckets, b);
        expect(r.start).toBe(at);
        at = r.end;
        sizes.push(r.end - r.start);
      }
      expect(at).toBe(end);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
});

describe('minMaxIndices', () => {
  it('keeps every sample when there are few', () => {
    expect([...minMaxIndices([3, 1, 2], 0, 3, 10)]).toEqual([0, 1, 2]);
    expect([...minMaxIndices([3, 1, 2, 9, 9], 1, 4, 10)]).toEqual([1, 2, 3]);
  });

  it('returns nothing for an empty range', () => {
    expect(minMaxIndices([1, 2, 3], 2, 2, 4).length).toBe(0);
    expect(minMaxIndices([], 0, 0, 4).length).toBe(0);
  });

  it('keeps first, last, and each bucket min and max in index order', () => {
    // 20 samples, 4 buckets of 5.
    const y = [5, 1, 9, 4, 4, /**/ 0, 0, 3, 7, 2, /**/ 6, 6, 6, 6, 6, /**/ 8, 1, 2, -3, 10];
    const idx = [...minMaxIndices(y, 0, 20, 4)];
    // b0: min@1 max@2; b1: min@5 (first of ties) max@8; b2: all equal → one index (10); b3: min@18 max@19.
    expect(idx).toEqual([0, 1, 2, 5, 8, 10, 18, 19]);
  });

  it('respects bucket boundaries: an extreme at the last sample of a bucket stays in that bucket', () => {
    const y = new Array(40).fill(0);
    y[9] = 100; // last sample of bucket 0 (buckets of 10)
    y[10] = -100; // first sample of bucket 1
    const idx = [...minMaxIndices(y, 0, 40, 4)];
    expect(idx).toContain(9);
    expect(idx).toContain(10);
  });

  it('ignores NaN and keeps one sample of an all-NaN bucket', () => {
    const y = [NaN, 1, NaN, 5, NaN, NaN, NaN, NaN, 2, 3, 4, 0];
    const idx = [...minMaxIndices(y, 0, 12, 3)];
    expect(idx).toContain(1);
    expect(idx).toContain(3);
    expect(idx).toContain(4); // bucket 1 (4..7) is all NaN: its first sample marks the gap
    expect(idx).toContain(11);
  });

  // fast-check's default size caps generated arrays at about a dozen items whatever maxLength says, which
  // would keep nearly every case below 2·buckets + 2 (the keep-everything branch). `size: 'max'` lets the
  // lengths span the whole declared range; the counters then prove each branch ran in a good share of cases.
  // No shrinking (`endOnFailure`): shrinking 600-sample arrays takes minutes; the fixed seed reproduces a failure.
  const RUNS = 300;

  it('property: strictly increasing, bounded, first/last kept, every bucket min and max preserved', () => {
    let downsampled = 0;
    let keptAll = 0;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 600, size: 'max' }),
        fc.integer({ min: 1, max: 60 }),
        fc.nat(),
        fc.nat(),
        (values, buckets, a, b) => {
          const n = values.length;
          const start = a % n;
          // Half of the windows run to the end of the signal (a zoomed-out plot), the rest end anywhere.
          const end = b % 2 === 0 ? n : start + 1 + ((b >> 1) % (n - start));
          const idx = minMaxIndices(values, start, end, buckets);
          expect(idx.length).toBeLessThanOrEqual(Math.max(end - start, 2 * buckets + 2));
          expect(idx[0]).toBe(start);
          expect(idx[idx.length - 1]).toBe(end - 1);
          for (let k = 1; k < idx.length; k++) expect(idx[k]!).toBeGreaterThan(idx[k - 1]!);
          for (const i of idx) {
            expect(i).toBeGreaterThanOrEqual(start);
            expect(i).toBeLessThan(end);
          }
          if (end - start > 2 * buckets + 2) {
            downsampled++;
            expect(idx.length).toBeLessThan(end - start);
            const kept = gather(values, idx);
            for (let k = 0; k < buckets; k++) {
              const r = bucketBounds(start, end, buckets, k);
              if (r.end <= r.start) continue;
              const slice = values.slice(r.start, r.end);
              const inBucket = [...idx].filter((i) => i >= r.start && i < r.end).map((i) => values[i]!);
              expect(inBucket).toContain(Math.min(...slice));
              expect(inBucket).toContain(Math.max(...slice));
            }
            // The drawn envelope equals the true one.
            expect(Math.min(...kept)).toBe(Math.min(...values.slice(start, end)));
            expect(Math.max(...kept)).toBe(Math.max(...values.slice(start, end)));
          } else {
            keptAll++;
            expect(idx.length).toBe(end - start);
          }
        },
      ),
      { seed: 20250101, numRuns: RUNS, endOnFailure: true },
    );
    // Both branches ran, the downsampling one in a good share of the cases.
    expect(downsampled).toBeGreaterThanOrEqual(RUNS * 0.4);
    expect(keptAll).toBeGreaterThanOrEqual(RUNS * 0.1);
  });

  it('property: a bucket of NaN only keeps its first sample, a bucket with numbers keeps their min and max', () => {
    let nanBuckets = 0;
    let mixedBuckets = 0;
    // Half of the samples NaN, so buckets of NaN only (and of NaN mixed with numbers) are common.
    const sample = fc.oneof(fc.constant(NaN), fc.double({ min: -100, max: 100, noNaN: true }));
    fc.assert(
      // Buckets of 3 to 8 samples: always fewer indices than samples, and often a bucket of NaN only.
      fc.property(fc.array(sample, { minLength: 20, maxLength: 400, size: 'max' }), fc.integer({ min: 3, max: 8 }), (values, bucketSize) => {
        const n = values.length;
        const buckets = Math.floor(n / bucketSize);
        const idx = [...minMaxIndices(values, 0, n, buckets)];
        for (let k = 0; k < buckets; k++) {
          const r = bucketBounds(0, n, buckets, k);
          const numbers = values.slice(r.start, r.end).filter((v) => !Number.isNaN(v));
          const inBucket = idx.filter((i) => i >= r.start && i < r.end);
          if (numbers.length === 0) {
            nanBuckets++;
            expect(inBucket).toContain(r.start);
          } else {
            mixedBuckets++;
            const kept = inBucket.map((i) => values[i]!);
            expect(kept).toContain(Math.min(...numbers));
            expect(kept).toContain(Math.max(...numbers));
          }
        }
      }),
      { seed: 20250102, numRuns: RUNS, endOnFailure: true },
    );
    expect(nanBuckets).toBeGreaterThanOrEqual(RUNS);
    expect(mixedBuckets).toBeGreaterThanOrEqual(RUNS);
  });

  it('handles a million samples, keeping a single spike', () => {
    // Correctness only: speed is measured by the plot benchmark (npm run bench:plot), not asserted here.
    const y = new Float64Array(1_000_000);
    for (let i = 0; i < y.length; i++) y[i] = Math.sin(i / 1000) + (i === 777_777 ? 50 : 0);
    const idx = minMaxIndices(y, 0, y.length, 1200);
    expect(idx).toContain(777_777);
    expect(idx.length).toBeLessThanOrEqual(2402);
  });
});

describe('visibleIndexRange (depth is not monotonic)', () => {
  const depth = [0.5, 1, 1.5, 2, 1.75, 2.25, 3, 3.5, 4];

  it('maps a depth window to the covering index range, one sample wider on each side', () => {
    expect(visibleIndexRange(depth, 1.2, 3.2)).toEqual({ start: 1, end: 8 });
  });

  it('includes back-moves inside the window', () => {
    const r = visibleIndexRange(depth, 1.8, 2.3)!;
    for (const i of [3, 4, 5]) {
      expect(i).toBeGreaterThanOrEqual(r.start);
      expect(i).toBeLessThan(r.end);
    }
  });

  it('a window between two samples yields the neighbours', () => {
    const r = visibleIndexRange([0, 1, 2, 3], 1.2, 1.4)!;
    expect(r.start).toBeLessThanOrEqual(1);
    expect(r.end).toBeGreaterThanOrEqual(3);
  });

  it('clamps windows beyond the data and accepts reversed bounds', () => {
    expect(visibleIndexRange(depth, -10, 100)).toEqual({ start: 0, end: 9 });
    expect(visibleIndexRange(depth, 3.2, 1.2)).toEqual({ start: 1, end: 8 });
    expect(visibleIndexRange([], 0, 1)).toBeNull();
  });

  it('firstIndexAtOrBeyond tolerates back-moves', () => {
    expect(firstIndexAtOrBeyond(depth, 1.8)).toBe(3);
    expect(firstIndexAtOrBeyond(depth, 99)).toBe(depth.length - 1);
  });
});
