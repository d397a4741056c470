#!/usr/bin/env node
// Where an open's time goes: a CPU profile of the page (Chromium's sampling profiler over CDP) around warm
// opens of one file, its self time summed per function and mapped through the renderer's source map.
// A development aid beside bench/plot/run.mjs (which measures; this explains).
//
//   node bench/plot/profile.mjs [--which big|largest|overlay|relayout] [--opens 3] [--top 40] [--renderer DIR]
//                               [--corpus ../shared/setitec] [--rows 1000000] [--out FILE.cpuprofile]
//                               [--marks-only] [--trace] [--callers NAME]
/* global document, requestAnimationFrame -- inside page.evaluate */
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
    which: { type: 'string', default: 'big' },
    opens: { type: 'string', default: '3' },
    top: { type: 'string', default: '40' },
    renderer: { type: 'string', default: path.join(root, 'out', 'renderer') },
    corpus: { type: 'string', default: path.resolve(root, '..', 'shared', 'setitec') },
    rows: { type: 'string', default: '1000000' },
    out: { type: 'string' },
    trace: { type: 'boolean', default: false },
    // The callers (three frames up) of the functions whose name starts with this, by self time.
    callers: { type: 'string' },
    // Only the marks per open (no profiler: its sampling slows the page down).
    'marks-only': { type: 'boolean', default: false },
  },
});
const log = (m) => process.stderr.write(`${m}\n`);
const { createBackend } = await import('../../src/main/backend/createBackend.ts');
const { startHttpHost } = await import('../../src/main/host/httpHost.ts');
const { writeBigSetitec } = await import('./bigSignal.ts');

const LARGEST = 'MDB-MQL/E00401009F45C395_114-V3-002-MQ_ST_1900_27.xls';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'udw-bench-profile-'));
const dirs = [];
let target;
if (opt.which === 'big' || opt.which === 'relayout') {
  const cached = path.join(os.tmpdir(), `udw-bench-plot-${Number(opt.rows)}-v2.xls`);
  if (!fs.existsSync(cached)) writeBigSetitec(cached, Number(opt.rows));
  fs.mkdirSync(path.join(work, 'big'));
  fs.copyFileSync(cached, path.join(work, 'big', 'synthetic.xls'));
  dirs.push(path.join(work, 'big'));
  target = 'synthetic.xls';
} else if (opt.which === 'largest') {
  fs.mkdirSync(path.join(work, 'largest'));
  fs.copyFileSync(path.join(opt.corpus, LARGEST), path.join(work, 'largest', path.basename(LARGEST)));
  dirs.push(path.join(work, 'largest'));
  target = path.basename(LARGEST);
} else {
  dirs.push(opt.corpus);
  target = path.basename(LARGEST);
}

