/** Worker entry points by the `*.worker.ts` convention (scripts/workerEntries.mjs), as both Node builds use them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findWorkerSources, nodeWorkerEntries } from '../../../scripts/workerEntries.mjs';

let tmp: string | null = null;
afterEach(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  tmp = null;
});

/** A src/ tree holding these files (project-relative paths), as the cwd-relative `dir` to scan. */
function tree(files: string[]): string {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-workers-'));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(tmp, f)), { recursive: true });
    fs.writeFileSync(path.join(tmp, f), '');
  }
  return path.relative(process.cwd(), path.join(tmp, 'src')).split(path.sep).join('/');
}

describe('worker entries', () => {
  it("finds this project's workers: parse, dataset and inference for Node, the downsampler left to Vite", () => {
    expect(findWorkerSources()).toEqual(expect.arrayContaining(['src/main/ingest/parse.worker.ts', 'src/renderer/workers/downsample.worker.ts']));
    expect(nodeWorkerEntries()).toEqual({
      'workers/parse.worker': 'src/main/ingest/parse.worker.ts',
      'workers/dataset.worker': 'src/main/training/dataset/dataset.worker.ts',
      'workers/inference.worker': 'src/main/models/inference.worker.ts',
    });
  });

  it('finds a worker in any folder, by its name alone; Web Workers under the renderer are not Node entries', () => {
    const src = tree(['src/main/ingest/parse.worker.ts', 'src/main/models/infer.worker.ts', 'src/main/models/helper.ts', 'src/main/deep/er/x.worker.ts.bak', 'src/renderer/workers/draw.worker.ts']);
    expect(findWorkerSources(src)).toHaveLength(3);
    expect(nodeWorkerEntries(src)).toEqual({ 'workers/infer.worker': `${src}/main/models/infer.worker.ts`, 'workers/parse.worker': `${src}/main/ingest/parse.worker.ts` });
  });

  it('refuses two workers that would build to the same file, naming both', () => {
    const src = tree(['src/main/a/scan.worker.ts', 'src/main/b/scan.worker.ts']);
    expect(() => nodeWorkerEntries(src)).toThrow(/workers\/scan\.worker\.js: .*a\/scan\.worker\.ts and .*b\/scan\.worker\.ts; rename one/);
  });
});
