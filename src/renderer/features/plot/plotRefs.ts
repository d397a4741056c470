/**
 * The refs the signal plot's hooks share (read at event time, never causing a render). Each hook takes the
 * ones it needs by name, destructured, so React's compiler knows them for refs.
 */
import { useLayoutEffect, useRef, type RefObject } from 'react';
import type { WindowResult } from '../../workers/downsampleImpl';
import type { Panel } from './figure';
import type { Drag } from './plotDrag';
import type { DataWindow } from './viewMath';

export interface PlotRefs {
  boxRef: RefObject<HTMLDivElement | null>;
  /** The plotly element. */
  plotRef: RefObject<HTMLDivElement | null>;
  /** Depth per sample of the open file (the UI thread's copy, for index-mode mapping). */
  depthRef: RefObject<Float64Array | null>;
  /** The last window the worker answered. */
  resRef: RefObject<WindowResult | null>;
  /** What that window covers, keyed by what it was asked for. */
  winRef: RefObject<{ key: string; win: DataWindow } | null>;
  dragRef: RefObject<Drag | null>;
  /** This render's panels and size. */
  panelsRef: RefObject<Panel[]>;
  sizeRef: RefObject<{ w: number; h: number }>;
}

/** A ref that holds this render's `value`. */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  // Before any other effect of the same commit, so draws triggered there see the current value.
  useLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
