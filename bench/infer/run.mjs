#!/usr/bin/env node
// Inference benchmark (docs/BENCHMARKS.md § Inference). The tiny fixture model (test/fixtures/models/tiny.onnx)
// over the real corpus, all in one run:
//
//   node bench/infer/run.mjs [--corpus ../shared/setitec] [--limit N] [--threads 1] [--rounds 3] [--catalog FILE]
//                            [--no-browser] [--no-compare] [--cpu-throttle N] [--child-cpu-prof DIR] [--json]
//
// 1. Node: every corpus file the model can read, preprocessed by the app's own code (not timed), then through
//    the out-of-process inference service (ChildInferenceService: the Node child the web host and CLI use) and
//    the peak reading, twice: one file at a time (per-file latency p50, p95, and that throughput), and as the
//    app's batch run feeds it (runInferJob's pipeline: the next files queued while one computes) for throughput;
// 2. PyTorch eager on the CPU with the same thread count over the very same float32 arrays (torch_eager.py,
//    the same weights from tiny.pt), per-file latency and throughput; the ratio of the throughputs. Steps 1
//    and 2 alternate for --rounds rounds (the machine's load moves under both alike) and the medians are kept;
// 3. the app's batch run (models.inferBatch, catalog read → inference → proposals stored) over the whole
//    imported corpus, started from the Models page of the built renderer in Debian Chromium, with a
//    PerformanceObserver for long tasks (> 50 ms) on the page for the whole run and what the page does when it
//    ends (1.5 s after it says "Done"): its wall time and the longest main-thread task.
// --catalog FILE reuses a catalog holding the corpus (made by an earlier run's import or `udw import`) for step 3;
// its proposals of the tiny model are replaced. Without the corpus it says so and exits 0. Results: a Markdown table on stdout and bench/results/infer-<time>.json.
/* global window -- inside page.evaluate */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'setitec') },
    limit: { type: 'string' },
    catalog: { type: 'string' },
    threads: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    browser: { type: 'boolean', default: true },
    // Only step 3 (the batch run from the page), e.g. to look at the renderer alone.
    compare: { type: 'boolean', default: true },
    // Chromium's CPU throttling for the page (DevTools' "4× slowdown"): the renderer as on a slower laptop.
    'cpu-throttle': { type: 'string', default: '1' },
    renderer: { type: 'string', default: path.join(root, 'out', 'renderer') },
    // A V8 CPU profile of the inference process of steps 1 (node --cpu-prof), written into this folder.
    'child-cpu-prof': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const log = (m) => process.stderr.write(`${m}\n`);
const AFTER_DONE_MS = 1500;
const MODEL = path.join(root, 'test', 'fixtures', 'models', 'tiny.onnx');
const PYTHON = path.join(root, '.venv', 'bin', 'python');
const threads = Number(opt.threads);
const rounds = Math.max(1, Number(opt.rounds));
const limit = opt.limit ? Number(opt.limit) : Infinity;

if (!fs.existsSync(opt.corpus)) {
  log(`bench:infer: the corpus is missing (${opt.corpus}); nothing measured. Give --corpus DIR.`);
  process.exit(0);
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};
const r2 = (x) => Math.round(x * 100) / 100;
const median = (xs) => pct(xs, 50);

const { corpusInputs, writeForTorch } = await import('./inputs.ts');
const { ChildInferenceService } = await import('../../src/main/models/childInferenceService.ts');
const { nodeInferenceLink } = await import('../../src/main/models/nodeInferenceLink.ts');
const { checkModel } = await import('../../src/main/models/checkedModel.ts');
const { predict } = await import('../../src/main/models/predict.ts');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-bench-infer-'));
const results = { date: new Date().toISOString(), command: `node bench/infer/run.mjs ${process.argv.slice(2).join(' ')}`.trim(), cpus: os.cpus().length, threads, errors: [] };

