/** A real back end on a throw-away catalog, for tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend, type Backend } from '../../src/main/backend/createBackend';

export interface TempBackend {
  backend: Backend;
  dir: string;
  cleanup(): Promise<void>;
}

export function tempBackend(host: 'web' | 'memory' | 'electron' = 'memory'): TempBackend {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-test-'));
  const backend = createBackend({ host, catalogPath: path.join(dir, 'catalog.sqlite') });
  return {
    backend,
    dir,
    async cleanup() {
      await backend.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
