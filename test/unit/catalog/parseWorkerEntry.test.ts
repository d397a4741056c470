/** Where the import finds its parse worker, for each way the code runs (sources, node bundles, Electron). */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseWorkerEntry } from '../../../src/main/ingest/workerPool';

const root = path.resolve('/app');
const at = (...p: string[]): string => path.join(root, ...p);
const source = at('src', 'main', 'ingest', 'parse.worker.ts');
const viaTsx = { file: at('src', 'main', 'ingest', 'tsWorker.mjs'), workerData: { __tsEntry: pathToFileURL(source).href } };
/** `exists` that knows only these files. */
const only = (...files: string[]) => (f: string) => files.includes(path.normalize(f));

describe('parseWorkerEntry', () => {
  it('Electron build: the worker beside the main bundle', () => {
    const worker = at('out', 'electron', 'main', 'workers', 'parse.worker.js');
    expect(parseWorkerEntry(at('out', 'electron', 'main', 'index.js'), root, only(worker, source))).toEqual({ file: worker });
    // Code split into a rollup chunk one folder down finds the same file.
    expect(parseWorkerEntry(at('out', 'electron', 'main', 'chunks', 'workerPool-1a2b.js'), root, only(worker))).toEqual({ file: worker });
  });

  it('CLI, web host and bench bundles: out/workers', () => {
    const worker = at('out', 'workers', 'parse.worker.js');
    for (const bundle of [at('out', 'cli', 'udw.js'), at('out', 'web', 'host.js'), at('out', 'bench', 'importOnce.js')]) {
      expect(parseWorkerEntry(bundle, root, only(worker, source))).toEqual({ file: worker });
    }
  });

  it('a bundle elsewhere falls back to <root>/out/workers, then to the sources', () => {
    const worker = at('out', 'workers', 'parse.worker.js');
    expect(parseWorkerEntry(path.resolve('/elsewhere/main.js'), root, only(worker))).toEqual({ file: worker });
    expect(parseWorkerEntry(path.resolve('/elsewhere/main.js'), root, only(source))).toEqual(viaTsx);
  });

  it('from the sources (vitest, tsx): the sources, even when a (possibly stale) bundle exists', () => {
    expect(parseWorkerEntry(at('src', 'main', 'ingest', 'workerPool.ts'), root, only(at('out', 'workers', 'parse.worker.js'), source))).toEqual(viaTsx);
  });

  it('nothing found: an error that says how to build it', () => {
    expect(() => parseWorkerEntry(at('out', 'cli', 'udw.js'), root, only())).toThrow(/npm run build:node/);
  });
});