try {
  log('preprocessing the corpus (not timed)…');
  const { inputs, refused, files } = await corpusInputs(opt.corpus, MODEL, limit);
  results.files = files;
  results.inputs = inputs.length;
  results.refused = refused.length;
  log(`${inputs.length} of ${files} files readable by the model (${refused.length} refused, e.g. ${refused[0]?.message ?? '–'})`);

  if (opt.compare) await compareWithTorch(inputs);
  // 3. The app's batch run from the Models page, with a long-task observer.
  if (opt.browser) results.batch = await batchInBrowser();
} catch (err) {
  results.errors.push(String(err?.stack ?? err));
  log(String(err?.stack ?? err));
  process.exitCode = 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

/** Steps 1 and 2. */
async function compareWithTorch(inputs) {
  // 1 and 2, alternately: Node out of process (one at a time, then pipelined), PyTorch eager (same inputs, same threads).
  const base = path.join(work, 'inputs');
  writeForTorch(base, inputs);
  const { PIPELINE_DEPTH } = await import('../../src/main/models/inferJob.ts');
  const profDir = opt['child-cpu-prof'] ? path.resolve(opt['child-cpu-prof']) : null;
  const inference = new ChildInferenceService(nodeInferenceLink(profDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] } : {}));
  const node = [];
  const torchRuns = [];
  try {
    const model = await checkModel(inference, MODEL, { intraOpNumThreads: threads });
    await predict(inference, model, inputs[0].input); // warm-up: the session is loaded and first-run costs are paid
    for (let round = 0; round < rounds; round++) {
      const perFile = [];
      const t0 = performance.now();
      for (const { input } of inputs) {
        const t = performance.now();
        await predict(inference, model, input);
        perFile.push(performance.now() - t);
      }
      const sequentialS = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      const cpu0 = { backEnd: process.cpuUsage(), child: childCpuS(inference.pid) };
      await pipelined(inputs, PIPELINE_DEPTH, (input) => predict(inference, model, input));
      const pipelinedS = (performance.now() - t1) / 1000;
      const backEnd = process.cpuUsage(cpu0.backEnd);
      // CPU seconds move far less with the machine's load than wall time does.
      const cpuS = { backEnd: r2((backEnd.user + backEnd.system) / 1e6), inference: r2(childCpuS(inference.pid) - cpu0.child) };
      node.push({ perFile, sequentialS, pipelinedS, cpuS });
      torchRuns.push(runTorch(base));
      log(`round ${round + 1}/${rounds}: node ${r2(sequentialS)} s one at a time, ${r2(pipelinedS)} s pipelined; torch ${r2(torchRuns.at(-1).total)} s`);
    }
  } finally {
    await inference.dispose();
  }
  const mid = node.map((n) => n.pipelinedS).indexOf(median(node.map((n) => n.pipelinedS)));
  const perFile = node[mid].perFile;
  const sequentialS = median(node.map((n) => n.sequentialS));
  const pipelinedS = median(node.map((n) => n.pipelinedS));
  results.node = {
    p50Ms: r2(pct(perFile, 50)),
    p95Ms: r2(pct(perFile, 95)),
    sequentialS: r2(sequentialS),
    sequentialFilesPerS: r2(inputs.length / sequentialS),
    totalS: r2(pipelinedS),
    filesPerS: r2(inputs.length / pipelinedS),
    pipelineDepth: PIPELINE_DEPTH,
    rounds: node.map((n) => ({ sequentialS: r2(n.sequentialS), pipelinedS: r2(n.pipelinedS), cpuS: n.cpuS })),
  };
  log(`node CPU, pipelined: back end ${node.map((n) => n.cpuS.backEnd).join(' / ')} s, inference process ${node.map((n) => n.cpuS.inference).join(' / ')} s`);
  log(`node: p50 ${results.node.p50Ms} ms, p95 ${results.node.p95Ms} ms, ${results.node.sequentialFilesPerS} files/s one at a time, ${results.node.filesPerS} files/s pipelined`);
  const torchTotal = median(torchRuns.map((t) => t.total));
  const torch = torchRuns.find((t) => t.total === torchTotal);
  const torchMs = torch.perFile.map((s) => s * 1000);
  results.torch = { p50Ms: r2(pct(torchMs, 50)), p95Ms: r2(pct(torchMs, 95)), totalS: r2(torch.total), filesPerS: r2(inputs.length / torch.total), version: torch.torch, rounds: torchRuns.map((t) => r2(t.total)) };
  // Each round's Node and PyTorch ran within the same minute: the ratio within a round is the fair one, and its
  // median over the rounds is what the target is read against.
  const ratios = node.map((n, i) => torchRuns[i].total / n.pipelinedS);
  const ratiosSequential = node.map((n, i) => torchRuns[i].total / n.sequentialS);
  results.speedupRounds = ratios.map(r2);
  results.speedup = r2(median(ratios));
  results.speedupSequential = r2(median(ratiosSequential));
  log(`torch eager: p50 ${results.torch.p50Ms} ms, p95 ${results.torch.p95Ms} ms, ${results.torch.filesPerS} files/s → node ${results.speedup}× pipelined, ${results.speedupSequential}× one at a time`);
}

