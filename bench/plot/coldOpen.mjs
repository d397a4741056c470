#!/usr/bin/env node
// What the session's first open pays: the page is loaded, the largest corpus file is opened from the catalog
// as soon as the app says "App rendered" (as bench/plot/run.mjs does), and the main thread's and the worker's
// tasks from the page's start to 'udw:first-plot' are listed with their time (from 'udw:open'), length and
// the functions that took it (a CPU profile mapped through the source map). A development aid beside
// bench/plot/profile.mjs, which profiles warm opens.
//
//   node bench/plot/coldOpen.mjs [--renderer DIR] [--corpus ../shared/setitec] [--min-ms 2] [--fns 4] [--opens 1]
//                                [--then 0] [--no-profile] [--cpu-only] [--requests] [--layouts] [--as-bench]
// --opens N: N fresh browsers in a row (each one a session's first open), each open's marks (app marks and any
// a development build adds) and, with several, the signals' wait for the main thread; tasks of the first only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import sourceMap from 'source-map-js';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({
  options: {
    renderer: { type: 'string', default: path.join(root, 'out', 'renderer') },
    corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'setitec') },
    'min-ms': { type: 'string', default: '2' },
    // Functions named per task (by self time).
    fns: { type: 'string', default: '4' },
    opens: { type: 'string', default: '1' },
    // Warm opens of the same file after the first, traced too (to compare a warm open's tasks with the cold's).
    then: { type: 'string', default: '0' },
    profile: { type: 'boolean', default: true },
    // List the API requests made from the page's start to the first plot, with their time from udw:open.
    requests: { type: 'boolean', default: false },
    // Trace every open (not only the first) and print only each one's thread time: an A/B that the machine's
    // load does not blur as much as wall time.
    'cpu-only': { type: 'boolean', default: false },
    // The catalog run.mjs opens its first file in: six copies of the file and the generated 1M-sample signal
    // (its cached file, made by a run.mjs run) beside it.
    'as-bench': { type: 'boolean', default: false },
    // Forced layouts (Layout events with the script that asked for them) from udw:open to the first plot.
    layouts: { type: 'boolean', default: false },
  },
  allowNegative: true,
});
const log = (m) => process.stderr.write(`${m}\n`);
const { createBackend } = await import('../../src/main/backend/createBackend.ts');
const { startHttpHost } = await import('../../src/main/host/httpHost.ts');

const LARGEST = 'MDB-MQL/E00401009F45C395_114-V3-002-MQ_ST_1900_27.xls';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-bench-cold-'));
fs.mkdirSync(path.join(work, 'largest'));
fs.copyFileSync(path.join(opt.corpus, LARGEST), path.join(work, 'largest', path.basename(LARGEST)));
if (opt['as-bench']) {
  for (let k = 1; k <= 6; k++) fs.copyFileSync(path.join(opt.corpus, LARGEST), path.join(work, 'largest', `copy_${String(k).padStart(2, '0')}.xls`));
  const big = path.join(os.tmpdir(), 'udw-bench-plot-1000000-v2.xls');
  if (fs.existsSync(big)) fs.copyFileSync(big, path.join(work, 'largest', 'synthetic_1000000.xls'));
}
const backend = createBackend({ host: 'web', catalogPath: path.join(work, 'catalog.sqlite'), projectRoot: root });
const host = await startHttpHost({ backend, staticDir: opt.renderer });

const maps = new Map();
function nameOf(cf) {
  let name = `${cf.functionName || '(anonymous)'}`;
  if (!cf.url?.includes('/assets/')) return name;
  const file = path.join(opt.renderer, 'assets', cf.url.split('/assets/')[1].split('?')[0]);
  if (!maps.has(file)) maps.set(file, fs.existsSync(`${file}.map`) ? new sourceMap.SourceMapConsumer(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'))) : null);
  const p = maps.get(file)?.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber });
  if (p?.source) name = `${p.name ?? cf.functionName ?? '?'} ${p.source.replace(/^.*node_modules\//, '~/').replace(/^(\.\.\/)+/, '')}:${p.line}`;
  return name;
}

