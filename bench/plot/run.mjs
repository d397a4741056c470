#!/usr/bin/env node
// Plot benchmark (docs/BENCHMARKS.md § Plot). Real back end + web host + the built renderer in Debian Chromium.
//
//   node bench/plot/run.mjs [--runs 7] [--big-runs 3] [--corpus ../shared/setitec] [--rows 1000000] [--fps-seconds 4]
//                           [--no-overlay] [--renderer DIR] [--json]
// (--renderer: a renderer build other than out/renderer, e.g. one made with `--outDir` for A/B runs that other
// builds of out/renderer cannot disturb.)
//
// 1. open → first plotted frame for the largest corpus file (MDB-MQL …_1900_27.xls, 11,423 rows): the time
//    from performance.mark('udw:open') (the file is opened) to 'udw:first-plot' (plotly's first render of
//    it), median of --runs opens from the catalog (the first, cold open reported separately), and median of
//    --runs "next file" (n) steps through distinct copies of it in the annotation view;
// 2. the same for a generated signal of --rows samples (bench/plot/bigSignal.ts, imported through the back end);
// 3. frame rate while zooming and panning that signal, counting requestAnimationFrame callbacks and finished
//    redraws: (a) one scripted Plotly.relayout per animation frame (zoom in ×0.93 per frame, then pan);
//    (b) gestures: a wheel event per frame, then the app's keyboard pan (`,` / `.`) every third frame;
// 4. the current hole with its two neighbours overlaid (previous and next hole of the same head, issue 11):
//    the whole corpus is imported, the --runs + 1 largest files that have both neighbours in the catalog are
//    opened from the catalog one after the other with the overlay on (`o`), each timed from 'udw:open' to
//    'udw:overlay-plotted' (the plot's first draw with both references, features/compare/overlayBridge.ts);
//    the first (cold: the overlay's first use) is reported apart.
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
    overlay: { type: 'boolean', default: true },
    renderer: { type: 'string', default: path.join(root, 'out', 'renderer') },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const runs = Number(opt.runs);
