// Bundles the Node-side entries (CLI, web host, worker threads) with esbuild. Packages stay external:
// native modules (better-sqlite3, onnxruntime-node, node-pty) must be loaded from node_modules.
import { bundleNode } from './bundleNode.mjs';
import fs from 'node:fs';

const entries = {
  'cli/udw': 'src/main/cli/udw.ts',
  'web/host': 'src/main/host/webMain.ts',
};
// Worker entries are discovered, so adding a *.worker.ts needs no change here.
for (const dir of ['src/main/ingest']) {
  if (!fs.existsSync(dir)) continue;
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.worker.ts')) entries[`workers/${f.replace(/\.ts$/, '')}`] = `${dir}/${f}`;
}

await bundleNode(entries, { sourcemap: true });
console.log(`built ${Object.keys(entries).length} node entries into out/`);
