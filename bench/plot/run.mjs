#!/usr/bin/env node
// Plot benchmark (docs/BENCHMARKS.md § Plot). Real back end + web host + the built renderer in Debian Chromium.
//
//   node bench/plot/run.mjs [--runs 7] [--big-runs 3] [--corpus ../shared/setitec] [--rows 1000000] [--fps-seconds 4] [--json]
//
// 1. open → first plotted frame for the largest corpus file (MDB-MQL …_1900_27.xls, 11,423 rows): the time
//    from performance.mark('udw:open') (the file is opened) to 'udw:first-plot' (plotly's first render of
//    it), median of --runs opens from the catalog (the first, cold open reported separately), and median of
//    --runs "next file" (n) steps through distinct copies of it in the annotation view;
// 2. the same for a generated signal of --rows samples (bench/plot/bigSignal.ts, imported through the back end);
// 3. frame rate while zooming and panning that signal, counting requestAnimationFrame callbacks and finished
//    redraws: (a) one scripted Plotly.relayout per animation frame (zoom in ×0.93 per frame, then pan);
//    (b) gestures: a wheel event per frame, then the app's ←/→ keyboard pan every third frame.
// Results: a Markdown table on stdout and bench/results/plot-<time>.json. Needs `npx vite build --config
// vite.renderer.config.ts` first (out/renderer); builds it when missing.
/* global document, window, WheelEvent, KeyboardEvent, requestAnimationFrame -- inside page.evaluate */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    'big-runs': { type: 'string', default: '3' },
    corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'setitec') },
    rows: { type: 'string', default: '1000000' },
    'fps-seconds': { type: 'string', default: '4' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const runs = Number(opt.runs);
const bigRuns = Number(opt['big-runs']);
const log = (m) => process.stderr.write(`${m}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r1 = (x) => Math.round(x * 10) / 10;

if (!fs.existsSync(path.join(root, 'out', 'renderer', 'index.html'))) {
  log('building the renderer…');
  execFileSync('npx', ['vite', 'build', '--config', 'vite.renderer.config.ts'], { cwd: root, stdio: 'inherit' });
}

const { createBackend } = await import('../../src/main/backend/createBackend.ts');
const { startHttpHost } = await import('../../src/main/host/httpHost.ts');
const { writeBigSetitec } = await import('./bigSignal.ts');

const LARGEST = 'MDB-MQL/E00401009F45C395_114-V3-002-MQ_ST_1900_27.xls';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-bench-plot-'));
const largeDir = path.join(work, 'largest');
const bigDir = path.join(work, 'big');
fs.mkdirSync(largeDir);
fs.mkdirSync(bigDir);

const files = [];
const largestSrc = path.join(opt.corpus, LARGEST);
if (fs.existsSync(largestSrc)) {
  fs.copyFileSync(largestSrc, path.join(largeDir, path.basename(LARGEST)));
  // Distinct copies for "next file" in the annotation view (the everyday flow: one file after another).
  for (let k = 1; k <= runs + 1; k++) fs.copyFileSync(largestSrc, path.join(largeDir, `copy_${String(k).padStart(2, '0')}.xls`));
  files.push({ label: `largest corpus file (${path.basename(LARGEST)})`, name: path.basename(LARGEST), copies: true });
} else log(`corpus file missing (${largestSrc}): skipping that measurement`);

const rows = Number(opt.rows);
const cached = path.join(os.tmpdir(), `udw-bench-plot-${rows}.xls`);
if (!fs.existsSync(cached)) {
  log(`generating a ${rows}-sample signal…`);
  writeBigSetitec(cached, rows);
}
const bigName = `synthetic_${rows}.xls`;
fs.copyFileSync(cached, path.join(bigDir, bigName));
files.push({ label: `generated signal (${rows.toLocaleString('en')} samples)`, name: bigName, big: true });

const backend = createBackend({ host: 'web', catalogPath: path.join(work, 'catalog.sqlite'), projectRoot: root });
const host = await startHttpHost({ backend, staticDir: path.join(root, 'out', 'renderer') });
const results = { date: new Date().toISOString(), command: `node bench/plot/run.mjs ${process.argv.slice(2).join(' ')}`.trim(), files: [], fps: null, gestures: null, errors: [] };

try {
  log('importing…');
  const t0 = performance.now();
  const summary = await backend.dispatch('catalog.import', { dirs: [largeDir, bigDir] });
  log(`imported ${summary.imported} files in ${r1((performance.now() - t0) / 1000)} s`);
  const rowsOf = new Map((await backend.dispatch('catalog.listFiles', {})).map((f) => [f.name, f]));

  const browser = await chromium.launch({
    executablePath: process.env.UDW_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && results.errors.push(m.text()));
  page.on('pageerror', (e) => results.errors.push(`uncaught: ${e.message}`));
  page.on('crash', () => log('  !! the page crashed'));
  browser.on('disconnected', () => log('  !! the browser disconnected'));
  if (opt.verbose) {
    page.on('console', (m) => log(`  [console.${m.type()}] ${m.text()}`));
    page.on('request', (r) => r.url().includes('/api/') && log(`  → ${r.url().split('/api/')[1]} ${r.postData()?.slice(0, 80) ?? ''}`));
    page.on('requestfinished', (r) => r.url().includes('/api/') && log(`  ← ${r.url().split('/api/')[1]}`));
  }
  const rendered = page.waitForEvent('console', (m) => m.text() === 'App rendered');
  await page.goto(host.openUrl);
  await rendered;

  const marks = () =>
    page.evaluate(() => {
      const last = (n) => performance.getEntriesByName(n).at(-1)?.startTime ?? NaN;
      const open = last('udw:open');
      return {
        total: last('udw:first-plot') - open,
        afterSignals: last('udw:first-plot') - last('udw:signals-received'),
        signalsReceived: last('udw:signals-received') - open,
        workerLoaded: last('udw:signals-loaded') - open,
      };
    });

  async function openFromCatalog(name, id) {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Catalog', exact: true }).click();
    await page.getByLabel('Search files').fill(name);
    const row = page.locator(`[role="row"][data-file-id="${id}"]`);
    await row.dblclick();
    await page.locator(`[data-testid="signal-plot"][data-plotted="${id}"]`).waitFor({ timeout: 600_000 });
    return marks();
  }

  /** Press n in the annotation view and wait for the next file's first plot. */
  async function openNext(id) {
    await page.keyboard.press('n');
    await page.locator(`[data-testid="signal-plot"][data-plotted="${id}"]`).waitFor({ timeout: 60_000 });
    return marks();
  }

  for (const f of files) {
    const row = rowsOf.get(f.name);
    if (!row) throw new Error(`${f.name} was not imported`);
    const samples = [];
    for (let r = 0; r < (f.big ? bigRuns : runs) + 1; r++) samples.push(await openFromCatalog(f.name, row.id));
    const [cold, ...warm] = samples;
    const entry = {
      label: f.label,
      rows: row.rowCount,
      coldMs: r1(cold.total),
      medianMs: r1(median(warm.map((s) => s.total))),
      minMs: r1(Math.min(...warm.map((s) => s.total))),
      maxMs: r1(Math.max(...warm.map((s) => s.total))),
      medianSignalsReceivedMs: r1(median(warm.map((s) => s.signalsReceived))),
      medianWorkerLoadedMs: r1(median(warm.map((s) => s.workerLoaded))),
      medianAfterSignalsMs: r1(median(warm.map((s) => s.afterSignals))),
      samplesMs: warm.map((s) => r1(s.total)),
    };
    if (f.copies) {
      // Open copy_01 from the catalog (search "copy_" sets the order), then n, n, n … through the copies.
      const copies = [...rowsOf.values()].filter((r) => r.name.startsWith('copy_')).sort((a, b) => a.name.localeCompare(b.name));
      await openFromCatalog('copy_', copies[0].id);
      const next = [];
      for (const c of copies.slice(1)) next.push(await openNext(c.id));
      entry.next = {
        medianMs: r1(median(next.map((s) => s.total))),
        minMs: r1(Math.min(...next.map((s) => s.total))),
        maxMs: r1(Math.max(...next.map((s) => s.total))),
        medianSignalsReceivedMs: r1(median(next.map((s) => s.signalsReceived))),
        medianAfterSignalsMs: r1(median(next.map((s) => s.afterSignals))),
        samplesMs: next.map((s) => r1(s.total)),
      };
      log(`  next file (n) in the annotation view: median ${entry.next.medianMs} ms (${entry.next.minMs}–${entry.next.maxMs})`);
    }
    results.files.push(entry);
    log(`${f.label}: median ${entry.medianMs} ms (cold ${entry.coldMs} ms; signals in ${entry.medianSignalsReceivedMs} ms, in worker ${entry.medianWorkerLoadedMs} ms, signals → plot ${entry.medianAfterSignalsMs} ms)`);

    if (f.big) {
      // (a) one scripted Plotly.relayout per animation frame: zoom in ×0.93 per frame, then pan back and forth;
      // (b) gestures: a wheel event per frame on plotly's drag layer (its own zoom path), then ← / → every
      //     third frame (the app's keyboard pan). Both count requestAnimationFrame callbacks and finished redraws.
      const measure = (mode) =>
        page.evaluate(
          async ([seconds, mode]) => {
            const gd = document.querySelector('[data-testid="signal-plot"]');
            const xa = gd._fullLayout.xaxis;
            let [a, b] = [xa.range[0], xa.range[1]];
            const drag = gd.querySelector('.nsewdrag');
            const box = drag.getBoundingClientRect();
            const draws0 = Number(gd.dataset.draws ?? 0);
            let frames = 0;
            let worst = 0;
            let last = performance.now();
            const start = last;
            const end = start + seconds * 1000;
            let n = 0;
            await new Promise((resolve) => {
              const tick = (now) => {
                frames++;
                worst = Math.max(worst, now - last);
                last = now;
                if (now >= end) return resolve();
                const zooming = now - start < (seconds * 1000) / 2;
                n++;
                if (mode === 'relayout') {
                  if (zooming) {
                    const c = a + (b - a) * 0.4;
                    a = c - (c - a) * 0.93;
                    b = c + (b - c) * 0.93;
                  } else {
                    const step = (b - a) * 0.04 * (Math.floor(n / 30) % 2 ? -1 : 1);
                    a += step;
                    b += step;
                  }
                  void gd.udwRelayout({ 'xaxis.range': [a, b] });
                } else if (zooming) {
                  drag.dispatchEvent(new WheelEvent('wheel', { deltaY: -40, clientX: box.left + box.width * 0.4, clientY: box.top + box.height / 2, bubbles: true, cancelable: true }));
                } else if (n % 3 === 0) {
                  window.dispatchEvent(new KeyboardEvent('keydown', { key: Math.floor(n / 45) % 2 ? 'ArrowLeft' : 'ArrowRight', bubbles: true, cancelable: true }));
                }
                requestAnimationFrame(tick);
              };
              requestAnimationFrame(tick);
            });
            await new Promise((r) => setTimeout(r, 500));
            const elapsed = (last - start) / 1000;
            const redraws = Number(gd.dataset.draws) - draws0;
            const range = gd._fullLayout.xaxis.range;
            return { mode, seconds: elapsed, frames, fps: frames / elapsed, redraws, redrawsPerSecond: redraws / elapsed, worstFrameMs: worst, finalRange: [range[0], range[1]] };
          },
          [Number(opt['fps-seconds']), mode],
        );
      results.fps = await measure('relayout');
      results.gestures = await measure('gestures');
      log(`gestures on ${rows} samples: ${r1(results.gestures.fps)} fps, ${r1(results.gestures.redrawsPerSecond)} redraws/s, worst frame ${r1(results.gestures.worstFrameMs)} ms`);
      const fps = results.fps;
      log(`zoom/pan on ${rows} samples: ${r1(fps.fps)} fps, ${r1(fps.redrawsPerSecond)} redraws/s, worst frame ${r1(fps.worstFrameMs)} ms`);
    }
  }
  await browser.close();
} finally {
  await host.close();
  await backend.dispose();
  fs.rmSync(work, { recursive: true, force: true });
}

fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const out = path.join(root, 'bench', 'results', `plot-${results.date.replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify(results, null, 2));
if (opt.json) console.log(JSON.stringify(results));
else {
  console.log('| Measure | Rows | Median | Min–max | Cold (first open) | Signals received / in worker (median) | Signals received → first plot (median) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const f of results.files) {
    console.log(
      `| open from the catalog → first plot, ${f.label} | ${f.rows.toLocaleString('en')} | ${f.medianMs} ms | ${f.minMs}–${f.maxMs} ms | ${f.coldMs} ms | ${f.medianSignalsReceivedMs} / ${f.medianWorkerLoadedMs} ms | ${f.medianAfterSignalsMs} ms |`,
    );
    if (f.next)
      console.log(
        `| next file (n) → first plot, ${f.label} copies | ${f.rows.toLocaleString('en')} | ${f.next.medianMs} ms | ${f.next.minMs}–${f.next.maxMs} ms | | ${f.next.medianSignalsReceivedMs} ms / – | ${f.next.medianAfterSignalsMs} ms |`,
      );
  }
  if (results.fps)
    console.log(
      `| zoom + pan by scripted Plotly.relayout every frame, ${rows.toLocaleString('en')} samples | | ${r1(results.fps.fps)} fps | worst frame ${r1(results.fps.worstFrameMs)} ms | | ${r1(results.fps.redrawsPerSecond)} redraws/s | |`,
    );
  if (results.gestures)
    console.log(
      `| wheel zoom + keyboard pan, ${rows.toLocaleString('en')} samples | | ${r1(results.gestures.fps)} fps | worst frame ${r1(results.gestures.worstFrameMs)} ms | | ${r1(results.gestures.redrawsPerSecond)} redraws/s | |`,
    );
  if (results.errors.length) console.log(`\nconsole errors: ${results.errors.join(' | ')}`);
  console.log(`\n(${out})`);
}
