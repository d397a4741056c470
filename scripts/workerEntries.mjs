// Worker entry points by convention: every `*.worker.ts` under src/ is one, wherever it lives. Those under the
// renderer's root are Web Workers, which Vite bundles from their `new URL('./x.worker.ts', import.meta.url)`
// (vite.renderer.config.ts, electron.vite.config.ts' renderer); every other one is a Node worker thread,
// bundled by scripts/build-node.mjs and electron.vite.config.ts' main build to `workers/<name>.js`, where
// nodeWorkerEntry (src/main/ingest/workerPool.ts) finds it.
import fs from 'node:fs';
import path from 'node:path';

/** The renderer's root, under the scanned src/ folder. */
export const RENDERER_DIR = 'renderer';

/** Every `*.worker.ts` under `dir` (project-relative, forward slashes), sorted. */
export function findWorkerSources(dir = 'src') {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = `${d}/${entry.name}`;
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.endsWith('.worker.ts')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The Node worker entries, as `{ 'workers/<name>': '<source>' }` for esbuild and rollup. Names are flat (one
 * folder of workers per bundle), so two workers of the same file name are refused here, not left to
 * overwrite each other in out/.
 */
export function nodeWorkerEntries(dir = 'src') {
  const entries = {};
  const renderer = `${dir}/${RENDERER_DIR}/`;
  for (const source of findWorkerSources(dir)) {
    if (source.startsWith(renderer)) continue;
    const name = `workers/${path.posix.basename(source, '.ts')}`;
    if (entries[name]) throw new Error(`two worker entries would both build to ${name}.js: ${entries[name]} and ${source}; rename one`);
    entries[name] = source;
  }
  return entries;
}
