// The written order of the folders of src/main, checked on every `npm run lint`.
//
// A file may import from its own folder, from src/shared, and from any folder in an EARLIER layer; never
// from a later layer or from another folder of its own layer (siblings stay independent, so each can be
// tested and replaced alone). `electron` may be imported only by the Electron entry files named below and
// by the preload: every other module stays plain Node, usable by the CLI, the web host and the tests.
// docs/ARCHITECTURE.md describes the same layers with their one-line jobs; keep the two in step.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Lowest first. The key is the first path segment under src/main (`index.ts` is the Electron entry). */
export const MAIN_LAYERS = [
  ['process', 'security'], // child processes and the path guard / CSP, needing nothing of ours
  ['db'], // opening the catalog file, every domain's migrations
  ['catalog'], // the catalog's records, writes, queries and signal blobs
  ['python'], // finding and probing a Python interpreter (on the managed-process class)
  ['services'], // app-wide plain services: paths, settings, doctor
  ['ingest', 'labels'], // domains: importing Setitec files; labels, schema and review state
  ['training'], // dataset snapshots, training runs and their catalog records (reads labels)
  ['models'], // the model registry, out-of-process ONNX inference, predictions as proposals, the scoring server
  ['sync'], // the MLflow REST client and the durable outbox that syncs runs and models to the shared server
  ['backend'], // the contract's implementation: context, handlers' composition, events
  ['host'], // the loopback HTTP/WebSocket host (served by `udw web`)
  ['cli', 'electron'], // the ways in: `udw` (and the web host's entry), the desktop shell
  ['index.ts'], // electron-vite's main entry
];

/** The only files that may import `electron` (plus everything under src/preload). */
export const ELECTRON_FILES = ['src/main/index.ts', 'src/main/electron/'];

function rankOf(segment) {
  const i = MAIN_LAYERS.findIndex((layer) => layer.includes(segment));
  return i;
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every module specifier a file imports or re-exports, with its line (TypeScript's own scanner). */
function importsOf(text) {
  const info = ts.preProcessFile(text, true, true);
  const lineStarts = ts.computeLineStarts(text);
  return info.importedFiles.map((f) => ({ spec: f.fileName, line: ts.computeLineAndCharacterOfPosition(lineStarts, f.pos).line + 1 }));
}

function isElectronFile(rel) {
  return rel.startsWith('src/preload/') || ELECTRON_FILES.some((f) => (f.endsWith('/') ? rel.startsWith(f) : rel === f));
}

/**
 * Violations in the tree under `root` (a project root holding src/). Each names the file, the line, the
 * import and the rule it breaks.
 */
export function checkLayers(root) {
  const problems = [];
  const srcMain = path.join(root, 'src', 'main');
  const files = fs.existsSync(path.join(root, 'src')) ? sourceFiles(path.join(root, 'src')) : [];
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const text = fs.readFileSync(file, 'utf8');
    const inMain = rel.startsWith('src/main/');
    const from = inMain ? rel.slice('src/main/'.length).split('/')[0] : null;
    for (const { spec, line } of importsOf(text)) {
      const where = `${rel}:${line}`;
      if (spec === 'electron' || spec.startsWith('electron/')) {
        if (!isElectronFile(rel)) {
          problems.push(`${where}: imports '${spec}', but only ${ELECTRON_FILES.join(', ')} and src/preload may (every other module stays plain Node)`);
        }
        continue;
      }
      if (!inMain || !spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const targetRel = path.relative(root, target).split(path.sep).join('/');
      if (targetRel.startsWith('src/renderer/') || targetRel.startsWith('src/preload/')) {
        problems.push(`${where}: imports '${spec}' from ${targetRel.split('/').slice(0, 2).join('/')}; src/main may import only src/main and src/shared`);
        continue;
      }
      if (!target.startsWith(srcMain + path.sep)) continue;
      const to = path.relative(srcMain, target).split(path.sep)[0];
      if (to === from) continue;
      const fromRank = rankOf(from);
      const toRank = rankOf(to);
      if (fromRank < 0) {
        problems.push(`${where}: src/main/${from} is in no layer of scripts/check-layers.mjs (add it to MAIN_LAYERS)`);
        break;
      }
      if (toRank < 0) {
        problems.push(`${where}: imports '${spec}' from src/main/${to}, which is in no layer of scripts/check-layers.mjs`);
      } else if (toRank === fromRank) {
        problems.push(`${where}: imports '${spec}': ${from} and ${to} are siblings in one layer and stay independent`);
      } else if (toRank > fromRank) {
        problems.push(`${where}: imports '${spec}': ${from} (layer ${fromRank}) may not depend on ${to} (layer ${toRank}), a layer above it`);
      }
    }
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const problems = checkLayers(root);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`\n${problems.length} import(s) against the layers of src/main (scripts/check-layers.mjs, docs/ARCHITECTURE.md)`);
    process.exit(1);
  }
  console.log('layers: every import in src/ follows the written order');
}
