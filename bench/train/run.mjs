#!/usr/bin/env node
// Training benchmark (docs/BENCHMARKS.md § Training): the default `python -m udw_bridge train` on a
// snapshot, once per seed, with speed (samples/s, seconds per epoch) and quality (per keypoint on the
// validation split, with the spread over seeds), next to the reference line: the controller's own trigger
// replayed on the snapshot's torque (bench/train/replay_trigger.py).
//
//   npm run bench:train -- [--dataset DIR | --db CATALOG] [--seeds 3] [--device cpu|cuda|mps|auto]
//                          [--threads 2] [--epochs N] [--keep DIR] [--parallel] [--json]
//
// --dataset: a snapshot folder (default /tmp/mdbmql/snapshot when it exists); --db: build one first with
// `udw dataset create --db CATALOG --sources stepcode --val-order latest`. Each seed trains in a fresh
// process with the bridge's defaults (only --seed, --device, --threads and --epochs are passed), events read
// from fd 3 as the workstation reads them. Results: a Markdown table on stdout and bench/results/train-<time>.json.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({
  options: {
    dataset: { type: 'string' },
    db: { type: 'string' },
    seeds: { type: 'string', default: '3' },
    device: { type: 'string', default: 'cpu' },
    threads: { type: 'string', default: '2' },
    epochs: { type: 'string' },
    keep: { type: 'string' },
    python: { type: 'string', default: path.join(root, '.venv', 'bin', 'python') },
    json: { type: 'boolean', default: false },
    // All seeds at once: for the quality figures on a busy machine; the speed figures then share the cores.
    parallel: { type: 'boolean', default: false },
  },
});
const log = (m) => process.stderr.write(`${m}\n`);
const seeds = Array.from({ length: Number(opt.seeds) }, (_, i) => i);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs) => (xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1)) : 0);

// --- snapshot -----------------------------------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-bench-train-'));
let dataset = opt.dataset ? path.resolve(opt.dataset) : null;
if (!dataset && opt.db) {
  execFileSync('node', ['scripts/build-node.mjs'], { cwd: root, stdio: 'pipe' });
  dataset = path.join(tmp, 'snapshot');
  log(`udw dataset create --db ${opt.db} --out ${dataset}`);
  execFileSync('node', ['out/cli/udw.js', 'dataset', 'create', '--db', path.resolve(opt.db), '--out', dataset, '--sources', 'stepcode', '--val-order', 'latest', '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
}
if (!dataset && fs.existsSync('/tmp/mdbmql/snapshot/manifest.json')) dataset = '/tmp/mdbmql/snapshot';
if (!dataset || !fs.existsSync(path.join(dataset, 'manifest.json'))) {
  log(`no snapshot (--dataset DIR or --db CATALOG, see docs/BENCHMARKS.md § Training): nothing to measure`);
  process.exit(0);
}
const manifest = JSON.parse(fs.readFileSync(path.join(dataset, 'manifest.json'), 'utf8'));

// --- one training per seed ----------------------------------------------------------------------------
function trainOnce(seed) {
  const out = path.join(opt.keep ? path.resolve(opt.keep) : tmp, `seed-${seed}`);
  fs.rmSync(out, { recursive: true, force: true });
  const args = ['-m', 'udw_bridge', 'train', '--dataset', dataset, '--out', out, '--seed', String(seed), '--device', opt.device, '--threads', opt.threads];
  if (opt.epochs) args.push('--epochs', opt.epochs);
  log(`seed ${seed}: ${path.basename(opt.python)} ${args.join(' ')}`);
  const started = process.hrtime.bigint();
  const child = spawn(opt.python, args, {
    cwd: path.join(root, 'python-bridge'),
    env: { ...process.env, PYTHONPATH: path.join(root, 'python-bridge'), UDW_EVENTS_FD: '3' },
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const events = [];
  let buffer = '';
  child.stdio[3].on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buffer.slice(0, nl)));
      buffer = buffer.slice(nl + 1);
    }
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr = (stderr + c.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`seed ${seed}: exit ${code}\n${stderr}`));
      const epochs = events.filter((e) => e.type === 'epoch');
      const evaluation = JSON.parse(fs.readFileSync(path.join(out, 'evaluation.json'), 'utf8'));
      const done = events.find((e) => e.type === 'done');
      const device = events.find((e) => e.type === 'start')?.device;
      resolve({ seed, seconds, device, epochs: epochs.length, bestEpoch: done?.bestEpoch ?? null, secondsPerEpoch: median(epochs.map((e) => e.seconds)), samplesPerSecond: median(epochs.map((e) => e.samplesPerSecond)), keypoints: evaluation.keypoints, model: done?.model ?? null });
    });
    child.on('error', reject);
  });
}

