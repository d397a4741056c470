/**
 * Uncertainty-first labelling (issue 13): the catalog's order by model confidence (least certain first), the
 * filter of files where the model and the stop-code proposals disagree, and "next most uncertain". Pure
 * functions over FileRow (the back end supplies `modelConfidence` and `modelDisagreementMm`), unit-tested
 * without React; catalogModel.ts and the keyboard use them.
 */
import type { FileRow } from '../../../shared/api/catalog.contract';
import type { SortSpec } from '../catalog/catalogModel';

/** The distance the disagreement filter starts at: beyond a typical hand-placement spread of exits. */
export const DEFAULT_DISAGREEMENT_MM = 0.5;

export function modelConfidenceOf(f: Pick<FileRow, 'modelConfidence'>): number | null {
  return f.modelConfidence ?? null;
}

export function disagreementOf(f: Pick<FileRow, 'modelDisagreementMm'>): number | null {
  return f.modelDisagreementMm ?? null;
}

/**
 * Whether a file passes the disagreement filter: null (no filter) passes everything; otherwise only files
 * where both the model and the stop code proposed a class and they are more than `mm` apart.
 */
export function disagreesBeyond(f: Pick<FileRow, 'modelDisagreementMm'>, mm: number | null | undefined): boolean {
  if (mm === null || mm === undefined) return true;
  const d = disagreementOf(f);
  return d !== null && d > mm;
}

/** Files whose model has not proposed yet have no confidence: they are not "the most uncertain". */
export function hasModelConfidence(f: Pick<FileRow, 'modelConfidence'>): boolean {
  return modelConfidenceOf(f) !== null;
}

/** The catalog's uncertainty-first order: by model confidence, lowest first (files without one last). */
export const UNCERTAINTY_SORT: SortSpec = { key: 'confidence', dir: 'asc' };

const DONE: ReadonlySet<FileRow['status']> = new Set(['labelled', 'reviewed']);

/**
 * "Next most uncertain": in `order` (the catalog sorted by UNCERTAINTY_SORT), the next file after the open
 * one that the model has proposed on and that still needs a human (not labelled or reviewed). It goes on
 * from where the open file stands and wraps around, so skipping a file moves on instead of bouncing back;
 * from a file outside the order it starts at the least certain. Null when no such file is left.
 */
export function nextMostUncertain(order: readonly FileRow[], currentId: number | null): FileRow | null {
  const ranked = order.filter(hasModelConfidence);
  const at = currentId === null ? -1 : ranked.findIndex((f) => f.id === currentId);
  for (let k = 1; k <= ranked.length; k++) {
    const f = ranked[(at + k + ranked.length) % ranked.length]!;
    if (f.id !== currentId && !DONE.has(f.status)) return f;
  }
  return null;
}

/** The filter's distance as typed (a decimal comma is fine); null unless a number of mm, 0 or more. */
export function parseDistance(text: string): number | null {
  const v = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(v) && v >= 0 ? v : null;
}

export function confidenceText(c: number | null): string {
  return c === null ? '–' : c.toFixed(2);
}

export function disagreementText(d: number | null): string {
  return d === null ? '–' : d.toFixed(2);
}
