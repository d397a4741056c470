/**
 * Single-threaded split of the per-file work of an import (read, SHA-256, parse, validate, catalog record:
 * the steps of processTask.ts) over a corpus, to see which stage a change moves. Bundled and run by hand:
 *
 *   npx esbuild bench/ingest/stages.ts --bundle --platform=node --format=esm --packages=external --outfile=out/bench/stages.js
 *   node out/bench/stages.js ../shared/setitec [--rounds 3]
 * Prints ms per stage for each round (the first round includes the JIT warm-up).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { corpusFiles } from './corpusFiles';
import { findingsOf } from '../../src/main/ingest/findingsOf';
import { recordFromParse } from '../../src/main/ingest/recordFromParse';
import { parseSetitec } from '../../src/shared/setitec/parse';
import { buildContext } from '../../src/shared/validation/index';


const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
const files = corpusFiles(args[0] ?? '../shared/setitec');
for (let r = 0; r < rounds; r++) {
  const t = { read: 0, hash: 0, parse: 0, validate: 0, record: 0 };
  for (const f of files) {
    let t0 = performance.now();
    const bytes = fs.readFileSync(f);
    let t1 = performance.now();
    t.read += t1 - t0;
    t0 = t1;
    const hash = createHash('sha256').update(bytes).digest('hex');
    t1 = performance.now();
    t.hash += t1 - t0;
    t0 = t1;
    const res = parseSetitec(bytes, f, { borrowSignals: true });
    t1 = performance.now();
    t.parse += t1 - t0;
    t0 = t1;
    if (!res.ok) continue;
    const context = buildContext(res.file);
    const findings = findingsOf(res.file, context);
    t1 = performance.now();
    t.validate += t1 - t0;
    t0 = t1;
    recordFromParse(f, hash, bytes.length, res.file, findings, context);
    t.record += performance.now() - t0;
  }
  const total = t.read + t.hash + t.parse + t.validate + t.record;
  console.log(`round ${r + 1}: ${Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' / ')} ms; total ${total.toFixed(0)} ms`);
}
