#!/usr/bin/env node
// DVC snapshot push benchmark (docs/BENCHMARKS.md § Sync / DVC): a dataset snapshot of the real corpus
// (../shared/setitec, 778 files) with its label events, pushed through `udw snapshot push` (dvc add, git
// commit, dvc push) into a fresh data workspace and a local-folder remote. Target: ≤ 30 s.
//
//   node bench/sync/dvcPush.mjs [--corpus DIR] [--work DIR] [--runs 3] [--skip-raw] [--json]
//
// The catalog and the snapshot are built once into --work (default /tmp/udw-bench-dvc: `udw import`,
// `udw autolabel --commit --accept-above 0.8`, `udw dataset create --min-classes 1`) and reused by later
// runs; each run then times, on a new workspace and remote: `udw workspace init`, the first push, the second
// push (the no-op), and a pull into a fresh clone with a second catalog. Results: a Markdown table on stdout
// and bench/results/dvc-<time>.json. Without the corpus or the dvc CLI it says so and measures nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'setitec') },
    work: { type: 'string', default: path.join(os.tmpdir(), 'udw-bench-dvc') },
    runs: { type: 'string', default: '3' },
    // Leave out the raw-corpus push (the 778 files as one folder, dvc directly, for scale).
    'skip-raw': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const log = (m) => process.stderr.write(`${m}\n`);
const dvc = path.join(root, '.venv', 'bin', 'dvc');
if (!fs.existsSync(opt.corpus)) {
  log(`SKIPPED: no corpus at ${opt.corpus} (the real Setitec files); nothing to measure`);
  process.exit(0);
}
if (spawnSync(fs.existsSync(dvc) ? dvc : 'dvc', ['--version']).status !== 0 || spawnSync('git', ['--version']).status !== 0) {
  log('SKIPPED: the dvc CLI (scripts/bootstrap installs it in .venv) or git is missing; nothing to measure');
  process.exit(0);
}

execFileSync('node', ['scripts/build-node.mjs'], { cwd: root, stdio: 'pipe' });
const udw = (args, db) => {
  const started = process.hrtime.bigint();
  const res = spawnSync('node', [path.join(root, 'out', 'cli', 'udw.js'), ...args, '--db', db, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0) throw new Error(`udw ${args.join(' ')} failed (exit ${res.status}): ${res.stderr}`);
  return { json: JSON.parse(res.stdout), seconds };
};

// --- the catalog and the snapshot, once ----------------------------------------------------------------
const work = path.resolve(opt.work);
const catalog = path.join(work, 'catalog.sqlite');
const summaryFile = path.join(work, 'snapshot.json');
fs.mkdirSync(work, { recursive: true });
if (!fs.existsSync(catalog)) {
  log(`building the corpus catalog in ${work} (once)`);
  const imported = udw(['import', opt.corpus], catalog);
  log(`  udw import: ${imported.json.imported ?? '?'} files in ${imported.seconds.toFixed(1)} s`);
  const labelled = udw(['autolabel', '--commit', '--accept-above', '0.8'], catalog);
  log(`  udw autolabel --commit: ${labelled.seconds.toFixed(1)} s`);
}
if (!fs.existsSync(summaryFile)) {
  // Every file with at least one confirmed label of the default classes (stop-code and heuristic proposals accepted above 0.8).
  const snap = udw(['dataset', 'create', '--min-classes', '1', '--out', path.join(work, 'snapshot')], catalog);
  log(`  udw dataset create: ${snap.json.files} files in ${snap.seconds.toFixed(1)} s`);
  fs.writeFileSync(summaryFile, JSON.stringify(snap.json, null, 2));
}
const snapshot = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
const files = (dir) => fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? files(path.join(dir, e.name)) : 1), 0);
const bytes = (dir) => fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? bytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size), 0);
const corpusFiles = files(opt.corpus);
const events = Number(execFileSync('sqlite3', [catalog, 'SELECT count(*) FROM label_events'], { encoding: 'utf8' }).trim() || 0);
log(`snapshot ${snapshot.snapshotId}: ${snapshot.files} of the ${corpusFiles} corpus files (${snapshot.excluded} excluded), ${files(snapshot.dir)} files, ${(bytes(snapshot.dir) / 1e6).toFixed(1)} MB`);

