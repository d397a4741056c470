/**
 * The first file opened in a session used to pay for three one-off costs on top of a normal open: starting
 * the downsampling worker (fetching and compiling its module), compiling its decode and min/max loops, and
 * plotly's first `newPlot` (style sheets, text measurement, compiling its drawing code, building its frame):
 * ≈ 100–200 ms on the reference machine. The app pays them while the user is still looking at the catalog
 * instead: the worker starts with the page, and at the page's first idle moment (soon: a quick user opens a
 * file within a second) a small synthetic file goes through the worker and a hidden, off-screen plot of the
 * real figure shape. That plot is not thrown away: it is the element the first signal view draws into
 * (plotRetain.ts), with `Plotly.react` instead of `newPlot`.
 *
 * The warm-up must never make the first open slower, and a quick user (or the plot benchmark) opens a file
 * within a few hundred milliseconds of the catalog's first render, on a loaded machine while the warm-up
 * still runs: newPlot and react together were one task of 130–170 ms (load 4–6, bench/plot/coldOpen.mjs),
 * which held up any click or answer that came meanwhile. So it runs in steps with
 * a yield to the page between them (a click or an answer waiting then goes first: an open waits for one step
 * at most; an idle moment between them instead ended the warm-up later, nearer the first click), and a step
 * not yet started when a signal view has mounted is left out: that open pays it once, in its own draw,
 * instead of waiting for the warm-up's copy of it first (a deep link skips the warm-up altogether).
 */
import Plotly from 'plotly.js/lib/core';
import type { PackedColumnData } from '../../workers/downsampleImpl';
import { downsampleClient } from './downsampleClient';
import { buildFigure } from './figure';
import { discardPlotElement, isKept, keepPlotElement, markPlotted, viewTaken } from './plotRetain';
import { PLOT_CONFIG } from './usePlotDraw';

const WARM_SET = '__warmup__';
const N = 4096;

/** A packed column as the catalog would send it: scaled i32. */
function column(key: string, values: (i: number) => number): PackedColumnData {
  const ints = new Int32Array(new ArrayBuffer(N * 4));
  for (let i = 0; i < N; i++) ints[i] = Math.round(values(i) * 1000);
  return { key, dtype: 'i32', scaleExp: 3, length: N, data: new Uint8Array(ints.buffer) };
}

async function warmWorker(): Promise<void> {
  // A file is being opened: its own load comes first in the worker.
  if (viewTaken()) return;
  const client = downsampleClient();
  await client.loadPacked(WARM_SET, [column('position', (i) => -i / 100), column('i_torque', (i) => Math.sin(i / 50) * 3 + 3), column('i_thrust', (i) => Math.cos(i / 70) + 1)]);
  await client.window({ setId: WARM_SET, xMode: 'depth', x0: null, x1: null, buckets: 600, keys: ['i_torque', 'i_thrust'], pointIndices: [0, N - 1] });
  await client.window({ setId: WARM_SET, xMode: 'depth', x0: 5, x1: 20, buckets: 600, keys: ['i_torque', 'i_thrust'] });
  await client.dispose(WARM_SET);
}

async function warmPlotly(): Promise<void> {
  // A view is up: its first draw builds plotly's frame itself, with nothing queued before it.
  if (viewTaken()) return;
  const el = document.createElement('div');
  // Laid out (plotly measures text) but off-screen, and invisible to assistive technology.
  el.setAttribute('aria-hidden', 'true');
  el.style.cssText = 'position:fixed;left:-10000px;top:0;width:900px;height:500px;pointer-events:none;';
  document.body.appendChild(el);
  let offered = false;
  try {
    const x = Float64Array.from({ length: 800 }, (_, i) => i / 20);
    const figure = buildFigure({
      panels: [
        { key: 'i_torque', title: 'Torque current (A)' },
        { key: 'i_thrust', title: 'Thrust current (A)' },
      ],
      traces: { i_torque: { x, y: x.map((v) => Math.sin(v)) }, i_thrust: { x, y: x.map((v) => Math.cos(v)) } },
      xMode: 'depth',
      xRange: null,
      segments: [
        { step: 1, startIndex: 0, endIndex: 399, startDepth: 0, endDepth: 20, stopCode: 2048, stopLabel: 'TORQUE_MIN (2048)' },
        { step: 2, startIndex: 400, endIndex: 799, startDepth: 20, endDepth: 40, stopCode: 64, stopLabel: 'STROKE (64)' },
      ],
      program: [],
      stopValues: new Float64Array([0.5, 0.5]),
      labels: [],
      classes: [],
      selectedId: null,
      toX: (d) => d,
      draft: null,
      uirevision: 'warmup',
      height: 500,
    });
    // The app's own config: a react with another config would rebuild the frame the warm-up is keeping.
    markPlotted(el);
    await Plotly.newPlot(el, figure.data, figure.layout, PLOT_CONFIG);
    // Ready for a view from here on: one that mounts before the next step takes it as it is.
    keepPlotElement(el);
    offered = true;
    await yieldToPage();
    if (!isKept(el)) return;
    // The path every later draw takes (react with a new range), compiled while nobody waits.
    await Plotly.react(el, figure.data, { ...figure.layout, xaxis: { ...(figure.layout.xaxis as object), range: [5, 15], autorange: false } }, PLOT_CONFIG);
  } catch (err) {
    // Unless a view has taken it meanwhile: it is that view's now (and its own draw replaces the figure).
    if (!offered || isKept(el)) discardPlotElement(el);
    throw err;
  }
  // Off the page until a view takes it (unless one has, meanwhile).
  if (isKept(el)) el.remove();
}

/** Lets whatever is waiting (input, answers, a render) run before the warm-up's next step. */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The page's next idle moment, but soon: the catalog's first render leaves some within a few hundred
 * milliseconds, and a step still running when the first file is opened only makes that open slower.
 */
function nextIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 300 });
    else setTimeout(resolve, 50);
  });
}

let started = false;

/** Start the worker now and warm both paths at the page's next idle moment; once per page. */
export function warmUpPlotting(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  downsampleClient();
  // Warming is only ever an optimisation: a failure here shows up, if at all, in the first real open.
  void nextIdle().then(() => warmWorker().catch(() => undefined));
  void nextIdle().then(() => warmPlotly().catch(() => undefined));
}
