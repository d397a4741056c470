/**
 * The desktop build (electron-vite): main (ESM), preload (one CommonJS file, as sandboxed preloads
 * require) and the renderer. Runs without the Electron binary, so CI checks that the desktop entry builds.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import fs from 'node:fs';

const workerEntries = Object.fromEntries(
  fs
    .readdirSync('src/main/ingest', { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.worker.ts'))
    .map((e) => [`workers/${e.name.replace(/\.ts$/, '')}`, `src/main/ingest/${e.name}`]),
);

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
  },
});
