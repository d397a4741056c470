/**
 * State of the hole comparison: the open file's neighbours, which references are overlaid (previous, next,
 * files chosen by name), the focused reference, the alignment, what is loaded of each reference hole, and
 * whether the head's trend is shown. A vanilla zustand store like the annotation store; the choices
 * (overlay on, boxes, alignment, chosen files) stay for the session as the user goes from file to file.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { NeighboursResult } from '../../../shared/api/compare.contract';
import type { Label } from '../../../shared/api/labels.contract';
import type { Alignment } from './alignment';
import { cycleIndex, referencesOf, type KnownFile, type Reference } from './references';

/** What is loaded of one reference or strip hole. */
export interface HoleData {
  /** Its labels (null while loading). */
  labels: Label[] | null;
  /** Its signals are in the downsampling worker (set id `ref:<id>`) and its thumbnail is made. */
  ready: boolean;
  /**
   * Its signals are in the worker, thumbnail or not: the overlay can cut its windows. Set before `ready`, so
   * the overlay's first frame never waits for a thumbnail (often it is then the plot's first frame too).
   */
  loaded?: boolean;
  error: string | null;
  /** The strip's thumbnail: torque against depth, a few hundred points. */
  thumb: { x: number[]; y: number[] } | null;
}

export interface CompareState {
  /** The file the neighbours are for (the open file). */
  fileId: number | null;
  neighbours: NeighboursResult | null;
  neighboursError: string | null;
  overlayOn: boolean;
  showPrev: boolean;
  showNext: boolean;
  extras: KnownFile[];
  /** Index of the focused reference in the list of references. */
  referenceIndex: number;
  alignment: Alignment;
  holes: Record<number, HoleData>;
  /** The open file's own thumbnail for the strip. */
  currentThumb: { fileId: number; x: number[]; y: number[] } | null;
  trendOpen: boolean;
  /** The head of the open file (kept while the next file loads): the trend's. */
  headName: string | null;
  /** What the file chooser has to say (a name it could not find). */
  chooserMessage: string | null;
}

export const INITIAL_COMPARE: CompareState = {
  fileId: null,
  neighbours: null,
  neighboursError: null,
  overlayOn: false,
  showPrev: true,
  showNext: true,
  extras: [],
  referenceIndex: 0,
  alignment: 'depth',
  holes: {},
  currentThumb: null,
  trendOpen: false,
  headName: null,
  chooserMessage: null,
};

export type CompareStore = StoreApi<CompareState>;

export function createCompareStore(initial: Partial<CompareState> = {}): CompareStore {
  return createStore<CompareState>()(() => ({ ...INITIAL_COMPARE, ...initial }));
}

/** The app's store. */
export const compareStore = createCompareStore();

export function useCompare<T>(selector: (s: CompareState) => T): T {
  return useStore(compareStore, selector);
}

/** The references of the open file, in drawing order. */
export function referencesOfState(s: Pick<CompareState, 'fileId' | 'neighbours' | 'showPrev' | 'showNext' | 'extras'>): Reference[] {
  return s.fileId === null ? [] : referencesOf(s.fileId, s.neighbours, s);
}

/** The focused reference's index, kept within the list. */
export function focusIndex(s: CompareState): number {
  const n = referencesOfState(s).length;
  return n === 0 ? 0 : Math.min(Math.max(0, s.referenceIndex), n - 1);
}

export function toggleOverlay(store: CompareStore): void {
  store.setState((s) => ({ overlayOn: !s.overlayOn }));
}

/** Focus the next (1) or previous (−1) reference, wrapping; turns the overlay on, since the focus is what it shows. */
export function cycleReference(store: CompareStore, delta: number): void {
  const s = store.getState();
  const n = referencesOfState(s).length;
  if (n === 0) return;
  store.setState({ overlayOn: true, referenceIndex: s.overlayOn ? cycleIndex(focusIndex(s), n, delta) : focusIndex(s) });
}

export function setAlignment(store: CompareStore, alignment: Alignment): void {
  store.setState({ alignment });
}

export function setShown(store: CompareStore, side: 'prev' | 'next', on: boolean): void {
  store.setState(side === 'prev' ? { showPrev: on, referenceIndex: 0 } : { showNext: on, referenceIndex: 0 });
}

/** Compare with a chosen file too; it becomes the focused reference and the overlay turns on. */
export function addExtra(store: CompareStore, file: KnownFile): void {
  const s = store.getState();
  const extras = s.extras.some((f) => f.id === file.id) ? s.extras : [...s.extras, file];
  const next = { ...s, extras };
  const index = referencesOfState(next).findIndex((r) => r.fileId === file.id);
  store.setState({ extras, overlayOn: true, chooserMessage: null, referenceIndex: index >= 0 ? index : s.referenceIndex });
}

export function removeExtra(store: CompareStore, id: number): void {
  store.setState((s) => ({ extras: s.extras.filter((f) => f.id !== id), referenceIndex: 0 }));
}

/** A new open file: its neighbours are asked for again; what was loaded of holes stays until released. */
export function openedFile(store: CompareStore, fileId: number): void {
  if (store.getState().fileId === fileId) return;
  store.setState({ fileId, neighbours: null, neighboursError: null, referenceIndex: 0 });
}

export function patchHole(store: CompareStore, id: number, patch: Partial<HoleData>): void {
  store.setState((s) => ({ holes: { ...s.holes, [id]: { labels: null, ready: false, error: null, thumb: null, ...s.holes[id], ...patch } } }));
}

/** Forget the holes not in `keep` (their signals were handed back to the worker). */
export function keepHoles(store: CompareStore, keep: ReadonlySet<number>): void {
  const s = store.getState();
  const ids = Object.keys(s.holes).map(Number);
  if (ids.every((id) => keep.has(id))) return;
  store.setState({ holes: Object.fromEntries(ids.filter((id) => keep.has(id)).map((id) => [id, s.holes[id]!])) });
}
