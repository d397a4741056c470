/**
 * One plotly graph element kept across mounts of the signal view. `Plotly.newPlot` into a fresh element
 * builds plotly's whole frame (layers, drag boxes, mode bar) before it draws anything; `Plotly.react` into an
 * element plotted before only draws. So the view, when it unmounts (back to the catalog), keeps its element
 * here instead of purging it, and the next mount takes it up again; the warm-up (plotWarmup.ts) leaves its
 * hidden plot here too, so even the session's first open draws into a ready frame.
 *
 * A taken element that still shows another file stays invisible until its first draw for the new one.
 */
import Plotly from 'plotly.js/lib/core';

let kept: HTMLDivElement | null = null;
/** Elements plotly has drawn into (react, not newPlot, for the next draw). */
const plotted = new WeakSet<HTMLElement>();

export function isPlotted(el: HTMLElement): boolean {
  return plotted.has(el);
}

export function markPlotted(el: HTMLElement): void {
  plotted.add(el);
}

/** The element for a signal view being mounted: the kept one when there is one, else a new one. */
export function takePlotElement(): HTMLDivElement {
  const el = kept ?? document.createElement('div');
  kept = null;
  el.removeAttribute('style');
  el.removeAttribute('aria-hidden');
  // Added, never replaced: plotly knows its elements by their class (js-plotly-plot), and `react` on an
  // element without it starts over with newPlot, dropping every event listener.
  el.classList.add('signal-plot');
  el.dataset.testid = 'signal-plot';
  // What it showed belongs to the view before: nothing is plotted, no reference drawn, for this one yet.
  delete el.dataset.plotted;
  delete el.dataset.overlays;
  if (plotted.has(el)) el.style.visibility = 'hidden';
  return el;
}

/** Marks the element drawn for the current view: visible again if it was taken up hidden. */
export function showPlotElement(el: HTMLElement): void {
  if (el.style.visibility) el.style.visibility = '';
}

/** The view unmounts (or the warm-up is done): keep a plotted element for the next mount, purge any other. */
export function releasePlotElement(el: HTMLDivElement): void {
  el.remove();
  if (!plotted.has(el)) return;
  if (kept && kept !== el) purge(kept);
  kept = el;
}

function purge(el: HTMLDivElement): void {
  Plotly.purge(el);
  plotted.delete(el);
}
