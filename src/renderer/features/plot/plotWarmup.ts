/**
 * The first file opened in a session used to pay for three one-off costs on top of a normal open: starting
 * the downsampling worker (fetching and compiling its module), compiling its decode and min/max loops, and
 * plotly's first `newPlot` (style sheets, text measurement, compiling its drawing code, building its frame):
 * ≈ 100–200 ms on the reference machine. The app pays them while the user is still looking at the catalog
 * instead: the worker starts with the page, and at the page's first idle moment (soon: a quick user opens a
 * file within a second) a small synthetic file goes through the worker and a hidden, off-screen plot of the
 * real figure shape. That plot is not thrown away: it is the element the first signal view draws into
 * (plotRetain.ts), with `Plotly.react` instead of `newPlot`.
 */
import Plotly from 'plotly.js/lib/core';
import type { PackedColumnData } from '../../workers/downsampleImpl';
import { downsampleClient } from './downsampleClient';
import { buildFigure } from './figure';
import { markPlotted, releasePlotElement } from './plotRetain';
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
  const client = downsampleClient();
  await client.loadPacked(WARM_SET, [column('position', (i) => -i / 100), column('i_torque', (i) => Math.sin(i / 50) * 3 + 3), column('i_thrust', (i) => Math.cos(i / 70) + 1)]);
  await client.window({ setId: WARM_SET, xMode: 'depth', x0: null, x1: null, buckets: 600, keys: ['i_torque', 'i_thrust'], pointIndices: [0, N - 1] });
  await client.window({ setId: WARM_SET, xMode: 'depth', x0: 5, x1: 20, buckets: 600, keys: ['i_torque', 'i_thrust'] });
  await client.dispose(WARM_SET);
}

async function warmPlotly(): Promise<void> {
  const el = document.createElement('div');
  // Laid out (plotly measures text) but off-screen, and invisible to assistive technology.
  el.setAttribute('aria-hidden', 'true');
  el.style.cssText = 'position:fixed;left:-10000px;top:0;width:900px;height:500px;pointer-events:none;';
  document.body.appendChild(el);
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
    await Plotly.react(el, figure.data, { ...figure.layout, xaxis: { ...(figure.layout.xaxis as object), range: [5, 15], autorange: false } }, PLOT_CONFIG);
  } catch (err) {
    Plotly.purge(el);
    el.remove();
    throw err;
  }
  releasePlotElement(el);
}

let started = false;

/** Start the worker now and warm both paths at the page's next idle moment; once per page. */
export function warmUpPlotting(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  downsampleClient();
  // An idle moment, but soon: the catalog's first render leaves some within a few hundred milliseconds, and a
  // warm-up still running when the first file is opened only makes that open slower.
  const idle = (run: () => void): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 300 });
    else setTimeout(run, 50);
  };
  // Warming is only ever an optimisation: a failure here shows up, if at all, in the first real open.
  idle(() => void warmWorker().catch(() => undefined));
  idle(() => void warmPlotly().catch(() => undefined));
}