const result = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  load: os.loadavg(),
  dataset,
  snapshotId: manifest.snapshotId,
  files: { train: manifest.counts.train, val: manifest.counts.val },
  device: opt.device,
  threads: Number(opt.threads),
  runs: [],
};
if (opt.parallel) result.runs = await Promise.all(seeds.map((seed) => trainOnce(seed)));
else for (const seed of seeds) result.runs.push(await trainOnce(seed));
result.parallel = opt.parallel;
result.loadAfter = os.loadavg();
result.reference = JSON.parse(execFileSync(opt.python, [path.join(root, 'bench', 'train', 'replay_trigger.py'), dataset, '--split', 'val'], { cwd: root, encoding: 'utf8' }));

const classes = Object.keys(result.runs[0].keypoints);
result.summary = {};
for (const cls of classes) {
  const figs = result.runs.map((r) => r.keypoints[cls]).filter((k) => k.n > 0);
  if (!figs.length) continue;
  const col = (key) => figs.map((k) => k[key]);
  result.summary[cls] = { n: figs[0].n, maeMean: mean(col('mae')), maeSd: sd(col('mae')), maeMin: Math.min(...col('mae')), maeMax: Math.max(...col('mae')), p95Mean: mean(col('p95')), maxWorst: Math.max(...col('max')), within025Min: Math.min(...col('within025')) };
}
result.speed = { secondsPerEpoch: median(result.runs.map((r) => r.secondsPerEpoch)), samplesPerSecond: median(result.runs.map((r) => r.samplesPerSecond)), wallSeconds: median(result.runs.map((r) => r.seconds)), wallMaxSeconds: Math.max(...result.runs.map((r) => r.seconds)) };

fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const file = path.join(root, 'bench', 'results', `train-${result.date.replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, JSON.stringify(result, null, 1));
if (!opt.keep) fs.rmSync(tmp, { recursive: true, force: true });

const mm = (v) => (v == null ? '–' : v.toFixed(4));
if (opt.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else {
  const lines = [
    `Training, ${result.runs.length} seeds${opt.parallel ? ' (run at the same time)' : ''}, device ${result.runs[0].device}, ${result.threads} threads, ${result.files.train} train / ${result.files.val} val files (load ${result.load.map((l) => l.toFixed(1)).join(' ')})`,
    '',
    '| Keypoint (val) | n | MAE mean ± sd (min–max over seeds), mm | p95, mm | worst max, mm | within ±0.25 mm (worst seed) | replayed trigger MAE / max, mm |',
    '|---|---|---|---|---|---|---|',
    ...classes.filter((c) => result.summary[c]).map((c) => {
      const s = result.summary[c];
      const ref = result.reference.keypoints[c];
      return `| ${c} | ${s.n} | ${mm(s.maeMean)} ± ${mm(s.maeSd)} (${mm(s.maeMin)}–${mm(s.maeMax)}) | ${mm(s.p95Mean)} | ${mm(s.maxWorst)} | ${(100 * s.within025Min).toFixed(1)} % | ${ref ? `${mm(ref.mae)} / ${mm(ref.max)}` : '–'} |`;
    }),
    '',
    `| Speed | median over seeds |`,
    '|---|---|',
    `| seconds per epoch | ${result.speed.secondsPerEpoch.toFixed(2)} |`,
    `| training samples/s | ${result.speed.samplesPerSecond.toFixed(1)} |`,
    `| whole run (train, evaluate, export + verify), s | ${result.speed.wallSeconds.toFixed(1)} (slowest ${result.speed.wallMaxSeconds.toFixed(1)}) |`,
    `| epochs run (best epoch) | ${result.runs.map((r) => `${r.epochs} (${r.bestEpoch})`).join(', ')} |`,
    '',
    `results: ${path.relative(root, file)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
