/**
 * Fitting the panels' y ranges to the data: by default to the whole forward motion, and with the fitY key
 * to what the x view shows; either way without the end-of-cycle spike (yFit.ts). The extremes come from the
 * worker; the result lands in the store's yRanges, which the figure uses.
 */
import type { AnnotateStore } from '../../state/annotateStore';
import { downsampleClient, type DownsampleClient } from './downsampleClient';
import { panelsOf } from './panels';
import { extremesOver } from './plotValues';
import { extentWithoutSpike, padRange, samplesInView, spikeTailStart, splitAtTail } from './yFit';
import type { Range } from './viewMath';

/** The y ranges of `keys` for the samples the view shows (null = the whole file), spike left out. */
export async function fittedRanges(store: AnnotateStore, keys: readonly string[], view: Range | null, client: DownsampleClient = downsampleClient()): Promise<Record<string, [number, number]> | null> {
  const s = store.getState();
  const depth = s.signalDepth;
  const fileId = s.fileId;
  if (!depth || fileId === null || s.signalsReady !== fileId || keys.length === 0) return null;
  const [body, tail] = splitAtTail(samplesInView(view, s.view.xMode, depth), spikeTailStart(depth));
  const [bodyX, tailX] = await Promise.all([extremesOver(client, fileId, body, keys), extremesOver(client, fileId, tail, keys)]);
  if (store.getState().fileId !== fileId) return null;
  const out: Record<string, [number, number]> = {};
  for (const key of keys) {
    const extent = extentWithoutSpike(bodyX[key] ?? null, tailX[key] ?? null);
    if (extent) out[key] = padRange(extent);
  }
  return out;
}

function shownPanels(store: AnnotateStore): string[] {
  const s = store.getState();
  return panelsOf(s.view, s.detail?.columns ?? []).map((p) => p.key);
}

/** fitY: every panel to the data within the x view. */
export async function fitY(store: AnnotateStore, client?: DownsampleClient): Promise<void> {
  const fileId = store.getState().fileId;
  const ranges = await fittedRanges(store, shownPanels(store), store.getState().viewRange, client);
  if (ranges && store.getState().fileId === fileId) store.setState((s) => ({ yRanges: { ...s.yRanges, ...ranges } }));
}

/** One panel to the data within the x view (double-click on its y axis). */
export async function fitPanelY(store: AnnotateStore, key: string, client?: DownsampleClient): Promise<void> {
  const fileId = store.getState().fileId;
  const ranges = await fittedRanges(store, [key], store.getState().viewRange, client);
  if (ranges && store.getState().fileId === fileId) store.setState((s) => ({ yRanges: { ...s.yRanges, ...ranges } }));
}

/** The default of a newly shown panel: fitted to the whole forward motion; panels fitted already keep theirs. */
export async function fitNewPanels(store: AnnotateStore, client?: DownsampleClient): Promise<void> {
  const fileId = store.getState().fileId;
  const missing = shownPanels(store).filter((k) => !store.getState().yRanges[k]);
  if (missing.length === 0) return;
  const ranges = await fittedRanges(store, missing, null, client);
  if (!ranges || store.getState().fileId !== fileId) return;
  // A panel zoomed or fitted meanwhile keeps what the user made of it.
  store.setState((s) => ({ yRanges: { ...ranges, ...s.yRanges } }));
}
