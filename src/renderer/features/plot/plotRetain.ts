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
/** A view has taken an element: the session's first open is under way or done. */
let anyTaken = false;

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
  anyTaken = true;
  el.removeAttribute('style');
  el.removeAttribute('aria-hidden');
  // Its size comes from the box (inset 0), never from what plotly draws, and nothing it draws shows outside
  // it: so contained, each of plotly's text measurements (a forced layout) lays out the plot, not the page
  // around it (the first draw's task: ≈ 10 % less thread time in bench/plot/coldOpen.mjs --cpu-only).
  el.style.contain = 'strict';
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
  keepPlotElement(el);
}

/**
 * Keep a plotted element for the next mount where it is (the warm-up's, still in the document off-screen
 * between its steps): a view mounted meanwhile takes it from there. An element never plotted is not kept.
 */
export function keepPlotElement(el: HTMLDivElement): void {
  if (!plotted.has(el)) return;
  if (kept && kept !== el) purge(kept);
  kept = el;
}

/** Whether `el` is the element kept for the next view (no view has taken it since). */
export function isKept(el: HTMLElement): boolean {
  return kept === el;
}

/** Whether a signal view has taken an element yet in this page (its first open is under way, or done). */
export function viewTaken(): boolean {
  return anyTaken;
}

/** An element that must not be used again (a failed warm-up): purged, and no longer kept. */
export function discardPlotElement(el: HTMLDivElement): void {
  if (kept === el) kept = null;
  el.remove();
  purge(el);
}

function purge(el: HTMLDivElement): void {
  Plotly.purge(el);
  plotted.delete(el);
}