const backend = createBackend({ host: 'web', catalogPath: path.join(work, 'catalog.sqlite'), projectRoot: root });
const host = await startHttpHost({ backend, staticDir: opt.renderer });
try {
  await backend.dispatch('catalog.import', { dirs });
  let file = (await backend.dispatch('catalog.listFiles', {})).find((f) => f.name === target);
  if (opt.which === 'overlay') {
    // The largest corpus file with a previous and a next hole of its head in the catalog (as run.mjs picks).
    for (const f of (await backend.dispatch('catalog.listFiles', {})).sort((a, b) => b.rowCount - a.rowCount)) {
      const nb = await backend.dispatch('catalog.neighbours', { fileId: f.id, before: 1, after: 1 });
      if (nb.before.some((h) => h.inCatalog) && nb.after.some((h) => h.inCatalog)) {
        file = f;
        target = f.name;
        break;
      }
    }
  }
  const browser = await chromium.launch({ executablePath: process.env.UDW_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', (m) => m.text().startsWith('q1') && log(`  [${m.text()}]`));
  const rendered = page.waitForEvent('console', (m) => m.text() === 'App rendered');
  await page.goto(host.openUrl);
  await rendered;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });

  let overlayOn = false;
  const open = async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Catalog', exact: true }).click();
    await page.getByLabel('Search files').fill(target);
    await page.locator(`[role="row"][data-file-id="${file.id}"]`).dblclick();
    const sel = opt.which === 'overlay' && overlayOn ? `[data-testid="signal-plot"][data-overlays^="${file.id}:"]` : `[data-testid="signal-plot"][data-plotted="${file.id}"]`;
    await page.locator(sel).waitFor({ timeout: 120_000 });
  };
  await open(); // cold
  if (opt.which === 'overlay') {
    await page.keyboard.press('o');
    overlayOn = true;
  }
  await open();
  if (opt.trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'v8.execute', 'disabled-by-default-devtools.timeline'] });
  else if (!opt['marks-only']) await cdp.send('Profiler.start');
  const spans = [];
  // relayout: 3 s of one scripted Plotly.relayout per frame (zoom in, then pan), as bench/plot/run.mjs does.
  if (opt.which === 'relayout')
    spans.push(
      await page.evaluate(async () => {
        const gd = document.querySelector('[data-testid="signal-plot"]');
        let [a, b] = gd._fullLayout.xaxis.range;
        const draws0 = Number(gd.dataset.draws ?? 0);
        let frames = 0;
        const start = performance.now();
        await new Promise((resolve) => {
          const tick = (now) => {
            frames++;
            if (now - start > 3000) return resolve();
            if (now - start < 1500) {
              const c = a + (b - a) * 0.4;
              a = c - (c - a) * 0.93;
              b = c + (b - c) * 0.93;
            } else {
              const step = (b - a) * 0.04 * (Math.floor(frames / 30) % 2 ? -1 : 1);
              a += step;
              b += step;
            }
            void gd.udwRelayout({ 'xaxis.range': [a, b] });
            requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        });
        return `${frames} frames in 3 s, ${Number(gd.dataset.draws ?? 0) - draws0} full draws, plots in the page: ${document.querySelectorAll('[data-testid="signal-plot"]').length}`;
      }),
    );
  for (let k = 0; k < (opt.which === 'relayout' ? 0 : Number(opt.opens)); k++) {
    await open();
    spans.push(
      await page.evaluate(() => {
        // Every mark of this open (the app's udw:* and any a bench build adds), in order, from udw:open.
        const o = performance.getEntriesByName('udw:open').at(-1)?.startTime ?? NaN;
        return performance
          .getEntriesByType('mark')
          .filter((m) => m.startTime >= o)
          .map((m) => `${m.name.replace(/^udw:/, '')}@${Math.round(m.startTime - o)}`)
          .join(' ');
      }),
    );
  }
  if (opt.trace) {
    const buf = await browser.stopTracing();
    await browser.close();
    log(`marks after udw:open, per open:\n  ${spans.join('\n  ')}`);
    summariseTrace(JSON.parse(buf.toString('utf8')).traceEvents ?? []);
    process.exit(0);
  }
  if (opt['marks-only']) {
    await browser.close();
    log(`marks after udw:open, per open:\n  ${spans.join('\n  ')}`);
    process.exit(0);
  }
  const { profile } = await cdp.send('Profiler.stop');
  await browser.close();
  if (opt.out) fs.writeFileSync(opt.out, JSON.stringify(profile));
  log(`marks after udw:open, per open:\n  ${spans.join('\n  ')}`);

  // Self time per node, then per mapped function.
  const dt = new Map();
  for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  const maps = new Map();
  const consumerFor = (url) => {
    if (!url.includes('/assets/')) return null;
    const file = path.join(opt.renderer, 'assets', url.split('/assets/')[1].split('?')[0]);
    if (!maps.has(file)) maps.set(file, fs.existsSync(`${file}.map`) ? new sourceMap.SourceMapConsumer(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8'))) : null);
    return maps.get(file);
  };
  const byFn = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = dt.get(node.id) ?? 0;
    if (!ms) continue;
    total += ms;
    const cf = node.callFrame;
    let name = `${cf.functionName || '(anonymous)'} ${cf.url ? `${path.basename(cf.url)}:${cf.lineNumber + 1}` : ''}`;
    const c = cf.url ? consumerFor(cf.url) : null;
    if (c) {
      const p = c.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber });
      if (p.source) name = `${p.name ?? cf.functionName ?? '?'} ${p.source.replace(/^.*node_modules\//, '~/').replace(/^(\.\.\/)+/, '')}:${p.line}`;
    }
    byFn.set(name, (byFn.get(name) ?? 0) + ms);
  }
  if (opt.callers) {
    const parent = new Map();
    for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node);
    const nameOf = (node) => {
      const cf = node.callFrame;
      const c = cf.url ? consumerFor(cf.url) : null;
      const p = c?.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber });
      return p?.source ? `${p.name ?? cf.functionName} ${p.source.replace(/^.*node_modules\//, '~/').replace(/^(\.\.\/)+/, '')}:${p.line}` : `${cf.functionName || '(anon)'}`;
    };
    const chains = new Map();
    for (const node of profile.nodes) {
      const ms = dt.get(node.id) ?? 0;
      if (!ms || !node.callFrame.functionName.startsWith(opt.callers)) continue;
      const chain = [];
      for (let p = parent.get(node.id), k = 0; p && k < 3; p = parent.get(p.id), k++) chain.push(nameOf(p));
      const key = chain.join(' ← ');
      chains.set(key, (chains.get(key) ?? 0) + ms);
    }
    for (const [k, ms] of [...chains.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
  }
  const idle = (byFn.get('(idle) ') ?? 0) + (byFn.get('(program) ') ?? 0);
  console.log(`sampled ${Math.round(total)} ms (idle+program ${Math.round(idle)} ms) over ${opt.opens} opens`);
  for (const [name, ms] of [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(opt.top))) console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
} finally {
  await host.close();
  await backend.dispose();
  fs.rmSync(work, { recursive: true, force: true });
}

