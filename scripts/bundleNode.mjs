// The one esbuild setup for Node-side bundles (CLI, web host, workers, benchmarks). Packages stay external:
// native modules (better-sqlite3, onnxruntime-node, node-pty) must load from node_modules.
import { build } from 'esbuild';

export function bundleNode(entryPoints, options = {}) {
  return build({
    entryPoints,
    outdir: 'out',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    // ESM bundles still meet CommonJS `require` in some dependencies' code paths.
    banner: { js: "import { createRequire as __udwCreateRequire } from 'node:module'; const require = __udwCreateRequire(import.meta.url);" },
    ...options,
  });
}