try {
  await backend.dispatch('catalog.import', { dirs: [path.join(work, 'largest')] });
  const file = (await backend.dispatch('catalog.listFiles', {})).find((f) => f.name === path.basename(LARGEST));
  const totals = [];
  const waits = [];
  for (let k = 0; k < Number(opt.opens); k++) {
    // A fresh browser each time: nothing compiled or cached from the open before (as in bench/plot/run.mjs).
    const browser = await chromium.launch({
      executablePath: process.env.UDW_CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const detailed = (k === 0 || opt['cpu-only']) && opt.profile;
    let cdp = null;
    if (detailed) {
      cdp = await context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.stack', 'toplevel'] });
      await cdp.send('Profiler.start');
    }
    const rendered = page.waitForEvent('console', (m) => m.text() === 'App rendered');
    await page.goto(host.openUrl);
    await rendered;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Catalog', exact: true }).click();
    await page.getByLabel('Search files').fill(file.name);
    await page.locator(`[role="row"][data-file-id="${file.id}"]`).dblclick();
    await page.locator(`[data-testid="signal-plot"][data-plotted="${file.id}"]`).waitFor({ timeout: 60_000 });
    for (let w = 0; w < Number(opt.then); w++) {
      await page.waitForTimeout(500);
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Catalog', exact: true }).click();
      await page.locator(`[role="row"][data-file-id="${file.id}"]`).dblclick();
      await page.waitForFunction((n) => performance.getEntriesByName('udw:first-plot').length >= n, w + 2);
    }
    if (opt.requests && k === 0)
      log(
        await page.evaluate(() => {
          const o = performance.getEntriesByName('udw:open')[0]?.startTime ?? NaN;
          return performance
            .getEntriesByType('resource')
            .filter((r) => r.name.includes('/api/'))
            .map((r) => `  ${(r.startTime - o).toFixed(1).padStart(8)} → ${(r.responseEnd - o).toFixed(1).padStart(8)} ms  ${r.name.split('/api/')[1]}`)
            .join('\n');
        }),
      );
    const marks = await page.evaluate(() => {
      const o = performance.getEntriesByName('udw:open').at(-1)?.startTime ?? NaN;
      const r = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/catalog.getSignalsPacked') && e.startTime >= o - 50);
      const received = performance.getEntriesByName('udw:signals-received').at(-1)?.startTime ?? NaN;
      return {
        // From the signals' last byte to the page taking them (the main thread busy with the open meanwhile).
        waited: r ? received - r.responseEnd : NaN,
        open: o,
        total: (performance.getEntriesByName('udw:first-plot').at(-1)?.startTime ?? NaN) - o,
        list: performance
          .getEntriesByType('mark')
          .map((m) => `${m.name.replace(/^udw:/, '')}@${Math.round(m.startTime - o)}`)
          .join(' '),
      };
    });
    totals.push(marks.total);
    waits.push(marks.waited);
    log(`open ${k + 1}: ${marks.total.toFixed(1)} ms (udw:open at ${Math.round(marks.open)} ms after navigation start)\n  marks from udw:open: ${marks.list}`);
    if (detailed) {
      const { profile } = await cdp.send('Profiler.stop');
      const events = JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents ?? [];
      if (opt['cpu-only']) cpuOnly(events);
      else explain(events, profile);
    }
    await browser.close();
  }
  if (totals.length > 1) log(`opens: ${totals.map((t) => t.toFixed(1)).join(', ')} ms`);
  if (totals.length > 1) log(`signals' last byte → taken by the page: ${waits.map((t) => t.toFixed(1)).join(', ')} ms`);
} finally {
  await host.close();
  await backend.dispose();
  fs.rmSync(work, { recursive: true, force: true });
}

/** Thread time of the page's main thread and its worker from udw:open to the first plot. */
function cpuOnly(events) {
  const open = events.find((e) => e.name === 'udw:open');
  const end = events.find((e) => e.name === 'udw:first-plot');
  if (!open || !end) return log('no udw:open / udw:first-plot in the trace');
  const threads = new Map(events.filter((e) => e.name === 'thread_name' && e.pid === open.pid).map((e) => [e.tid, e.args.name]));
  const parts = [];
  for (const [tid, name] of threads) {
    if (!/CrRendererMain|DedicatedWorker/.test(name)) continue;
    const ms = events.filter((e) => e.tid === tid && e.pid === open.pid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.ts >= open.ts && e.ts <= end.ts).reduce((t, e) => t + (e.tdur ?? 0) / 1000, 0);
    parts.push(`${/Main/.test(name) ? 'main' : 'worker'} ${ms.toFixed(1)} ms`);
  }
  // The task that drew the first plot (its mark is set at the end of it).
  // The outermost event around the mark (a task, or an animation frame's work).
  const drew = events
    .filter((e) => e.tid === open.tid && e.pid === open.pid && e.ph === 'X' && typeof e.tdur === 'number' && e.ts <= end.ts && e.ts + e.dur >= end.ts)
    .sort((x, y) => y.dur - x.dur)[0];
  log(`  thread time from udw:open to the first plot: ${parts.join(', ')}; the drawing task ${((drew?.tdur ?? NaN) / 1000).toFixed(1)} ms`);
}

/** Main-thread and worker tasks up to the first plot, each with the functions that took its time. */
function explain(events, profile) {
  const opens = events.filter((e) => e.name === 'udw:open').sort((a, b) => a.ts - b.ts);
  const ends = events.filter((e) => e.name === 'udw:first-plot').sort((a, b) => a.ts - b.ts);
  if (!opens.length || !ends.length) return log('no udw:open / udw:first-plot in the trace');
  opens.forEach((open, k) => ends[k] && explainOne(events, profile, open, ends[k], k === 0 ? 400 : 0));
}

function explainOne(events, profile, open, end, beforeMs) {
  log(`\n==== open at ${((open.ts - events.find((e) => e.name === 'udw:open').ts) / 1000).toFixed(0)} ms: ${((end.ts - open.ts) / 1000).toFixed(1)} ms to the first plot`);
  const pid = open.pid;
  const threads = new Map(events.filter((e) => e.name === 'thread_name' && e.pid === pid).map((e) => [e.tid, e.args.name]));
  // Samples on the trace's clock: the profile's start time and deltas are in the same microseconds.
  const times = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const rel = (ts) => (ts - open.ts) / 1000;
  const fns = (a, b) => {
    const by = new Map();
    for (let i = 0; i < times.length; i++) {
      if (times[i] < a || times[i] >= b) continue;
      const n = byId.get(profile.samples[i]);
      const name = nameOf(n.callFrame);
      if (name === '(idle)' || name === '(program)' || name === '(root)') continue;
      by.set(name, (by.get(name) ?? 0) + (profile.timeDeltas[i + 1] ?? 200) / 1000);
    }
    return [...by.entries()].sort((x, y) => y[1] - x[1]).slice(0, Number(opt.fns)).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join('; ');
  };
  const minMs = Number(opt['min-ms']);
  if (opt.layouts) {
    log('\nlayouts ≥ 1 ms from 60 ms before udw:open to the first plot (forced: the script frame that asked):');
    for (const e of events.filter((x) => x.name === 'Layout' && x.ph === 'X' && x.tid === open.tid && x.ts >= open.ts - 60_000 && x.ts <= end.ts && x.dur >= 1000)) {
      const st = e.args?.beginData?.stackTrace ?? [];
      const at = st.slice(0, 3).map((f) => nameOf({ functionName: f.functionName, url: f.url, lineNumber: f.lineNumber - 1, columnNumber: f.columnNumber - 1 })).join(' ← ');
      log(`  ${rel(e.ts).toFixed(1).padStart(7)} +${(e.dur / 1000).toFixed(1).padStart(5)} ms (cpu ${((e.tdur ?? 0) / 1000).toFixed(1)}) ${at || '(not forced by script)'}`);
    }
  }
  for (const [tid, name] of threads) {
    if (!/CrRendererMain|DedicatedWorker/.test(name)) continue;
    const tasks = events.filter((e) => e.tid === tid && e.pid === pid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.dur / 1000 >= minMs && e.ts + e.dur >= open.ts - beforeMs * 1000 && e.ts <= end.ts);
    let busy = 0;
    log(`\n${name} (tasks ≥ ${minMs} ms; times from udw:open, which is at 0, first plot at ${rel(end.ts).toFixed(1)}):`);
    for (const task of tasks) {
      const inner = events.filter((e) => e.tid === tid && e.pid === pid && e.ph === 'X' && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e !== task && e.dur >= 1000 && !/RunTask/.test(e.name));
      const top = [...inner.reduce((m, e) => m.set(e.name, (m.get(e.name) ?? 0) + e.dur / 1000), new Map()).entries()].sort((a, b) => b[1] - a[1]).slice(0, 4);
      if (task.ts >= open.ts) busy += task.dur / 1000;
      log(`  ${rel(task.ts).toFixed(1).padStart(7)} +${(task.dur / 1000).toFixed(1).padStart(5)} ms (cpu ${((task.tdur ?? 0) / 1000).toFixed(1)})  [${top.map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ')}]`);
      // The CPU profile is the page's main thread's only.
      if (tid === open.tid) {
        const f = fns(task.ts, task.ts + task.dur);
        if (f) log(`                      ${f}`);
      }
    }
    // Thread (CPU) time, not wall time: what the machine's load does not stretch.
    const cpu = events
      .filter((e) => e.tid === tid && e.pid === pid && e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.ts >= open.ts && e.ts <= end.ts)
      .reduce((t, e) => t + (e.tdur ?? 0) / 1000, 0);
    log(`  busy in tasks after udw:open: ${busy.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms thread time`);
  }
}
