#!/usr/bin/env node
// Ingest benchmark (docs/BENCHMARKS.md § Ingest). Every measurement runs in a fresh process over the bundled
// code (workers from out/workers), with a warm page cache (the floor run reads every file first).
//
//   node bench/ingest/run.mjs [--runs 5] [--corpus ../shared/setitec] [--generated 13000] [--seed 1] [--gen-dir DIR] [--json]
//
// 1. floor: find + read every corpus file (no parsing) — the least any import can cost;
// 2. cold import of the corpus into a fresh catalog (median of --runs), files/s, MB/s, peak RSS;
// 3. rescan of the unchanged corpus (median), and getSignals of the largest file;
// 3b. the catalog writes alone (records prepared beforehand): SQLite's single-writer share of any import;
// 4. cold import of --generated synthetic files (generated once, kept in --gen-dir for later runs).
// Results: a Markdown table on stdout and bench/results/ingest-<time>.json.
import { execFileSync, spawn } from 'node:child_process';
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
    corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'setitec') },
    generated: { type: 'string', default: '13000' },
    seed: { type: 'string', default: '1' },
    'gen-dir': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(opt.runs);
const genCount = Number(opt.generated);
const genDir = opt['gen-dir'] ?? path.join(os.tmpdir(), `udw-bench-gen-${genCount}-s${opt.seed}`);
const log = (m) => process.stderr.write(`${m}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// --- build --------------------------------------------------------------------------------------------
execFileSync('node', ['scripts/build-node.mjs'], { cwd: root, stdio: 'pipe' });
await bundleNode(
  { 'bench/importOnce': 'bench/ingest/importOnce.ts', 'bench/genPart': 'bench/ingest/genPart.ts', 'bench/writeFloor': 'bench/ingest/writeFloor.ts' },
  { absWorkingDir: root },
);
const importOnce = path.join(root, 'out', 'bench', 'importOnce.js');

function runJson(script, args) {
  const out = execFileSync('node', [script, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').at(-1));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-bench-'));
const freshDb = (i) => path.join(tmp, `cold-${i}`, 'catalog.sqlite');

// --- corpus -------------------------------------------------------------------------------------------
const result = { date: new Date().toISOString(), machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`, node: process.version, load: os.loadavg() };
if (fs.existsSync(opt.corpus)) {
  log(`floor: reading ${opt.corpus} ×${runs + 1}`);
  const floors = [];
  for (let i = 0; i <= runs; i++) floors.push(runJson(path.join(root, 'bench/ingest/floor.mjs'), [opt.corpus])); // first run warms the cache
  const floor = { seconds: median(floors.slice(1).map((f) => f.seconds)), files: floors[0].files, bytes: floors[0].bytes };

  log(`cold import ×${runs}`);
  const cold = [];
  for (let i = 0; i < runs; i++) cold.push(runJson(importOnce, [freshDb(i), opt.corpus]));
  if (cold.some((c) => c.failed > 0 || c.imported !== floor.files)) throw new Error(`cold import incomplete: ${JSON.stringify(cold)}`);
  const coldS = median(cold.map((c) => c.seconds));

  log(`rescan ×${runs}`);
  const rescans = [];
  for (let i = 0; i < runs; i++) rescans.push(runJson(importOnce, [freshDb(runs - 1), opt.corpus, '--signals']));
  const rescanS = median(rescans.map((r) => r.seconds));

  log('catalog writes alone ×3');
  const wf = runJson(path.join(root, 'out', 'bench', 'writeFloor.js'), [tmp, opt.corpus, '--rounds', '3']).rounds;

  result.corpus = {
    files: floor.files,
    mb: floor.bytes / 1e6,
    floorSeconds: floor.seconds,
    cold: { median: coldS, min: Math.min(...cold.map((c) => c.seconds)), max: Math.max(...cold.map((c) => c.seconds)), runs: cold.map((c) => +c.seconds.toFixed(3)) },
    coldCpuSeconds: median(cold.map((c) => c.cpuSeconds)),
    coldMainThreadMs: { write: median(cold.map((c) => c.timings.writeMs)), derive: median(cold.map((c) => c.timings.deriveMs)), scan: median(cold.map((c) => c.timings.scanMs)) },
    filesPerSecond: floor.files / coldS,
    mbPerSecond: floor.bytes / 1e6 / coldS,
    ratioToFloor: coldS / floor.seconds,
    peakRssMb: Math.max(...cold.map((c) => c.peakRssMb)),
    catalogMb: cold[0].dbBytes / 1e6,
    rescan: { median: rescanS, ratioToCold: rescanS / coldS },
    writeFloor: {
      writeMs: median(wf.map((w) => w.writeMs)),
      writeCpuMs: median(wf.map((w) => w.writeCpuMs)),
      checkpointMs: median(wf.map((w) => w.checkpointMs)),
      checkpointCpuMs: median(wf.map((w) => w.checkpointCpuMs)),
    },
    signalsLargestFile: { rows: rescans[0].signalsMs.rows, minMs: Math.min(...rescans.map((r) => r.signalsMs.min)), medianMs: median(rescans.map((r) => r.signalsMs.median)) },
  };
} else log(`no corpus at ${opt.corpus}: corpus figures skipped`);