/** The inference process's user + system CPU seconds so far (Linux /proc; NaN elsewhere). */
function childCpuS(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** `depth` predictions in flight at once, taken in order: how runInferJob feeds the inference process. */
async function pipelined(items, depth, fn) {
  const inFlight = [];
  let next = 0;
  while (next < items.length || inFlight.length > 0) {
    while (inFlight.length < depth && next < items.length) inFlight.push(fn(items[next++].input));
    await inFlight.shift();
  }
}

function runTorch(base) {
  const py = spawnSync(PYTHON, [path.join(root, 'bench', 'infer', 'torch_eager.py'), base, String(threads)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (py.status !== 0) throw new Error(`torch_eager.py failed (exit ${py.status}): ${py.stderr}`);
  return JSON.parse(py.stdout);
}

async function batchInBrowser() {
  if (!fs.existsSync(path.join(opt.renderer, 'index.html'))) {
    log('building the renderer…');
    execFileSync('npx', ['vite', 'build', '--config', 'vite.renderer.config.ts'], { cwd: root, stdio: 'inherit' });
  }
  const { chromium } = await import('playwright-core');
  const { createBackend } = await import('../../src/main/backend/createBackend.ts');
  const { startHttpHost } = await import('../../src/main/host/httpHost.ts');
  const catalog = opt.catalog ? path.resolve(opt.catalog) : path.join(work, 'catalog.sqlite');
  const backend = createBackend({ host: 'web', catalogPath: catalog, projectRoot: root });
  const host = await startHttpHost({ backend, staticDir: opt.renderer });
  let browser = null;
  try {
    log(opt.catalog ? `importing the corpus into ${catalog} (only files not there yet)…` : 'importing the corpus into a catalog…');
    const t0 = performance.now();
    const summary = await backend.dispatch('catalog.import', { dirs: [opt.corpus] });
    const importS = (performance.now() - t0) / 1000;
    const udw = (args) => execFileSync('node', [path.join(root, 'bin', 'udw.js'), ...args, '--db', catalog, '--json'], { encoding: 'utf8' });
    const model = JSON.parse(udw(['models', 'import', MODEL]));
    udw(['models', 'activate', model.id]);

    browser = await chromium.launch({
      executablePath: process.env.UDW_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const throttle = Number(opt['cpu-throttle']);
    const cdp = await page.context().newCDPSession(page);
    if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await cdp.send('Performance.enable');
    // The renderer's own main-thread time (tasks, script) over the run: what the page costs the machine.
    const pageTime = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    page.on('console', (m) => m.type() === 'error' && results.errors.push(m.text()));
    page.on('pageerror', (e) => results.errors.push(`uncaught: ${e.message}`));
    const rendered = page.waitForEvent('console', (m) => m.text() === 'App rendered');
    await page.goto(host.openUrl);
    await rendered;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Models', exact: true }).click();
    const run = page.getByRole('button', { name: /^Run / });
    await run.waitFor();
    await page.evaluate(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ at: e.startTime - window.__t0, ms: e.duration });
      }).observe({ type: 'longtask' });
    });
    const before = await pageTime();
    const t1 = performance.now();
    await page.evaluate(() => (window.__t0 = performance.now()));
    await run.click();
    const status = page.getByTestId('models-batch-status');
    await status.filter({ hasText: /^(Done|Cancelled)/ }).waitFor({ timeout: 600_000 });
    const wallS = (performance.now() - t1) / 1000;
    const text = await status.textContent();
    // What the page does when the run ends (the catalog's rows refetched for their new confidence) belongs to
    // the batch run too: observed for AFTER_DONE_MS more.
    await page.waitForTimeout(AFTER_DONE_MS);
    const tasks = await page.evaluate(() => window.__longTasks);
    const after = await pageTime();
    const longTasks = tasks.map((t) => t.ms);
    await browser.close();
    browser = null;
    // The same work in this process, phase by phase, on the catalog the run just filled.
    const { batchPhases } = await import('./batchPhases.ts');
    const phases = await batchPhases(catalog, MODEL, model.id, threads);
    log(`batch phases per file: read ${phases.readMs} ms, predict ${phases.predictMs} ms, store ${phases.storeMs} ms; ${phases.files} files in ${phases.totalS} s`);
    const done = Number(/(\d+) of (\d+) files/.exec(text)?.[1] ?? NaN);
    log(`page main thread busy ${r2(after.TaskDuration - before.TaskDuration)} s (script ${r2(after.ScriptDuration - before.ScriptDuration)} s) during the run`);
    log(`batch: ${text} in ${r2(wallS)} s; longest main-thread task ${longTasks.length ? Math.max(...longTasks) : 0} ms (${longTasks.length} over 50 ms)`);
    return {
      imported: summary.imported,
      importS: r2(importS),
      files: done,
      wallS: r2(wallS),
      filesPerS: r2(done / wallS),
      status: text,
      longTasksOver50: longTasks.length,
      longestTaskMs: longTasks.length ? r2(Math.max(...longTasks)) : 0,
      // atS from the click on Run; the page said "Done" at about wallS.
      longTasks: tasks.map((t) => ({ atS: r2(t.at / 1000), ms: r2(t.ms) })),
      observedAfterDoneMs: AFTER_DONE_MS,
      cpuThrottle: throttle,
      pageTaskS: r2(after.TaskDuration - before.TaskDuration),
      pageScriptS: r2(after.ScriptDuration - before.ScriptDuration),
      phases,
    };
  } finally {
    await browser?.close();
    await host.close();
    await backend.dispose();
  }
}

fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const out = path.join(root, 'bench', 'results', `infer-${results.date.replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify(results, null, 2));
if (opt.json) process.stdout.write(`${JSON.stringify(results)}\n`);
else {
  const lines = [];
  if (results.node && results.torch) lines.push(
    `| | p50 per file | p95 per file | files/s | ${results.inputs} files |`,
    '|---|---|---|---|---|',
    `| Node (onnxruntime-node, out of process, ${threads} thread), one at a time | ${results.node.p50Ms} ms | ${results.node.p95Ms} ms | ${results.node.sequentialFilesPerS} | ${results.node.sequentialS} s |`,
    `| Node, as the batch run feeds it (${results.node.pipelineDepth} in flight) | | | ${results.node.filesPerS} | ${results.node.totalS} s |`,
    `| PyTorch ${results.torch.version} eager (CPU, ${threads} thread) | ${results.torch.p50Ms} ms | ${results.torch.p95Ms} ms | ${results.torch.filesPerS} | ${results.torch.totalS} s |`,
    `| Node ÷ PyTorch throughput (median of ${rounds} alternating rounds: ${results.speedupRounds.join(', ')}) | | | ${results.speedup}× pipelined, ${results.speedupSequential}× one at a time | |`,
  );
  if (results.batch) {
    lines.push(
      '',
      `Batch run from the Models page over the imported corpus (${results.batch.imported} files imported in ${results.batch.importS} s): ` +
        `${results.batch.files} files in ${results.batch.wallS} s (${results.batch.filesPerS} files/s); ` +
        `longest renderer main-thread task ${results.batch.longestTaskMs} ms, ${results.batch.longTasksOver50} over 50 ms` +
        `${results.batch.cpuThrottle > 1 ? ` (page CPU throttled ${results.batch.cpuThrottle}×)` : ''}. ` +
        `The same steps timed in one process: read ${results.batch.phases.readMs} ms, predict ${results.batch.phases.predictMs} ms, ` +
        `store ${results.batch.phases.storeMs} ms per file (${results.batch.phases.totalS} s for ${results.batch.phases.files} files).`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n(results in ${path.relative(root, out)})\n`);
}
