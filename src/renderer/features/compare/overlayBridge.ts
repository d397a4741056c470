/**
 * Where the signal plot picks up the reference holes to draw. The overlay pump (overlayPump.ts) publishes
 * the overlays of the open file here whenever they change; the plot's draw (plot/usePlotDraw.ts) reads them
 * into the figure and redraws when told. Typed arrays never pass through a React or zustand state this way.
 *
 * After each draw the plot element says which references it shows (`data-overlays="<file>:<ref>,<ref>"`,
 * empty when none) and the first draw of a new set leaves a `udw:overlay-plotted` performance mark: the
 * end-to-end tests wait on the first, the plot benchmark times the second.
 */
import type { OverlayInput } from './overlayFigure';

let latest: { fileId: number; overlays: OverlayInput[] } | null = null;
const listeners = new Set<() => void>();

/** Same references with the same traces (a cached window) and labels: nothing to redraw. */
function sameOverlays(a: readonly OverlayInput[], b: readonly OverlayInput[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i]!;
    return x.fileId === y.fileId && x.title === y.title && x.role === y.role && x.extraIndex === y.extraIndex && x.focus === y.focus && x.offset === y.offset && x.traces === y.traces && x.labels === y.labels;
  });
}

export function publishOverlays(fileId: number, overlays: OverlayInput[]): void {
  const before = latest;
  // A zoom or pan step the cached reference windows still cover changes nothing: the plot moves its axis only.
  if (before && before.fileId === fileId && sameOverlays(before.overlays, overlays)) return;
  latest = { fileId, overlays };
  for (const l of [...listeners]) l();
}

/** The overlays to draw with the open file (none for any other file). */
export function overlayDrawInput(fileId: number | null): OverlayInput[] {
  return latest && fileId !== null && latest.fileId === fileId ? latest.overlays : [];
}

/** Call `redraw` whenever the overlays change; returns the unsubscribe. */
export function onOverlayChange(redraw: () => void): () => void {
  listeners.add(redraw);
  return () => {
    listeners.delete(redraw);
  };
}

/** The references a drawn figure holds traces of, in drawing order. */
export function drawnReferences(data: readonly Record<string, unknown>[]): number[] {
  const ids: number[] = [];
  for (const t of data) {
    const meta = t.meta as { overlay?: unknown } | undefined;
    const x = t.x as ArrayLike<number> | undefined;
    if (typeof meta?.overlay === 'number' && x && x.length > 0 && !ids.includes(meta.overlay)) ids.push(meta.overlay);
  }
  return ids;
}

/** After plotly drew `data` for `fileId` into `el`: record which references it shows. */
export function afterOverlayDraw(el: HTMLElement, fileId: number | null, data: readonly Record<string, unknown>[]): void {
  const ids = drawnReferences(data);
  const value = ids.length > 0 && fileId !== null ? `${fileId}:${ids.join(',')}` : '';
  if (el.dataset.overlays === value) return;
  el.dataset.overlays = value;
  if (value) performance.mark('udw:overlay-plotted', { detail: { fileId, references: ids } });
}

/** Forget what was published (tests). */
export function resetOverlays(): void {
  latest = null;
}
