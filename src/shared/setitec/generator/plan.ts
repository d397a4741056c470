/**
 * The generator's plan: a family's program and stack geometry, scaled (0.1×–2×) when a target row count is
 * asked for. Pure TypeScript.
 */
import { planFamily, type Family, type FamilyPlan, type FamilyStep, type Geometry } from './families';
import type { Rng } from './prng';

export interface ScaledPlan {
  geometry: Geometry;
  steps: FamilyStep[];
  /** Geometric scale applied to reach the asked row count (1 when none was asked). */
  scale: number;
}

/** Draws the family's plan from `planRng` and scales it towards `rows` (when given and positive). */
export function scaledPlan(family: Family, planRng: Rng, rows: number | undefined): ScaledPlan {
  const plan = planFamily(family, planRng);
  let scale = 1;
  if (rows !== undefined && rows > 0) {
    scale = Math.min(2, Math.max(0.1, rows / Math.max(1, estimateRows(plan))));
  }
  const geometry = scale === 1 ? plan.geometry : scaleGeometry(plan.geometry, scale);
  const steps = scale === 1 ? plan.steps.map((s) => ({ ...s })) : scaleSteps(plan.steps, scale, plan.geometry.start);
  return { geometry, steps, scale };
}

function scaleGeometry(g: Geometry, s: number): Geometry {
  const at = (v: number): number => g.start + s * (v - g.start);
  return {
    start: g.start,
    entry: at(g.entry),
    transition: at(g.transition),
    exit: at(g.exit),
    cskStart: g.cskStart === null ? null : at(g.cskStart),
    hardStop: g.hardStop === null ? null : at(g.hardStop),
    tipLength: Math.max(0.05, g.tipLength * s),
    cskBackMove: g.cskBackMove * s,
  };
}

/** Rough row count of a plan (feed-limited travel of each executed step). */
function estimateRows(plan: FamilyPlan): number {
  const g = plan.geometry;
  let depth = g.start;
  let base = 0;
  let rows = 0;
  let first = true;
  for (const st of plan.steps) {
    if (!st.enabled || !st.end) continue;
    let end: number;
    switch (st.end) {
      case 'contact':
        end = g.entry;
        break;
      case 'torque_max':
        end = g.transition;
        break;
      case 'torque_min':
        end = g.exit + g.tipLength * 0.5;
        break;
      case 'stroke':
        end = (first ? 0 : base) + st.strokeMm;
        break;
      case 'hard_stop':
        end = g.hardStop ?? depth + st.strokeMm;
        break;
    }
    end = Math.max(end, depth);
    rows += (end - depth) / (st.feedMmS / 100) + 3;
    depth = end;
    base = end;
    first = false;
  }
  return rows;
}

function scaleSteps(steps: FamilyStep[], s: number, start: number): FamilyStep[] {
  let first = true;
  return steps.map((st) => {
    if (!st.enabled) return { ...st };
    const stroke = first ? start + s * (st.strokeMm - start) : s * st.strokeMm;
    first = false;
    return { ...st, strokeMm: Math.round(stroke * 1000) / 1000 };
  });
}
