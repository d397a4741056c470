/**
 * The drawn plot's pixel geometry, read from plotly's full layout (`_offset`/`_length` of each axis, the
 * documented way custom interactions sit on top of plotly), for the overlays and the keyboard steps.
 */
import type { PlotlyHTMLElement } from 'plotly.js/lib/core';
import type { PlotGeom } from '../../state/annotateStore';

interface AxisLike {
  _offset?: number;
  _length?: number;
  range?: [number, number];
}

const axisKey = (i: number): string => (i === 0 ? 'yaxis' : `yaxis${i + 1}`);

export function plotGeomOf(gd: PlotlyHTMLElement, panelKeys: readonly string[]): PlotGeom | null {
  const full = gd._fullLayout as (Record<string, unknown> & { _size?: { t: number; h: number } }) | undefined;
  const xa = full?.xaxis as AxisLike | undefined;
  const size = full?._size;
  if (!full || !xa?.range || xa._offset === undefined || xa._length === undefined || !size) return null;
  const panels: PlotGeom['panels'] = [];
  panelKeys.forEach((key, i) => {
    const ya = full[axisKey(i)] as AxisLike | undefined;
    if (ya?.range && ya._offset !== undefined && ya._length !== undefined) panels.push({ key, top: ya._offset, height: ya._length, range: [Number(ya.range[0]), Number(ya.range[1])] });
  });
  return { left: xa._offset, width: xa._length, top: size.t, height: size.h, range: [Number(xa.range[0]), Number(xa.range[1])], panels };
}

export function sameGeom(a: PlotGeom | null, b: PlotGeom | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const near = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
  if (!near(a.left, b.left) || !near(a.width, b.width) || !near(a.top, b.top) || !near(a.height, b.height)) return false;
  if (!near(a.range[0], b.range[0]) || !near(a.range[1], b.range[1]) || a.panels.length !== b.panels.length) return false;
  return a.panels.every((p, i) => {
    const q = b.panels[i]!;
    return p.key === q.key && near(p.top, q.top) && near(p.height, q.height) && near(p.range[0], q.range[0]) && near(p.range[1], q.range[1]);
  });
}

/** Text width with a canvas, in the font plotly draws with. */
export function canvasTextMeasure(): (text: string, fontPx: number, bold: boolean) => number {
  const ctx = typeof document !== 'undefined' ? document.createElement('canvas').getContext('2d') : null;
  const cache = new Map<string, number>();
  return (text, fontPx, bold) => {
    const key = `${bold ? 'b' : ''}${fontPx}|${text}`;
    const have = cache.get(key);
    if (have !== undefined) return have;
    let w = text.length * fontPx * (bold ? 0.68 : 0.62);
    if (ctx) {
      ctx.font = `${bold ? 'bold ' : ''}${fontPx}px "Open Sans", verdana, arial, sans-serif`;
      w = ctx.measureText(text).width;
    }
    cache.set(key, w);
    return w;
  };
}
