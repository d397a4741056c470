/**
 * The zoom keys over the store: presets (a program step, the drilling zone, around the selected label), the
 * zoom history ("back"), and the one way every zoom goes into the store so that "back" can undo it.
 */
import type { AnnotateState, AnnotateStore } from '../../state/annotateStore';
import { downsampleClient, type DownsampleClient } from './downsampleClient';
import { panelsOf } from './panels';
import { fitY } from './yFitActions';
import { aroundLabel, drillingZone, entryDepthOf, firstContactIndex, indexOfDepth, nextStep, popHistory, pushHistory, stepWindow } from './zoomPresets';
import type { Range } from './viewMath';

/** What the plot shows now: the zoomed window, else what plotly shows, else the data. */
export function currentView(s: Pick<AnnotateState, 'viewRange' | 'plotGeom' | 'dataExtent'>): Range | null {
  return s.viewRange ?? s.plotGeom?.range ?? s.dataExtent;
}

/** Show `view` (null = everything), remembering the view before for zoomBack. */
export function zoomTo(store: AnnotateStore, view: Range | null): void {
  const s = store.getState();
  const extent = s.dataExtent;
  const next = view && extent && Math.min(...view) <= extent[0] && Math.max(...view) >= extent[1] ? null : view;
  store.setState({ viewRange: next, zoomHistory: pushHistory(s.zoomHistory, s.viewRange) });
}

export function zoomBack(store: AnnotateStore): void {
  const back = popHistory(store.getState().zoomHistory);
  if (back) store.setState({ viewRange: back.view, zoomHistory: back.history });
}

/** The next program step (cycling), its depth or sample range filling the view. */
export function zoomToStep(store: AnnotateStore): void {
  const s = store.getState();
  const segments = s.detail?.segments ?? [];
  const k = nextStep(s.zoomStep, segments.length);
  if (k === null) return;
  zoomTo(store, stepWindow(segments[k]!, s.view.xMode));
  store.setState({ zoomStep: k });
}

/** ±2 mm around the selected label; with none selected the plot says how to select one. */
export function zoomAroundSelected(store: AnnotateStore, selectKey = 'Tab'): void {
  const s = store.getState();
  const label = s.labels.find((l) => l.id === s.selectedId);
  const view = label ? aroundLabel(label, s.view.xMode, s.signalDepth) : null;
  if (!view) {
    store.setState({ plotHint: `Select a label first (${selectKey} or a click on its line) to zoom around it` });
    return;
  }
  zoomTo(store, view);
}

/** First contact as a sample index: the entry label (or proposal), else the torque signal's first rise. */
async function contactIndex(store: AnnotateStore, client: DownsampleClient): Promise<number> {
  const s = store.getState();
  const depth = s.signalDepth!;
  const entry = entryDepthOf(s.labels);
  if (entry !== null) return indexOfDepth(depth, entry);
  const torque = panelsOf(s.view, s.detail?.columns ?? [])[0]!.key;
  const res = await client.window({ setId: String(s.fileId), xMode: 'index', x0: null, x1: null, buckets: 1000, keys: [torque] });
  const t = res.traces[torque];
  return (t && firstContactIndex(t.x, t.y)) ?? 0;
}

/** From the first contact to the deepest point, the y axes fitted to it without the end-of-cycle spike. */
export async function zoomDrillingZone(store: AnnotateStore, client: DownsampleClient = downsampleClient()): Promise<void> {
  const s = store.getState();
  const fileId = s.fileId;
  if (!s.signalDepth || fileId === null || s.signalsReady !== fileId) return;
  const start = await contactIndex(store, client);
  const now = store.getState();
  if (now.fileId !== fileId || !now.signalDepth) return;
  const zone = drillingZone(now.signalDepth, start, now.view.xMode);
  if (!zone) return;
  zoomTo(store, zone);
  await fitY(store, client);
}
