/**
 * Parse the whole shared corpus in this process, several times, and print wall and CPU time per pass.
 * Usage: npx tsx bench/parse/run.ts [passes]   (needs ../shared/setitec beside the repository)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseSetitec } from '../../src/shared/setitec/parse';
import { CORPUS_DIR, HAS_CORPUS, listCorpusFiles } from '../../test/corpus/corpus';

if (!HAS_CORPUS) {
  console.log(`corpus not found at ${CORPUS_DIR}, nothing to measure`);
  process.exit(0);
}
const files = listCorpusFiles().map((rel) => new Uint8Array(fs.readFileSync(path.join(CORPUS_DIR, rel))));
const bytes = files.reduce((s, b) => s + b.length, 0);
const passes = Number(process.argv[2] ?? 8);
const cpu: number[] = [];
for (let p = 0; p < passes; p++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  for (const b of files) {
    const r = parseSetitec(b, 'bench.xls');
    if (!r.ok) throw new Error(r.error.message);
    rows += r.file.data.rowCount;
  }
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  console.log(`pass ${p + 1}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${rows} rows: wall ${(performance.now() - t0).toFixed(0)} ms, cpu ${cpu[p]!.toFixed(0)} ms`);
}
console.log(`best cpu ${Math.min(...cpu).toFixed(0)} ms, median ${[...cpu].sort((a, b) => a - b)[Math.floor(cpu.length / 2)]!.toFixed(0)} ms`);
