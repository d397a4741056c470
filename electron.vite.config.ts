/**
 * The desktop build (electron-vite): main (ESM), preload (one CommonJS file, as sandboxed preloads
 * require) and the renderer. Runs without the Electron binary, so CI checks that the desktop entry builds.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { nodeWorkerEntries } from './scripts/workerEntries.mjs';

// Every *.worker.ts outside the renderer is a worker thread of the main process (scripts/workerEntries.mjs).
const workerEntries = nodeWorkerEntries();

export default defineConfig({
  main: {
    build: {
      outDir: 'out/electron/main',
      externalizeDeps: true,
      rollupOptions: { input: { index: 'src/main/index.ts', ...workerEntries }, output: { format: 'es' } },
    },
  },
  preload: {
    build: {
      outDir: 'out/electron/preload',
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: { input: { index: 'src/preload/index.ts' }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    define: { global: 'globalThis' },
    build: { outDir: 'out/electron/renderer', rollupOptions: { input: 'src/renderer/index.html' } },
    // Web Workers (the renderer's *.worker.ts, found by Vite from `new URL(…, import.meta.url)`) as ES modules,
    // like the web build: they are started with `{ type: 'module' }`.
    worker: { format: 'es' },
  },
});
