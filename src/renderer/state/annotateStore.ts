/**
 * State of the annotation workspace: the open file, its labels and review, the selection, and the save
 * and undo bookkeeping. A vanilla zustand store (one per app, a fresh one per test); components read it
 * with narrow selectors through `useAnnotate`. The actions live in annotateActions.ts.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FileDetail, LabelStatus, Verdict } from '../../shared/api/catalog.contract';
import type { Label, LabelSchema } from '../../shared/api/labels.contract';
import type { UndoStack } from '../../shared/labels/undoStack';

export type XMode = 'depth' | 'index';

export interface ViewOptions {
  xMode: XMode;
  /** Show total current (net + no-load) instead of net. */
  total: boolean;
  /** Extra signal columns shown in their own panels. */
  extras: string[];
}

/** Where the plot area is, in pixels relative to the plot element, and the x range plotly shows. */
export interface PlotGeom {
  left: number;
  width: number;
  top: number;
  height: number;
  range: [number, number];
  /** Each panel's y axis: its key, pixel top and height, and the y range shown. */
  panels: { key: string; top: number; height: number; range: [number, number] }[];
}

export interface RulerPoint {
  depth: number;
  /** x in the x mode it was placed in. */
  x: number;
}

export interface RulerState {
  a: RulerPoint | null;
  b: RulerPoint | null;
}

export interface AnnotateState {
  fileId: number | null;
  detail: FileDetail | null;
  schema: LabelSchema | null;
  labels: Label[];
  review: { status: LabelStatus; verdict: Verdict | null } | null;
  loading: boolean;
  loadError: string | null;

  selectedId: string | null;
  /** A range class armed for drawing with the mouse. */
  armedClassId: string | null;
  /** A range started with its hotkey, waiting for the second press. */
  pendingRange: { classId: string; start: number } | null;
  /**
   * Depth of the crosshair (mouse or keys); null when there is none. A crosshair put there by the mouse goes
   * when the pointer leaves the plot area; one moved by the keys stays (see features/plot/crosshair.ts).
   */
  cursorDepth: number | null;
  /** The crosshair's x in the current x mode (the depth, or the sample index in index mode). */
  cursorX: number | null;
  cursorBy: 'mouse' | 'keys' | null;
  /** What the plot says instead of acting (a label hotkey with no crosshair in the view, zoom-around with nothing selected). */
  plotHint: string | null;
  /** Pixel geometry of the drawn plot, published after each draw (overlays and keyboard steps use it). */
  plotGeom: PlotGeom | null;
  /** Per-panel y ranges (panel key → [lo, hi]): fitted ignoring the end-of-cycle spike, zoomed per panel. */
  yRanges: Record<string, [number, number]>;
  /** Views to go back to with zoomBack, most recent last (null = everything). */
  zoomHistory: ([number, number] | null)[];
  /** Index in detail.segments of the step the last zoomToStep showed. */
  zoomStep: number | null;
  /** The ruler: on, with up to two points (ordered by depth when both are set). */
  ruler: RulerState | null;
  /** The open file's depth per sample (the UI thread's copy), once its signals are loaded. */
  signalDepth: Float64Array | null;
  /** Visible depth (or index) window; null = everything. */
  viewRange: [number, number] | null;
  /** The file whose signals the downsampling worker holds (null while loading). */
  signalsReady: number | null;
  signalsError: string | null;
  /** Full x extent of the open file's signals in the current x mode. */
  dataExtent: [number, number] | null;
  view: ViewOptions;
  helpOpen: boolean;

  /** Edits sent and not yet answered. */
  saving: number;
  saveError: string | null;
  /** At least one edit was confirmed durable in this session. */
  savedOnce: boolean;
  /** Per file, for the whole session. */
  undo: Record<number, UndoStack>;
}

export const INITIAL_ANNOTATE: AnnotateState = {
  fileId: null,
  detail: null,
  schema: null,
  labels: [],
  review: null,
  loading: false,
  loadError: null,
  selectedId: null,
  armedClassId: null,
  pendingRange: null,
  cursorDepth: null,
  cursorX: null,
  cursorBy: null,
  plotHint: null,
  plotGeom: null,
  yRanges: {},
  zoomHistory: [],
  zoomStep: null,
  ruler: null,
  signalDepth: null,
  viewRange: null,
  signalsReady: null,
  signalsError: null,
  dataExtent: null,
  view: { xMode: 'depth', total: false, extras: [] },
  helpOpen: false,
  saving: 0,
  saveError: null,
  savedOnce: false,
  undo: {},
};

export type AnnotateStore = StoreApi<AnnotateState>;

export function createAnnotateStore(initial: Partial<AnnotateState> = {}): AnnotateStore {
  return createStore<AnnotateState>()(() => ({ ...INITIAL_ANNOTATE, ...initial }));
}

/** The app's store. */
export const annotateStore = createAnnotateStore();

export function useAnnotate<T>(selector: (s: AnnotateState) => T): T {
  return useStore(annotateStore, selector);
}

/** What the save indicator shows. 'saved' only once every edit sent has been confirmed. */
export function saveStateOf(s: Pick<AnnotateState, 'saving' | 'saveError' | 'savedOnce'>): 'idle' | 'saving' | 'saved' | 'error' {
  if (s.saving > 0) return 'saving';
  if (s.saveError) return 'error';
  return s.savedOnce ? 'saved' : 'idle';
}
