/**
 * The reference holes drawn into the signal plot's figure: each reference's traces faint in its own colour
 * on every panel it has data for, its point labels as faint dotted lines (captioned for the focused
 * reference), and a small key naming the references in the top right corner. The traces arrive already on
 * the current hole's axis (alignment applied); label depths are moved here by the same offset. Pure: called
 * by buildFigure (plot/figure.ts) when it is given overlays.
 */
import type { Label, LabelClass } from '../../../shared/api/labels.contract';
import type { TraceData } from '../../workers/downsampleImpl';

export interface OverlayInput {
  fileId: number;
  /** How the reference is named on the plot ("prev #1800"). */
  title: string;
  /** Picks its colour: the previous hole, the next, or the n-th file chosen by name. */
  role: 'prev' | 'next' | 'extra';
  extraIndex: number;
  /** The focused reference (j/k): drawn stronger, its labels captioned, its values in the hover. */
  focus: boolean;
  /** Millimetres added to the reference's depths (alignment); its traces are already shifted. */
  offset: number;
  traces: Record<string, TraceData>;
  labels: readonly Pick<Label, 'id' | 'classId' | 'depth' | 'depthEnd' | 'state'>[];
}

export interface FigureParts {
  data: Record<string, unknown>[];
  shapes: Record<string, unknown>[];
  annotations: Record<string, unknown>[];
}

/** Trace colours of the references (the previous hole, the next one, then files chosen by name) on a light and a dark ground. */
export const REFERENCE_COLOURS = {
  light: { prev: '#0f766e', next: '#7c3aed', extra: ['#a16207', '#be185d', '#0369a1', '#4d7c0f'] },
  dark: { prev: '#2dd4bf', next: '#c4b5fd', extra: ['#facc15', '#f9a8d4', '#7dd3fc', '#bef264'] },
} as const;

export interface OverlayContext {
  panels: readonly { key: string; title: string }[];
  classes: readonly LabelClass[];
  /** The plot's theme: which reference colours, the key's background, a label colour made legible on it. */
  dark?: boolean;
  captionBg?: string;
  labelColour?: (hex: string) => string;
}

export function referenceColour(o: Pick<OverlayInput, 'role' | 'extraIndex'>, dark = false): string {
  const palette = REFERENCE_COLOURS[dark ? 'dark' : 'light'];
  return o.role === 'extra' ? palette.extra[o.extraIndex % palette.extra.length]! : palette[o.role];
}

const TRACE_OPACITY = { focus: 0.7, other: 0.35 };
const LABEL_ALPHA = { focus: 0.65, other: 0.35 };

function hexToRgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

const axisName = (i: number): string => (i === 0 ? 'y' : `y${i + 1}`);

/** The x extent of a reference's traces ([∞, −∞] when it has none). */
function extentOf(traces: Record<string, TraceData>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of Object.values(traces)) {
    for (let i = 0; i < t.x.length; i++) {
      const x = t.x[i]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
  }
  return [lo, hi];
}

export function addOverlays(parts: FigureParts, overlays: readonly OverlayInput[], ctx: OverlayContext): void {
  const classById = new Map(ctx.classes.map((c) => [c.id, c]));
  const labelColour = ctx.labelColour ?? ((hex: string) => hex);
  overlays.forEach((o, k) => {
    const colour = referenceColour(o, ctx.dark);
    ctx.panels.forEach((p, i) => {
      const t = o.traces[p.key];
      if (!t) return;
      parts.data.push({
        type: 'scatter',
        mode: 'lines',
        name: `${o.title}: ${p.title}`,
        x: t.x,
        y: t.y,
        xaxis: 'x',
        yaxis: axisName(i),
        opacity: o.focus ? TRACE_OPACITY.focus : TRACE_OPACITY.other,
        line: { color: colour, width: o.focus ? 1.2 : 0.9 },
        ...(o.focus ? { hovertemplate: `%{y:.3f}<extra>${o.title}</extra>` } : { hoverinfo: 'skip' }),
        meta: { overlay: o.fileId, panel: p.key, focus: o.focus },
      });
    });

    const alpha = o.focus ? LABEL_ALPHA.focus : LABEL_ALPHA.other;
    // Only labels over the reference's own traces: shapes count in plotly's autorange, and a label beyond
    // the open hole's data would widen its axis.
    const [lo, hi] = extentOf(o.traces);
    for (const l of o.labels) {
      const cls = classById.get(l.classId);
      if (!cls || cls.kind === 'attribute' || l.depth === null || l.state === 'rejected') continue;
      const x0 = l.depth + o.offset;
      if (x0 < lo || x0 > hi) continue;
      const clsColour = labelColour(cls.colour);
      const line = { color: hexToRgba(clsColour, alpha), width: 1, dash: 'dot' };
      if (cls.kind === 'range' && l.depthEnd !== null) {
        parts.shapes.push({ type: 'rect', xref: 'x', yref: 'paper', x0, x1: l.depthEnd + o.offset, y0: 0, y1: 1, fillcolor: hexToRgba(clsColour, 0.035), line, layer: 'below', name: `overlay-label:${o.fileId}:${l.id}` });
      } else {
        parts.shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0, x1: x0, y0: 0, y1: 1, line, name: `overlay-label:${o.fileId}:${l.id}` });
      }
      if (o.focus) {
        parts.annotations.push({
          x: x0,
          y: 0.5,
          xref: 'x',
          yref: 'paper',
          xanchor: 'right',
          yanchor: 'middle',
          textangle: -90,
          showarrow: false,
          text: `${cls.name} · ${o.title}`,
          font: { size: 9, color: hexToRgba(clsColour, 0.85) },
          captureevents: false,
          name: `overlay-caption:${o.fileId}:${l.id}`,
        });
      }
    }

    // The key: one line per reference, top right, in its colour (the focused one in bold).
    parts.annotations.push({
      x: 1,
      y: 1,
      xref: 'paper',
      yref: 'paper',
      xanchor: 'right',
      yanchor: 'top',
      yshift: -4 - 14 * k,
      showarrow: false,
      text: `${o.focus ? '<b>' : ''}── ${o.title}${o.offset !== 0 ? ` (${o.offset > 0 ? '+' : ''}${o.offset.toFixed(2)} mm)` : ''}${o.focus ? '</b>' : ''}`,
      font: { size: 10, color: colour },
      bgcolor: ctx.captionBg ?? 'rgba(255,255,255,0.75)',
      captureevents: false,
      name: `overlay-key:${o.fileId}`,
    });
  });
}
