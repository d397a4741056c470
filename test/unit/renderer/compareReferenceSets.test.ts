/**
 * Loading reference holes the way the plot loads its own: real back end (generated files imported through
 * catalog.import), its contract through the in-memory API, the real downsampling logic run in-thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend/createBackend';
import type { FileRow } from '../../../src/shared/api/catalog.contract';
import type { AppApi } from '../../../src/shared/api/contract';
import { encodeLatin1, generateSetitec } from '../../../src/shared/setitec/generator/index';
import { createMemoryApi } from '../../../src/renderer/api/memoryApi';
import { createCompareStore, type CompareStore } from '../../../src/renderer/features/compare/compareStore';
import { ReferenceSets, refSetId, THUMB_BUCKETS } from '../../../src/renderer/features/compare/referenceSets';
import { inThreadClient } from '../../../src/renderer/features/plot/downsampleClient';
import { DownsampleImpl } from '../../../src/renderer/workers/downsampleImpl';

let dir: string;
let backend: Backend;
let api: AppApi;
let ids: number[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-refsets-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data);
  for (let i = 0; i < 3; i++) fs.writeFileSync(path.join(data, `ref_${i}.xls`), encodeLatin1(generateSetitec({ seed: 610 + i, version: 9, globalCounter: 6000 + i, rows: 400 }).text));
  backend = createBackend({ host: 'memory', catalogPath: path.join(dir, 'catalog.sqlite') });
  api = createMemoryApi(backend.dispatch);
  await api.invoke('catalog.import', { dirs: [data] });
  ids = (await api.invoke('catalog.listFiles', {})).sort((a: FileRow, b: FileRow) => a.name.localeCompare(b.name)).map((f) => f.id);
  await api.invoke('labels.apply', { op: 'create', fileId: ids[0]!, label: { id: 'x0', classId: 'exit', depth: 3, depthEnd: null, value: null } });
}, 60_000);

afterAll(async () => {
  await backend?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Resolves once `ok` holds for the store (checked at every change). */
function until(store: CompareStore, ok: (s: ReturnType<CompareStore['getState']>) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ok(store.getState())) return resolve();
    const off = store.subscribe((s) => {
      if (ok(s)) {
        off();
        resolve();
      }
    });
  });
}

describe('ReferenceSets', () => {
  it('loads each hole into the worker with its labels and a thumbnail, and hands back those no longer wanted', async () => {
    const impl = new DownsampleImpl();
    const store = createCompareStore();
    const sets = new ReferenceSets(api, store, inThreadClient(impl));
    sets.sync([ids[0]!, ids[1]!]);
    await until(store, (s) => s.holes[ids[0]!]?.ready === true && s.holes[ids[1]!]?.ready === true);
    const h0 = store.getState().holes[ids[0]!]!;
    expect(h0.labels!.map((l) => l.id)).toEqual(['x0']);
    expect(h0.thumb!.x.length).toBeGreaterThan(10);
    expect(h0.thumb!.x.length).toBeLessThanOrEqual(2 * THUMB_BUCKETS + 2);
    expect(impl.has(refSetId(ids[0]!))).toBe(true);
    // The worker answers windows of the reference like any set.
    const win = impl.window({ setId: refSetId(ids[1]!), xMode: 'depth', x0: null, x1: null, buckets: 50, keys: ['i_torque', 'i_thrust'] });
    expect(Object.keys(win.traces)).toEqual(['i_torque', 'i_thrust']);

    sets.sync([ids[1]!, ids[2]!]);
    await until(store, (s) => s.holes[ids[2]!]?.ready === true);
    expect(impl.has(refSetId(ids[0]!))).toBe(false);
    expect(store.getState().holes[ids[0]!]).toBeUndefined();
    expect(sets.holds(ids[1]!)).toBe(true);

    sets.dispose();
    await new Promise((r) => setTimeout(r, 0));
    expect([1, 2].map((k) => impl.has(refSetId(ids[k]!)))).toEqual([false, false]);
    expect(store.getState().holes).toEqual({});
  });

  it('reads the labels of a held hole again when asked (an edit elsewhere)', async () => {
    const store = createCompareStore();
    const sets = new ReferenceSets(api, store, inThreadClient(new DownsampleImpl()));
    sets.sync([ids[2]!]);
    await until(store, (s) => s.holes[ids[2]!]?.ready === true);
    expect(store.getState().holes[ids[2]!]!.labels).toEqual([]);
    await api.invoke('labels.apply', { op: 'create', fileId: ids[2]!, label: { id: 'e2', classId: 'entry', depth: 1, depthEnd: null, value: null } });
    await sets.refreshLabels(ids[2]!);
    expect(store.getState().holes[ids[2]!]!.labels!.map((l) => l.id)).toEqual(['e2']);
    sets.dispose();
  });

  it('says which file could not be loaded', async () => {
    const store = createCompareStore();
    const sets = new ReferenceSets(api, store, inThreadClient(new DownsampleImpl()));
    sets.sync([987_654]);
    await until(store, (s) => s.holes[987_654]?.error !== null && s.holes[987_654]?.error !== undefined);
    expect(store.getState().holes[987_654]!.error).toMatch(/file 987654: .*987654/);
    expect(store.getState().holes[987_654]!.ready).toBe(false);
    sets.dispose();
  });
});
