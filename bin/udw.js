#!/usr/bin/env node
// Starts the bundled CLI. `npm run build` (part of set-up) produces out/cli/udw.js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../out/cli/udw.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('udw: out/cli/udw.js is missing; run `npm run build` first\n');
  process.exit(1);
}
await import(entry);
