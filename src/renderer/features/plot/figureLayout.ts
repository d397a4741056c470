/**
 * Where things go on the figure, in pixels made paper coordinates: the stacked panels, each with a title row
 * above it (the y-axis title written horizontally there, so it can never run into tick labels, however
 * short the panel), and the label captions staggered into rows (captionLayout.ts). Pure.
 */
import { CAPTION_ROW_PX, captionRows, pixelOf, plainText, type MeasureText } from './captionLayout';

/** The figure's margins: the step names sit in the top one, the depth axis in the bottom one. */
export const PLOT_MARGIN = { l: 64, r: 16, t: 24, b: 40 } as const;
/** The title row above each panel. */
export const PANEL_TITLE_PX = 16;
const PANEL_GAP = 0.035;
/** Relative heights: the two currents get more room than extra columns. */
const MAIN_WEIGHT = 2;
const EXTRA_WEIGHT = 1;

/**
 * Panel domains from the top down: [y0, y1] in paper coordinates. With the plot area's height in pixels,
 * every panel gets a PANEL_TITLE_PX row above it for its title.
 */
export function panelDomains(count: number, plotHeightPx?: number): [number, number][] {
  const weights = Array.from({ length: count }, (_, i) => (i < 2 ? MAIN_WEIGHT : EXTRA_WEIGHT));
  const total = weights.reduce((a, b) => a + b, 0);
  const title = plotHeightPx ? PANEL_TITLE_PX / plotHeightPx : 0;
  const gap = plotHeightPx ? Math.max(PANEL_GAP, (PANEL_TITLE_PX + 6) / plotHeightPx) : PANEL_GAP;
  const usable = Math.max(0.05, 1 - title - gap * Math.max(0, count - 1));
  const out: [number, number][] = [];
  let top = 1 - title;
  for (const w of weights) {
    const h = (usable * w) / total;
    out.push([Math.max(0, top - h), top]);
    top -= h + gap;
  }
  return out;
}

/** A panel's title in the row above it, at the left edge of the plot area. */
export function panelTitle(key: string, title: string, domain: [number, number], colour: string): Record<string, unknown> {
  return {
    x: 0,
    y: domain[1],
    xref: 'paper',
    yref: 'paper',
    xanchor: 'left',
    yanchor: 'bottom',
    showarrow: false,
    text: title,
    font: { size: 11, color: colour },
    captureevents: false,
    name: `title:${key}`,
  };
}

const CAPTION_FONT_PX = 10;

/** A caption's box width: its text, plotly's padding (1 px a side, 3 with the proposal border) and a margin. */
function captionWidth(a: Record<string, unknown>, measure: MeasureText): number {
  const text = typeof a.text === 'string' ? a.text : '';
  const bold = text.includes('<b>');
  const pad = a.borderwidth ? 2 * (Number(a.borderpad ?? 1) + Number(a.borderwidth)) : 2;
  return measure(plainText(text), CAPTION_FONT_PX, bold) + pad + 2;
}

/**
 * Stagger the label captions (annotations named `caption:…`) so that none overlaps another at this pixel
 * scale: captions at the head of their lines step down a row at a time, those at the foot step up.
 */
export function staggerCaptions(annotations: Record<string, unknown>[], range: readonly [number, number], plotWidthPx: number, measure: MeasureText): void {
  const captions = annotations.filter((a) => typeof a.name === 'string' && a.name.startsWith('caption:'));
  for (const end of ['top', 'bottom'] as const) {
    const group = captions.filter((a) => a.yanchor === end);
    const rows = captionRows(
      group.map((a) => ({ id: String(a.name), x: pixelOf(Number(a.x), range, plotWidthPx), width: captionWidth(a, measure), tie: plainText(typeof a.text === 'string' ? a.text : '') })),
    );
    for (const a of group) {
      const row = rows.get(String(a.name)) ?? 0;
      if (row > 0) a.yshift = (end === 'top' ? -1 : 1) * row * CAPTION_ROW_PX;
    }
  }
}
