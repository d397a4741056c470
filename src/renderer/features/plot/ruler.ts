/**
 * The ruler: two points on the depth axis, Δdepth between them and, per channel, the change of current from
 * the shallower point to the deeper one. Pure; the values at the two points come from the worker (exact
 * samples, see plotValues.ts).
 */
import { firstIndexAtOrBeyond } from '../../../shared/downsample';
import type { RulerPoint, RulerState } from '../../state/annotateStore';

export type { RulerPoint, RulerState };

/** The next point: A, then B; a third point starts a new measurement from it. Points end up ordered by depth. */
export function rulerWith(r: RulerState | null, p: RulerPoint): RulerState {
  if (!r || !r.a || r.b) return { a: p, b: null };
  return r.a.depth <= p.depth ? { a: r.a, b: p } : { a: p, b: r.a };
}

/** Δdepth in mm from A to B (≥ 0: A is the shallower point); null until both are placed. */
export function rulerDepthDelta(r: RulerState | null): number | null {
  return r?.a && r.b ? r.b.depth - r.a.depth : null;
}

/** The sample a ruler point reads: its own index in index mode, else the first sample at or beyond its depth. */
export function sampleIndexOf(p: RulerPoint, xMode: 'depth' | 'index', depth: ArrayLike<number> | null): number {
  if (xMode === 'index') return Math.max(0, Math.round(p.x));
  return depth ? firstIndexAtOrBeyond(depth, p.depth) : 0;
}

/** Per channel: value at B − value at A (channels missing at either point are left out). */
export function valueDeltas(atA: Record<string, number>, atB: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, a] of Object.entries(atA)) {
    const b = atB[key];
    if (b !== undefined && Number.isFinite(a) && Number.isFinite(b)) out[key] = b - a;
  }
  return out;
}

/** "+1.234" / "−0.050": the sign always shown, a real minus sign. */
export function signed(v: number, digits: number): string {
  const text = Math.abs(v).toFixed(digits);
  if (Number(text) === 0) return text;
  return `${v < 0 ? '−' : '+'}${text}`;
}
