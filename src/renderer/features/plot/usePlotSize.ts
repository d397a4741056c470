/**
 * The plot box's size in pixels: measured once in a layout effect, before the first paint, then followed
 * with a ResizeObserver (width changes under 8 px are ignored). `plotWidthOf` reads the box itself, for the
 * effects of the first commit, which still see the guess: the first window is cut for the real width at
 * once, not for the guess and again a render later.
 */
import { useEffect, useLayoutEffect, useState, type RefObject } from 'react';

export interface PlotSize {
  w: number;
  h: number;
  /** False only until the box has been measured: the size is a default guess till then. */
  measured: boolean;
}

const sizeOf = (el: HTMLElement): { w: number; h: number } => ({ w: Math.max(300, Math.round(el.clientWidth)), h: Math.max(260, Math.round(el.clientHeight)) });

const GUESS = { w: 900, h: 520 };

/** The box's width now, rounded as usePlotSize's `w` is (the guess when there is no box yet). */
export const plotWidthOf = (el: HTMLElement | null): number => (el ? sizeOf(el).w : GUESS.w);

export function usePlotSize(box: RefObject<HTMLDivElement | null>): PlotSize {
  const [size, setSize] = useState<PlotSize>({ ...GUESS, measured: false });
  useLayoutEffect(() => {
    // The one render this costs happens before the paint: React's own pattern for measuring layout.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (box.current) setSize({ ...sizeOf(box.current), measured: true });
  }, [box]);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      const { w, h } = sizeOf(el);
      setSize((old) => (old.measured && Math.abs(old.w - w) < 8 && old.h === h ? old : { w, h, measured: true }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [box]);
  return size;
}
