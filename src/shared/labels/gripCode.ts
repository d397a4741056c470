/**
 * Fastener grip code from a stack depth (DOMAIN §12.1, §14 row 39). One code per 1/16 inch of grip.
 *
 * The formula is the one the upstream evaluation table uses (verified on 329/329 rows), so our codes agree
 * with the reference results: code = floor(depth / 1.5875) + 1. A depth exactly on a boundary belongs to the
 * next code (1.5875 mm → 2). Every decimal boundary k·1.5875 (k ≤ 40) divides back to k exactly or a hair
 * above in binary floating point, so no epsilon is needed (the unit tests pin this down).
 */

/** 1/16 inch in millimetres. */
export const GRIP_UNIT_MM = 1.5875;

/** Codes the grip calculator knows (1–25); deeper stacks still get a number, flagged by `gripCodeInRange`. */
export const GRIP_CODE_MIN = 1;
export const GRIP_CODE_MAX = 25;

/** Grip code of a total depth in mm; null for a negative or non-finite depth (no meaningful code). */
export function gripCode(depthMm: number): number | null {
  if (!Number.isFinite(depthMm) || depthMm < 0) return null;
  return Math.floor(depthMm / GRIP_UNIT_MM) + 1;
}

export function gripCodeInRange(code: number): boolean {
  return code >= GRIP_CODE_MIN && code <= GRIP_CODE_MAX;
}
