// Bundles the Node-side entries (CLI, web host, worker threads) with esbuild. Packages stay external:
// native modules (better-sqlite3, onnxruntime-node, node-pty) must be loaded from node_modules.
import { bundleNode } from './bundleNode.mjs';
import { nodeWorkerEntries } from './workerEntries.mjs';

const entries = {
  'cli/udw': 'src/main/cli/udw.ts',
  'web/host': 'src/main/cli/webMain.ts',
  // Every *.worker.ts outside the renderer, wherever it lives: adding one needs no change here.
  ...nodeWorkerEntries(),
};

await bundleNode(entries, { sourcemap: true });
console.log(`built ${Object.keys(entries).length} node entries into out/`);