// --- the runs ----------------------------------------------------------------------------------------------
const runs = [];
for (let i = 0; i < Number(opt.runs); i++) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-bench-dvc-run-'));
  try {
    const ws = path.join(tmp, 'workspace');
    const remote = path.join(tmp, 'remote');
    const init = udw(['workspace', 'init', '--path', ws, '--remote', remote], catalog);
    const first = udw(['snapshot', 'push', snapshot.snapshotId, '--workspace', ws], catalog);
    const again = udw(['snapshot', 'push', snapshot.snapshotId, '--workspace', ws], catalog);
    // The pull side: a fresh clone of the workspace and a copy of the catalog (same files, same events, so
    // the merge finds every event present): dvc pull, the hash check of every file, the copy, the merge pass.
    const clone = path.join(tmp, 'clone');
    execFileSync('git', ['clone', '--quiet', ws, clone]);
    const other = path.join(tmp, 'other', 'catalog.sqlite');
    fs.mkdirSync(path.dirname(other));
    execFileSync('sqlite3', [catalog, `VACUUM INTO '${other}'`]);
    const pulled = udw(['snapshot', 'pull', snapshot.snapshotId, '--workspace', clone], other);
    const run = { init: init.seconds, push: first.seconds, pushAgain: again.seconds, pull: pulled.seconds, uploaded: first.json.uploaded, events: first.json.events, bytes: first.json.bytes, status: [first.json.status, again.json.status, pulled.json.status] };
    log(`run ${i + 1}: init ${run.init.toFixed(1)} s, push ${run.push.toFixed(1)} s (${run.uploaded} files), push again ${run.pushAgain.toFixed(1)} s, pull ${run.pull.toFixed(1)} s`);
    runs.push(run);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
// For scale: the raw corpus itself (every file, 129 MB) as one tracked folder, with the dvc CLI directly:
// what pushing the whole 778 files costs, beside the snapshot of the labelled ones.
let raw = null;
if (!opt['skip-raw']) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-bench-dvc-raw-'));
  try {
    const ws = path.join(tmp, 'workspace');
    udw(['workspace', 'init', '--path', ws, '--remote', path.join(tmp, 'remote')], catalog);
    fs.cpSync(opt.corpus, path.join(ws, 'raw'), { recursive: true });
    const cli = fs.existsSync(dvc) ? dvc : 'dvc';
    const env = { ...process.env, DVC_NO_ANALYTICS: '1', PATH: `${path.dirname(cli)}${path.delimiter}${process.env.PATH}` };
    const started = process.hrtime.bigint();
    execFileSync(cli, ['add', '--quiet', 'raw'], { cwd: ws, env });
    execFileSync('git', ['add', 'raw.dvc', '.gitignore'], { cwd: ws });
    execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@udw.invalid', 'commit', '--quiet', '-m', 'raw corpus'], { cwd: ws });
    const out = execFileSync(cli, ['push'], { cwd: ws, env, encoding: 'utf8' });
    raw = { seconds: Number(process.hrtime.bigint() - started) / 1e9, pushed: out.trim(), files: corpusFiles, bytes: bytes(opt.corpus) };
    log(`raw corpus: dvc add + git commit + dvc push of ${corpusFiles} files in ${raw.seconds.toFixed(1)} s (${raw.pushed})`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// Restore the catalog's own workspace pointer: the runs named temp folders.
fs.rmSync(path.join(work, 'data-workspace.json'), { force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const result = {
  at: new Date().toISOString(),
  load: os.loadavg(),
  cpus: os.cpus().length,
  corpusFiles,
  snapshot: { id: snapshot.snapshotId, files: snapshot.files, excluded: snapshot.excluded, dvcFiles: runs[0]?.uploaded, bytes: runs[0]?.bytes },
  catalogEvents: events,
  runs,
  raw,
  median: { init: median(runs.map((r) => r.init)), push: median(runs.map((r) => r.push)), pushAgain: median(runs.map((r) => r.pushAgain)), pull: median(runs.map((r) => r.pull)) },
};
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', `dvc-${result.at.replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
if (opt.json) console.log(JSON.stringify(result, null, 2));
else {
  const f = (s) => `${s.toFixed(1)} s`;
  console.log(`| step (median of ${runs.length}) | time | target |\n|---|---|---|`);
  console.log(`| udw workspace init | ${f(result.median.init)} | |`);
  console.log(`| udw snapshot push (first: dvc add, commit, dvc push of ${result.snapshot.dvcFiles} files, ${(result.snapshot.bytes / 1e6).toFixed(1)} MB) | **${f(result.median.push)}** | ≤ 30 s ${result.median.push <= 30 ? 'met' : 'missed'} |`);
  console.log(`| udw snapshot push (again: the no-op) | ${f(result.median.pushAgain)} | |`);
  console.log(`| udw snapshot pull (fresh clone, second catalog: dvc pull, verify, register, merge) | ${f(result.median.pull)} | |`);
  if (raw) console.log(`| for scale: the raw corpus (${raw.files} files, ${(raw.bytes / 1e6).toFixed(0)} MB) as one folder: dvc add, commit, dvc push (once) | ${f(raw.seconds)} | |`);
}
