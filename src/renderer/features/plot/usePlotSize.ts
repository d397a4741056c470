/** The plot box's size in pixels, followed with a ResizeObserver (width changes under 8 px are ignored). */
import { useEffect, useState, type RefObject } from 'react';

export function usePlotSize(box: RefObject<HTMLDivElement | null>): { w: number; h: number } {
  const [size, setSize] = useState({ w: 900, h: 520 });
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      const w = Math.max(300, Math.round(el.clientWidth));
      const h = Math.max(260, Math.round(el.clientHeight));
      setSize((old) => (Math.abs(old.w - w) < 8 && old.h === h ? old : { w, h }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [box]);
  return size;
}
