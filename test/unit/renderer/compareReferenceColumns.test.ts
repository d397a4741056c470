/**
 * Reference holes loaded in two parts, as the plot loads its own: the drawn columns first, every other column
 * only when a window first asks for one of them, and that window waits for it. Real back end (generated files through
 * catalog.import) behind the in-memory API, the real downsampling logic run in-thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend/createBackend';
import type { AppApi } from '../../../src/shared/api/contract';
import { encodeLatin1, generateSetitec } from '../../../src/shared/setitec/generator/index';
import { createMemoryApi } from '../../../src/renderer/api/memoryApi';
import { createCompareStore, type CompareStore } from '../../../src/renderer/features/compare/compareStore';
import { ReferenceSets, refSetId } from '../../../src/renderer/features/compare/referenceSets';
import { inThreadClient } from '../../../src/renderer/features/plot/downsampleClient';
import { DownsampleImpl } from '../../../src/renderer/workers/downsampleImpl';

let dir: string;
let backend: Backend;
let api: AppApi;
let id: number;
/** Every signal-packed request the back end answered, with the keys it was asked for. */
const asked: (string[] | undefined)[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-refcols-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, 'ref_cols.xls'), encodeLatin1(generateSetitec({ seed: 733, version: 9, globalCounter: 7100, rows: 300 }).text));
  backend = createBackend({ host: 'memory', catalogPath: path.join(dir, 'catalog.sqlite') });
  api = createMemoryApi((method, params) => {
    if (method === 'catalog.getSignalsPacked') asked.push((params as { keys?: string[] }).keys);
    return backend.dispatch(method, params);
  });
  await api.invoke('catalog.import', { dirs: [data] });
  id = (await api.invoke('catalog.listFiles', {}))[0]!.id;
}, 60_000);

afterAll(async () => {
  await backend?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

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

describe('ReferenceSets with the drawn columns first', () => {
  it('asks for the drawn columns only, and for the rest when a window first needs one of its columns', async () => {
    const impl = new DownsampleImpl();
    const client = inThreadClient(impl);
    const store = createCompareStore();
    const sets = new ReferenceSets(api, store, client, () => ['position', 'i_torque', 'i_thrust']);
    asked.length = 0;
    sets.sync([id]);
    await until(store, (s) => s.holes[id]?.ready === true);
    expect(asked[0]).toEqual(['position', 'i_torque', 'i_thrust']);
    // Only the first part is in the worker: a column of the rest is not there yet.
    const direct = impl.window({ setId: refSetId(id), xMode: 'depth', x0: null, x1: null, buckets: 40, keys: ['i_torque', 'i_torque_empty'] });
    expect(Object.keys(direct.traces)).toEqual(['i_torque']);
    // Nothing asked for the rest yet (the thumbnail and the drawn panels need none of it): not fetched.
    expect(asked).toHaveLength(1);
    // Through the client, the same window waits for the rest and has both.
    const full = await client.window({ setId: refSetId(id), xMode: 'depth', x0: null, x1: null, buckets: 40, keys: ['i_torque', 'i_torque_empty'] });
    expect(Object.keys(full.traces)).toEqual(['i_torque', 'i_torque_empty']);
    expect(full.traces.i_torque_empty!.x.length).toBeGreaterThan(10);
    expect(asked).toHaveLength(2);
    expect(asked[1]).toBeUndefined();
    sets.dispose();
  });
});
