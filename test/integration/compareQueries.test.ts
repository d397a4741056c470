/**
 * catalog.neighbours and catalog.headTrend through the real back end and dispatch, on generated files of one
 * head with consecutive global counters (a gap, a duplicate counter, another head beside them) imported with
 * catalog.import, and labels written with labels.apply.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileRow } from '../../src/shared/api/catalog.contract';
import type { HeadTrend, NeighboursResult } from '../../src/shared/api/compare.contract';
import { ApiError } from '../../src/shared/api/errors';
import { encodeLatin1, generateSetitec, type GeneratedSetitec } from '../../src/shared/setitec/generator/index';
import { tempBackend, type TempBackend } from '../helpers/tempBackend';

const HEAD = '114-V3-002-MQ';
/** Version 9 files are of the MDB-MQL family (head 114-V3-002-MQ), whose step 2 ends on TORQUE_MIN. */
const COUNTERS = [1800, 1801, 1802, 1804, 1805];

let t: TempBackend;
const generated = new Map<string, GeneratedSetitec>();
const idOf = new Map<string, number>();

const call = <T>(channel: string, payload: unknown): Promise<T> => t.backend.dispatch(channel, payload) as Promise<T>;

async function rejection(channel: string, payload: unknown): Promise<ApiError> {
  try {
    await call(channel, payload);
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error(`${channel} accepted ${JSON.stringify(payload)}`);
}

function write(dir: string, fileName: string, g: GeneratedSetitec): void {
  fs.writeFileSync(path.join(dir, fileName), encodeLatin1(g.text));
  generated.set(fileName, g);
}

const id = (counter: number): number => idOf.get(`c${counter}`)!;

beforeAll(async () => {
  t = tempBackend('memory');
  const dir = path.join(t.dir, 'holes');
  fs.mkdirSync(dir);
  COUNTERS.forEach((c, i) => write(dir, `c${c}.xls`, generateSetitec({ seed: 300 + i, version: 9, globalCounter: c, rows: 300 })));
  // Same head and counter as c1801, another cycle: a duplicate that must not become anyone's neighbour.
  write(dir, 'dup1801.xls', generateSetitec({ seed: 399, version: 9, globalCounter: 1801, rows: 300 }));
  // Another head with a counter in the same range.
  write(dir, 'other.xls', generateSetitec({ seed: 400, version: 8, globalCounter: 1803, rows: 300 }));
  const summary = await call<{ imported: number; failed: number }>('catalog.import', { dirs: [dir] });
  expect(summary).toMatchObject({ imported: 7, failed: 0 });
  for (const f of await call<FileRow[]>('catalog.listFiles', {})) idOf.set(f.name.replace(/\.xls$/, ''), f.id);
}, 60_000);

afterAll(async () => {
  await t?.cleanup();
});

describe('catalog.neighbours', () => {
  it('names the previous and next holes of the same head by global counter', async () => {
    const r = await call<NeighboursResult>('catalog.neighbours', { fileId: id(1801) });
    expect(r.head).toEqual({ name: HEAD, tag: 'E00401009F45C395' });
    expect(r.globalCounter).toBe(1801);
    expect(r.before).toEqual([expect.objectContaining({ inCatalog: true, id: id(1800), name: 'c1800.xls', globalCounter: 1800, offset: -1, absentCount: 0, missing: false, status: 'unlabelled' })]);
    expect(r.after).toEqual([expect.objectContaining({ inCatalog: true, id: id(1802), name: 'c1802.xls', globalCounter: 1802, offset: 1 })]);
  });

  it('reports a counter that is not in the catalog as a gap and walks on to the next hole', async () => {
    const r = await call<NeighboursResult>('catalog.neighbours', { fileId: id(1802), before: 0, after: 2 });
    expect(r.before).toEqual([]);
    expect(r.after.map((n) => [n.inCatalog, n.id, n.globalCounter, n.offset, n.absentCount])).toEqual([
      [false, null, 1803, 1, 1],
      [true, id(1804), 1804, 2, 0],
      [true, id(1805), 1805, 3, 0],
    ]);
  });

  it('takes one file per counter (the original, not its duplicate) and stops at the end of the series', async () => {
    const r = await call<NeighboursResult>('catalog.neighbours', { fileId: id(1802), before: 5, after: 5 });
    expect(r.before.map((n) => n.id)).toEqual([id(1801), id(1800)]);
    expect(r.after.filter((n) => n.inCatalog).map((n) => n.id)).toEqual([id(1804), id(1805)]);
    const first = await call<NeighboursResult>('catalog.neighbours', { fileId: id(1800), before: 3, after: 1 });
    expect(first.before).toEqual([]);
    expect(first.after.map((n) => n.id)).toEqual([id(1801)]);
  });

  it('never crosses to another head', async () => {
    const r = await call<NeighboursResult>('catalog.neighbours', { fileId: idOf.get('other')!, before: 3, after: 3 });
    expect(r.head?.name).toBe('17070141');
    expect(r.before).toEqual([]);
    expect(r.after).toEqual([]);
  });

  it('refuses an unknown file id with not_found naming the id, and bad input at the boundary', async () => {
    const missing = await rejection('catalog.neighbours', { fileId: 999_999 });
    expect(missing.code).toBe('not_found');
    expect(missing.message).toContain('999999');
    const bad = await rejection('catalog.neighbours', { fileId: id(1801), before: 21 });
    expect(bad.code).toBe('invalid_payload');
    expect(bad.message).toMatch(/catalog\.neighbours: invalid payload: before: /);
    expect((await rejection('catalog.neighbours', { fileId: 'one' })).message).toMatch(/fileId: /);
    expect((await rejection('catalog.neighbours', { fileId: 1, extra: true })).message).toMatch(/extra/);
  });
});

/** The generator's own values: the mean net torque over the step that ended on TORQUE_MIN. */
function expectedMeanTorque(g: GeneratedSetitec, step?: number): number {
  const seg = g.expected.segments.find((s) => (step === undefined ? s.stopCode === 2048 : s.step === step))!;
  const torque = g.expected.columns['I Torque (A)']!;
  let sum = 0;
  for (let i = seg.startIndex; i <= seg.endIndex; i++) sum += torque[i]!;
  return sum / (seg.endIndex - seg.startIndex + 1);
}

describe('catalog.headTrend', () => {
  it('gives every hole of the head by counter with the break-through step mean torque', async () => {
    const trend = await call<HeadTrend>('catalog.headTrend', { head: HEAD });
    expect(trend.stepRule).toBe('torque_min');
    expect(trend.points.map((p) => p.globalCounter)).toEqual([1800, 1801, 1801, 1802, 1804, 1805]);
    for (const p of trend.points) {
      const g = generated.get(p.name)!;
      expect(p.step).toBe(2);
      expect(p.stepSamples).toBeGreaterThan(10);
      expect(p.stepMeanTorque).toBeCloseTo(expectedMeanTorque(g), 9);
    }
    expect(trend.points.find((p) => p.name === 'dup1801.xls')!.duplicateOf).not.toBeNull();
  });

  it('averages a chosen step instead when asked', async () => {
    const trend = await call<HeadTrend>('catalog.headTrend', { head: HEAD, step: 1, fromCounter: 1802, toCounter: 1804 });
    expect(trend.stepRule).toBe('chosen');
    expect(trend.points.map((p) => p.name)).toEqual(['c1802.xls', 'c1804.xls']);
    for (const p of trend.points) expect(p.stepMeanTorque).toBeCloseTo(expectedMeanTorque(generated.get(p.name)!, 1), 9);
    const none = await call<HeadTrend>('catalog.headTrend', { head: HEAD, step: 7, fromCounter: 1800, toCounter: 1800 });
    expect(none.points[0]).toMatchObject({ step: null, stepMeanTorque: null, stepSamples: 0 });
  });

  it('takes the exit depth from the confirmed label, else from the pending proposal, and says which', async () => {
    const apply = (fileId: number, label: Record<string, unknown>) => call('labels.apply', { op: 'create', fileId, label: { depthEnd: null, value: null, ...label } });
    await apply(id(1804), { id: 'p1804', classId: 'exit', depth: 3.5, source: 'heuristic', state: 'proposed', confidence: 0.7 });
    await apply(id(1805), { id: 'p1805', classId: 'exit', depth: 3.4, source: 'heuristic', state: 'proposed', confidence: 0.7 });
    await apply(id(1805), { id: 'h1805', classId: 'exit', depth: 3.65 });
    await apply(id(1802), { id: 'e1802', classId: 'entry', depth: 0.9 });
    const trend = await call<HeadTrend>('catalog.headTrend', { head: HEAD });
    const at = (name: string) => trend.points.find((p) => p.name === name)!;
    expect(at('c1804.xls')).toMatchObject({ exitDepth: 3.5, exitSource: 'proposed' });
    expect(at('c1805.xls')).toMatchObject({ exitDepth: 3.65, exitSource: 'confirmed', status: 'in_progress' });
    expect(at('c1802.xls')).toMatchObject({ exitDepth: null, exitSource: null });
    // A rejected proposal counts as nothing.
    await call('labels.apply', { op: 'update', fileId: id(1804), id: 'p1804', patch: { state: 'rejected' } });
    const after = await call<HeadTrend>('catalog.headTrend', { head: HEAD });
    expect(after.points.find((p) => p.name === 'c1804.xls')).toMatchObject({ exitDepth: null, exitSource: null });
  });

  it('refuses an unknown head with not_found naming it, and bad input at the boundary', async () => {
    const err = await rejection('catalog.headTrend', { head: 'no-such-head' });
    expect(err.code).toBe('not_found');
    expect(err.message).toContain('"no-such-head"');
    expect((await rejection('catalog.headTrend', { head: '' })).message).toMatch(/catalog\.headTrend: invalid payload: head: /);
    expect((await rejection('catalog.headTrend', { head: HEAD, step: 1.5 })).message).toMatch(/step: /);
  });
});