// --- generated ----------------------------------------------------------------------------------------
if (genCount > 0) {
  const marker = path.join(genDir, '.complete');
  if (!fs.existsSync(marker)) {
    fs.rmSync(genDir, { recursive: true, force: true });
    const parts = Math.ceil(genCount / 1000);
    const procs = Math.min(os.cpus().length, parts);
    log(`generating ${genCount} files into ${genDir} (${procs} processes; kept for later runs)`);
    const t = performance.now();
    await Promise.all(
      Array.from({ length: procs }, (_, k) => {
        const mine = Array.from({ length: parts }, (_, p) => p).filter((p) => p % procs === k);
        return new Promise((resolve, reject) => {
          const child = spawn('node', [path.join(root, 'out', 'bench', 'genPart.js'), genDir, String(genCount), opt.seed, ...mine.map(String)], { stdio: 'inherit' });
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`genPart exited ${code}`))));
        });
      }),
    );
    fs.writeFileSync(marker, JSON.stringify({ count: genCount, seed: opt.seed }));
    log(`generated in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
  runJson(path.join(root, 'bench/ingest/floor.mjs'), [genDir]); // warm the cache
  const floor = runJson(path.join(root, 'bench/ingest/floor.mjs'), [genDir]);
  log(`cold import of ${floor.files} generated files`);
  const g = runJson(importOnce, [path.join(tmp, 'gen', 'catalog.sqlite'), genDir]);
  if (g.failed > 0) log(`warning: ${g.failed} generated files failed`);
  result.generated = {
    files: floor.files,
    mb: floor.bytes / 1e6,
    floorSeconds: floor.seconds,
    seconds: g.seconds,
    cpuSeconds: g.cpuSeconds,
    failed: g.failed,
    filesPerSecond: floor.files / g.seconds,
    mbPerSecond: floor.bytes / 1e6 / g.seconds,
    peakRssMb: g.peakRssMb,
    catalogMb: g.dbBytes / 1e6,
  };
}
fs.rmSync(tmp, { recursive: true, force: true });

// --- report -------------------------------------------------------------------------------------------
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const outFile = path.join(root, 'bench', 'results', `ingest-${result.date.replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
if (opt.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  const f = (x, d = 2) => x.toFixed(d);
  const lines = [`Ingest benchmark, ${result.date}, ${result.machine}, Node ${result.node}, load ${result.load.map((l) => f(l)).join(' ')}`, ''];
  lines.push('| Measure | Value | Target |', '|---|---|---|');
  const c = result.corpus;
  if (c) {
    lines.push(
      `| Floor: find + read ${c.files} files (${f(c.mb, 1)} MB) | ${f(c.floorSeconds, 3)} s | – |`,
      `| Cold import, median of ${runs} (min–max) | ${f(c.cold.median)} s (${f(c.cold.min)}–${f(c.cold.max)}) | ≤ 0.75 s |`,
      `| Cold import CPU time (all threads) | ${f(c.coldCpuSeconds)} s | – |`,
      `| Main thread: scan / catalog writes / derived | ${f(c.coldMainThreadMs.scan, 0)} / ${f(c.coldMainThreadMs.write, 0)} / ${f(c.coldMainThreadMs.derive, 0)} ms | – |`,
      `| Rate | ${f(c.filesPerSecond, 0)} files/s, ${f(c.mbPerSecond, 1)} MB/s | – |`,
      `| Cold ÷ floor | ${f(c.ratioToFloor, 1)}× | ≤ 2× |`,
      `| Catalog writes alone, one thread (records prepared beforehand): writes + checkpoint | ${f(c.writeFloor.writeMs, 0)} + ${f(c.writeFloor.checkpointMs, 0)} ms (CPU ${f(c.writeFloor.writeCpuMs, 0)} + ${f(c.writeFloor.checkpointCpuMs, 0)} ms) = ${f((c.writeFloor.writeMs + c.writeFloor.checkpointMs) / 1000 / c.floorSeconds, 1)}× the floor | – |`,
      `| Rescan of the unchanged corpus, median | ${f(c.rescan.median * 1000, 1)} ms (${f(c.rescan.ratioToCold * 100, 1)} % of cold) | ≤ 5 % |`,
      `| Peak RSS (process incl. workers) | ${f(c.peakRssMb, 0)} MB | ≤ 400 MB |`,
      `| Catalog size | ${f(c.catalogMb, 1)} MB | – |`,
      `| getSignals, largest file (${c.signalsLargestFile.rows} rows): min / median | ${f(c.signalsLargestFile.minMs)} / ${f(c.signalsLargestFile.medianMs)} ms | ≤ 5 ms |`,
    );
  }
  const g = result.generated;
  if (g) {
    lines.push(
      `| Generated: cold import of ${g.files} files (${f(g.mb, 0)} MB) | ${f(g.seconds, 1)} s, ${f(g.filesPerSecond, 0)} files/s, ${f(g.mbPerSecond, 1)} MB/s | same per-file rate${c ? ` (${f(c.filesPerSecond, 0)} files/s)` : ''} |`,
      `| Generated: peak RSS / catalog size | ${f(g.peakRssMb, 0)} MB / ${f(g.catalogMb, 0)} MB | ≤ 400 MB |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\nraw: ${path.relative(root, outFile)}\n`);
}
