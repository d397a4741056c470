/** Builds the renderer for the web host (out/renderer). The Electron build uses electron.vite.config.ts. */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  // plotly.js expects a Node-style `global`.
  define: { global: 'globalThis' },
  build: { outDir: '../../out/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 6000 },
  // Web Workers are the renderer's *.worker.ts, found by Vite from their `new URL('./x.worker.ts', import.meta.url)`
  // (no list to keep); the Node ones come from scripts/workerEntries.mjs. ES modules: they start with `{ type: 'module' }`.
  worker: { format: 'es' },
});