/**
 * Self time per trace event name on the page's main thread, within each udw:open → last mark window (the
 * native work a CPU profile shows only as "(program)": style, layout, paint, GC), summed over the opens.
 */
function summariseTrace(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number');
  const marks = events.filter((e) => e.cat?.includes('blink.user_timing') && e.name?.startsWith('udw:')).sort((a, b) => a.ts - b.ts);
  const endName = opt.which === 'overlay' ? 'udw:overlay-plotted' : 'udw:first-plot';
  const windows = [];
  for (const m of marks) if (m.name === 'udw:open') windows.push([m.ts, null]);
  else if (m.name === endName && windows.length && windows.at(-1)[1] === null) windows.at(-1)[1] = m.ts;
  const ws = windows.filter((w) => w[1] !== null);
  const inside = (ts) => ws.some(([a, b]) => ts >= a && ts <= b);
  const span = ws.reduce((t, [a, b]) => t + (b - a) / 1000, 0);
  // Self time: an event's duration less its children's (events nest on one thread).
  const sorted = onMain.filter((e) => inside(e.ts)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  for (const e of sorted) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent, (self.get(parent) ?? parent.dur) - e.dur);
    self.set(e, self.get(e) ?? e.dur);
    stack.push(e);
  }
  const byName = new Map();
  for (const [e, us] of self) {
    const key = e.name === 'FunctionCall' || e.name === 'EvaluateScript' ? `${e.name} (JS + what it waits on)` : e.name;
    byName.set(key, (byName.get(key) ?? 0) + us / 1000);
  }
  const busy = [...byName.values()].reduce((a, b) => a + b, 0);
  console.log(`${ws.length} opens, ${Math.round(span)} ms from udw:open to ${endName} in all, main thread busy ${Math.round(busy)} ms`);
  for (const [n, ms] of [...byName.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(opt.top))) console.log(`${ms.toFixed(1).padStart(8)} ms  ${n}`);
}