const bigRuns = Number(opt['big-runs']);
const log = (m) => process.stderr.write(`${m}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r1 = (x) => Math.round(x * 10) / 10;

if (!fs.existsSync(path.join(opt.renderer, 'index.html'))) {
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
// v2: cells as Setitec writes them (no '-0,000', see bigSignal.ts); the v1 file stored its currents as Float64.
const cached = path.join(os.tmpdir(), `udw-bench-plot-${rows}-v2.xls`);
if (!fs.existsSync(cached)) {
  log(`generating a ${rows}-sample signal…`);
  writeBigSetitec(cached, rows);
}
const bigName = `synthetic_${rows}.xls`;
fs.copyFileSync(cached, path.join(bigDir, bigName));
files.push({ label: `generated signal (${rows.toLocaleString('en')} samples)`, name: bigName, big: true });

// The overlay needs real heads with consecutive holes: the whole corpus goes into the catalog too.
const overlayDir = opt.overlay && fs.existsSync(opt.corpus) ? opt.corpus : null;
if (opt.overlay && !overlayDir) log(`corpus missing (${opt.corpus}): skipping the overlay measurement`);

const backend = createBackend({ host: 'web', catalogPath: path.join(work, 'catalog.sqlite'), projectRoot: root });
const host = await startHttpHost({ backend, staticDir: opt.renderer });
const results = { date: new Date().toISOString(), command: `node bench/plot/run.mjs ${process.argv.slice(2).join(' ')}`.trim(), files: [], fps: null, gestures: null, overlay: null, errors: [] };

try {
  log('importing…');
  const t0 = performance.now();
  const summary = await backend.dispatch('catalog.import', { dirs: [largeDir, bigDir, ...(overlayDir ? [overlayDir] : [])] });
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
  await page.evaluate(() => performance.setResourceTimingBufferSize(100_000));

  const marks = () =>
    page.evaluate(() => {
      const openMark = performance.getEntriesByName('udw:open').at(-1);
      const open = openMark?.startTime ?? NaN;
      const fileId = openMark?.detail?.fileId;
      // This open's marks only (neighbours and the next file are prefetched with marks of their own), and the
      // first of each: the overview is asked again later for other windows (the strip, the y fit).
      const last = (n) => performance.getEntriesByName(n).find((e) => e.startTime >= open && (e.detail?.fileId === undefined || e.detail.fileId === fileId))?.startTime ?? NaN;
      return {
        total: last('udw:first-plot') - open,
        // Since 2026-12-02 the first frame is drawn from the back end's overview (catalog.getSignalOverview);
        // the columns arrive after it, for zoom and readouts. "After signals" is from what the frame was drawn from.
        overviewReceived: last('udw:overview-received') - open,
        afterSignals: last('udw:first-plot') - (Number.isFinite(last('udw:overview-received')) ? last('udw:overview-received') : last('udw:signals-received')),
        signalsReceived: last('udw:signals-received') - open,
        workerLoaded: last('udw:signals-loaded') - open,
        // The signals' HTTP exchange (Resource Timing): asked → first byte (back end: SQLite + frame) → last byte.
        ...(() => {
          // This open's first request (the plot asks for the drawn columns first, the rest after its first frame).
          const r = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/catalog.getSignalsPacked') && e.startTime >= open - 50);
          return r ? { fetchStart: r.startTime - open, firstByte: r.responseStart - open, lastByte: r.responseEnd - open } : {};
        })(),
      };
    });

  /** Medians of the signals' HTTP exchange, from the open mark: asked, first byte, last byte. */
  const splitOf = (xs) => ({
    start: r1(median(xs.map((s) => s.fetchStart ?? NaN))),
    firstByte: r1(median(xs.map((s) => s.firstByte ?? NaN))),
    lastByte: r1(median(xs.map((s) => s.lastByte ?? NaN))),
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

  /** The current hole with both neighbours overlaid: open → first draw with the two references. */
  async function measureOverlay() {
    const all = await backend.dispatch('catalog.listFiles', {});
    const inCorpus = all.filter((f) => f.folder.startsWith(path.resolve(overlayDir))).sort((a, b) => b.rowCount - a.rowCount);
    const targets = [];
    for (const f of inCorpus) {
      if (targets.length >= runs + 1) break;
      // A build before the comparison (issue 11) has no neighbours: nothing to measure there.
      const nb = await backend.dispatch('catalog.neighbours', { fileId: f.id, before: 1, after: 1 }).catch(() => null);
      if (!nb) break;
      const prev = nb.before.find((h) => h.inCatalog && h.id !== null);
      const next = nb.after.find((h) => h.inCatalog && h.id !== null);
      if (prev && next) targets.push({ ...f, prev: prev.id, next: next.id });
    }
    if (targets.length < 2) {
      log('overlay: fewer than two corpus files with both neighbours; skipped');
      return null;
    }
    const samples = [];
    for (const [k, t] of targets.entries()) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Catalog', exact: true }).click();
      await page.getByLabel('Search files').fill(t.name);
      await page.locator(`[role="row"][data-file-id="${t.id}"]`).dblclick();
      if (k === 0) {
        // Turn the overlay on once (it stays on from file to file).
        await page.locator(`[data-testid="signal-plot"][data-plotted="${t.id}"]`).waitFor({ timeout: 60_000 });
        await page.keyboard.press('o');
      }
      await page.locator(`[data-testid="signal-plot"][data-overlays="${t.id}:${t.prev},${t.next}"], [data-testid="signal-plot"][data-overlays="${t.id}:${t.next},${t.prev}"]`).waitFor({ timeout: 60_000 });
      samples.push(
        await page.evaluate((id) => {
          const last = (n) => performance.getEntriesByName(n).filter((e) => e.detail?.fileId === id).at(-1)?.startTime ?? NaN;
          return { total: last('udw:overlay-plotted') - last('udw:open'), firstPlot: last('udw:first-plot') - last('udw:open') };
        }, t.id),
      );
    }
    const [cold, ...warm] = samples;
    const entry = {
      label: `current hole + previous and next hole overlaid, the ${warm.length} largest corpus files with both neighbours`,
      rows: targets.slice(1).map((t) => t.rowCount),
      files: targets.slice(1).map((t) => t.name),
      coldMs: r1(cold.total),
      medianMs: r1(median(warm.map((s) => s.total))),
      minMs: r1(Math.min(...warm.map((s) => s.total))),
      maxMs: r1(Math.max(...warm.map((s) => s.total))),
      medianFirstPlotMs: r1(median(warm.map((s) => s.firstPlot))),
      samplesMs: warm.map((s) => r1(s.total)),
    };
    log(`overlay with two neighbours: median ${entry.medianMs} ms (${entry.minMs}–${entry.maxMs}; cold ${entry.coldMs} ms; the hole's own first plot at ${entry.medianFirstPlotMs} ms)`);
    return entry;
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
      medianOverviewReceivedMs: r1(median(warm.map((s) => s.overviewReceived))),
      medianSignalsReceivedMs: r1(median(warm.map((s) => s.signalsReceived))),
      medianWorkerLoadedMs: r1(median(warm.map((s) => s.workerLoaded))),
      medianAfterSignalsMs: r1(median(warm.map((s) => s.afterSignals))),
      medianFetchMs: splitOf(warm),
      cold: { ...cold, fetch: splitOf([cold]) },
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
    log(`${f.label}: median ${entry.medianMs} ms (cold ${entry.coldMs} ms; overview in ${entry.medianOverviewReceivedMs} ms, signals in ${entry.medianSignalsReceivedMs} ms, in worker ${entry.medianWorkerLoadedMs} ms, signals → plot ${entry.medianAfterSignalsMs} ms)`);
    const fm = entry.medianFetchMs;
    log(`  signals over HTTP (median, from the open mark): asked ${fm.start} ms, first byte ${fm.firstByte} ms, last byte ${fm.lastByte} ms`);
    log(`  cold: ${JSON.stringify(entry.cold)}`);

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
                  window.dispatchEvent(new KeyboardEvent('keydown', { key: Math.floor(n / 45) % 2 ? ',' : '.', bubbles: true, cancelable: true }));
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
  if (overlayDir) results.overlay = await measureOverlay();
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
  if (results.overlay) {
    const o = results.overlay;
    console.log(`| open → first plot with both neighbours overlaid, ${o.label} | ${Math.min(...o.rows).toLocaleString('en')}–${Math.max(...o.rows).toLocaleString('en')} | ${o.medianMs} ms | ${o.minMs}–${o.maxMs} ms | ${o.coldMs} ms | | own first plot ${o.medianFirstPlotMs} ms |`);
  }
  if (results.errors.length) console.log(`\nconsole errors: ${results.errors.join(' | ')}`);
  console.log(`\n(${out})`);
}
