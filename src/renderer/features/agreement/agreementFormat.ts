/** How the agreement page writes its numbers: mm with two decimals, rates as whole percent, '—' for none. */

export const NONE = '—';

export function formatMm(mm: number | null | undefined, signed = false): string {
  if (mm === null || mm === undefined) return NONE;
  const text = mm.toFixed(2);
  // −0.004 rounds to "-0.00": a sign on nothing reads as a bias that is not there.
  if (Number(text) === 0) return '0.00';
  return signed && mm > 0 ? `+${text}` : text;
}

export function formatRate(rate: number | null): string {
  return rate === null ? NONE : `${Math.round(rate * 100)}%`;
}
