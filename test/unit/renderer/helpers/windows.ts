/**
 * Several "windows" on one real back end (createBackend on a temp catalog of generated files): each has its
 * own in-memory AppApi that hears the back end's events, counts its requests, and can hold a request's
 * answer back (a gate) to stage races without timers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend, type Backend } from '../../../../src/main/backend/createBackend';
import type { AppApi } from '../../../../src/shared/api/contract';
import { encodeLatin1, generateSetitec } from '../../../../src/shared/setitec/generator/index';
import { createMemoryApi } from '../../../../src/renderer/api/memoryApi';
import type { AnnotateState, AnnotateStore } from '../../../../src/renderer/state/annotateStore';

export interface TestWindow {
  api: AppApi;
  /** Requests made, by channel. */
  calls: Map<string, number>;
  /**
   * Hold the answers of the next `channel` request: it is dispatched (the back end reads or writes at once)
   * but its answer waits until `release()`.
   */
  gate(channel: string): { release(): void; reached: Promise<void> };
  close(): void;
}

export interface Workbench {
  backend: Backend;
  fileIds: number[];
  window(): TestWindow;
  dispose(): Promise<void>;
}

export async function workbench(files = 3): Promise<Workbench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-windows-'));
  const data = path.join(dir, 'files');
  fs.mkdirSync(data);
  for (let i = 0; i < files; i++) fs.writeFileSync(path.join(data, `gen_${i}.xls`), encodeLatin1(generateSetitec({ seed: 300 + i, version: 9 }).text));
  const backend = createBackend({ host: 'memory', catalogPath: path.join(dir, 'catalog.sqlite') });
  const summary = (await backend.dispatch('catalog.import', { dirs: [data] })) as { imported: number };
  if (summary.imported !== files) throw new Error(`workbench: imported ${summary.imported} of ${files} generated files`);
  const fileIds = ((await backend.dispatch('catalog.listFiles', {})) as Array<{ id: number }>).map((f) => f.id);
  const windows: TestWindow[] = [];
  return {
    backend,
    fileIds,
    window() {
      const gates = new Map<string, Array<{ open: Promise<void>; arrived: () => void }>>();
      const calls = new Map<string, number>();
      const api = createMemoryApi(async (channel, payload) => {
        calls.set(channel, (calls.get(channel) ?? 0) + 1);
        const answer = await backend.dispatch(channel, payload);
        const gate = gates.get(channel)?.shift();
        if (gate) {
          gate.arrived();
          await gate.open;
        }
        return answer;
      });
      const off = backend.events.subscribe((channel, payload) => api.emit(channel, payload));
      const w: TestWindow = {
        api,
        calls,
        gate(channel) {
          let release!: () => void;
          let arrived!: () => void;
          const open = new Promise<void>((r) => (release = r));
          const reached = new Promise<void>((r) => (arrived = r));
          gates.set(channel, [...(gates.get(channel) ?? []), { open, arrived }]);
          return { release, reached };
        },
        close: off,
      };
      windows.push(w);
      return w;
    },
    async dispose() {
      for (const w of windows) w.close();
      await backend.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once `predicate` holds for the store's state (checked now and on every change). */
export function until(store: AnnotateStore, predicate: (s: AnnotateState) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (predicate(store.getState())) return resolve();
    const off = store.subscribe((s) => {
      if (!predicate(s)) return;
      off();
      resolve();
    });
  });
}
