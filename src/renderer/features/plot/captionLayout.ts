/**
 * Label captions that keep out of each other's way: each caption starts at its label's line, and captions
 * that would overlap at the current pixel scale go to the next row down (a staircase), as few rows as the
 * overlaps need. Pure: pixel positions and widths in, a row per caption out.
 */

export interface CaptionBox {
  id: string;
  /** Left edge in pixels (the label's line). */
  x: number;
  /** Width in pixels, padding and border included. */
  width: number;
  /**
   * Orders captions at the very same x (e.g. the caption text): ids are random, so ordering such ties by id
   * alone gave another staircase, and another picture, every run.
   */
  tie?: string;
}

/** Horizontal room kept between two captions of one row. */
export const CAPTION_GAP_PX = 4;
/** Rows a stack of captions may take before rows are reused (a crowd that dense overlaps whatever we do). */
export const MAX_CAPTION_ROWS = 5;
/** The height of one row of captions, bordered proposal captions included. */
export const CAPTION_ROW_PX = 17;

/** Row per caption id (0 = the row at the line's end): the lowest row whose last caption ends before it. */
export function captionRows(boxes: readonly CaptionBox[], gapPx = CAPTION_GAP_PX, maxRows = MAX_CAPTION_ROWS): Map<string, number> {
  const order = [...boxes].sort((a, b) => a.x - b.x || (a.tie ?? '').localeCompare(b.tie ?? '') || a.id.localeCompare(b.id));
  const ends: number[] = [];
  const rows = new Map<string, number>();
  for (const box of order) {
    let row = ends.findIndex((end) => end + gapPx <= box.x);
    if (row < 0 && ends.length < maxRows) row = ends.length;
    if (row < 0) row = ends.indexOf(Math.min(...ends));
    ends[row] = box.x + box.width;
    rows.set(box.id, row);
  }
  return rows;
}

/** The text of a caption as shown (plotly's <b>/<i> markup taken out, entities decoded). */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export type MeasureText = (text: string, fontPx: number, bold: boolean) => number;

/**
 * A width estimate that errs on the wide side (DejaVu Sans, the widest of the fonts plotly falls back to,
 * averages about 0.62 em per character): for unit tests and for when no canvas is at hand.
 */
export const estimateTextWidth: MeasureText = (text, fontPx, bold) => text.length * fontPx * (bold ? 0.68 : 0.62);

/** The pixel x of a data x on an axis of `widthPx` showing `range`. */
export function pixelOf(x: number, range: readonly [number, number], widthPx: number): number {
  const span = range[1] - range[0];
  return span === 0 ? 0 : ((x - range[0]) / span) * widthPx;
}
