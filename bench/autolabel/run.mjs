#!/usr/bin/env node
// Autolabel benchmark (docs/BENCHMARKS.md § Autolabel): proposals for every file of a catalog holding the
// shared corpus, read from the catalog as `udw autolabel` reads them. Target: the whole 778-file corpus in
// ≤ 2 s on the 2-core machine.
//
//   node bench/autolabel/run.mjs [--runs 5] [--rounds 5] [--corpus ../shared/setitec] [--catalog FILE] [--json]
//
// 1. the corpus is imported into a fresh temporary catalog (or --catalog names one to reuse);
// 2. --runs fresh processes each make every file's proposals --rounds times: round 1 is what a fresh CLI
//    process pays (JIT warm-up included), later rounds what a long-lived back end pays;
// 3. figures: median over processes of round 1 and of the median of later rounds; files/s from round 1.
// Results: a Markdown table on stdout and bench/results/autolabel-<time>.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleNode } from '../../scripts/bundleNode.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '5' },
    corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'setitec') },
    catalog: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(opt.runs);
const rounds = Number(opt.rounds);
const log = (m) => process.stderr.write(`${m}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const runJson = (script, args) => JSON.parse(execFileSync('node', [script, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').at(-1));

// --- build --------------------------------------------------------------------------------------------
if (!opt.catalog) execFileSync('node', ['scripts/build-node.mjs'], { cwd: root, stdio: 'pipe' }); // the import's worker threads
await bundleNode({ 'bench/importOnce': 'bench/ingest/importOnce.ts', 'bench/autolabelOnce': 'bench/autolabel/proposeOnce.ts' }, { absWorkingDir: root });

// --- catalog ------------------------------------------------------------------------------------------
let tmp = null;
let catalog = opt.catalog ? path.resolve(opt.catalog) : null;
if (catalog && !fs.existsSync(catalog)) throw new Error(`--catalog ${catalog}: no such file (expected a catalog made by udw import)`);
if (!catalog) {
  if (!fs.existsSync(opt.corpus)) {
    log(`no corpus at ${opt.corpus} and no --catalog: nothing to measure (see ../shared/README.md)`);
    process.exit(0);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-bench-autolabel-'));
  catalog = path.join(tmp, 'catalog.sqlite');
  log(`importing ${opt.corpus} into ${catalog}`);
  const imp = runJson(path.join(root, 'out', 'bench', 'importOnce.js'), [catalog, opt.corpus]);
  if (imp.failed > 0) throw new Error(`import failed for ${imp.failed} files`);
}

// --- proposals ----------------------------------------------------------------------------------------
const result = { date: new Date().toISOString(), machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`, node: process.version, load: os.loadavg(), runs, rounds };
log(`proposals for every file ×${rounds} rounds, ${runs} fresh processes`);
const procs = [];
for (let i = 0; i < runs; i++) procs.push(runJson(path.join(root, 'out', 'bench', 'autolabelOnce.js'), [catalog, '--rounds', String(rounds)]));
const first = procs.map((p) => p.rounds[0]);
const later = procs.filter((p) => p.rounds.length > 1).map((p) => p.rounds.slice(1));
const warm = (key) => (later.length ? median(later.map((rs) => median(rs.map((r) => r[key])))) : null);
result.files = procs[0].files;
result.proposals = { points: procs[0].proposals, attributes: procs[0].attributes, stepcode: procs[0].stepcode };
result.openMs = median(procs.map((p) => p.openMs));
result.cold = {
  totalMs: median(first.map((r) => r.totalMs)),
  minMs: Math.min(...first.map((r) => r.totalMs)),
  maxMs: Math.max(...first.map((r) => r.totalMs)),
  readMs: median(first.map((r) => r.readMs)),
  proposeMs: median(first.map((r) => r.proposeMs)),
  cpuMs: median(first.map((r) => r.cpuMs)),
};
result.warm = { totalMs: warm('totalMs'), readMs: warm('readMs'), proposeMs: warm('proposeMs') };
result.filesPerSecond = result.files / (result.cold.totalMs / 1000);
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });

// --- report -------------------------------------------------------------------------------------------
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const outFile = path.join(root, 'bench', 'results', `autolabel-${result.date.replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(outFile, `${JSON.stringify({ ...result, processes: procs }, null, 2)}\n`);
if (opt.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const f = (x, d = 0) => (x === null ? '–' : x.toFixed(d));
  const c = result.cold;
  const w = result.warm;
  const lines = [
    `Autolabel benchmark, ${result.date}, ${result.machine}, Node ${result.node}, load ${result.load.map((l) => l.toFixed(2)).join(' ')}`,
    '',
    '| Measure | Value | Target |',
    '|---|---|---|',
    `| ${result.files} files, fresh process (round 1), median of ${runs} (min–max) | **${f(c.totalMs / 1000, 3)} s** (${f(c.minMs / 1000, 3)}–${f(c.maxMs / 1000, 3)}), ${f(result.filesPerSecond)} files/s | ≤ 2 s |`,
    `| … of which catalog read + decode / proposals | ${f(c.readMs)} / ${f(c.proposeMs)} ms (CPU ${f(c.cpuMs)} ms) | – |`,
    `| Warm rounds 2–${rounds}, median | ${f(w.totalMs)} ms (read ${f(w.readMs)}, proposals ${f(w.proposeMs)}) | – |`,
    `| Catalog open + schema + id list | ${f(result.openMs, 1)} ms | – |`,
    `| Output | ${result.proposals.points} points and ranges (${result.proposals.stepcode} stepcode), ${result.proposals.attributes} attributes | – |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n\nraw: ${path.relative(root, outFile)}\n`);
}
