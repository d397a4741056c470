/**
 * Numbers the annotator sees next to the plot, derived from the three key points (DOMAIN §12.1, §14 rows
 * 36, 38, 39): CFRP and Ti thicknesses, total depth, grip code, and the gap to a measured stack thickness.
 * Pure, recomputed on every label change.
 */
import type { Label } from '../api/labels.contract';
import { gripCode } from './gripCode';

/** Class ids of the default schema these readouts are computed from. */
export const READOUT_CLASSES = {
  entry: 'entry',
  transition: 'cfrp_ti_transition',
  exit: 'exit',
  measuredThickness: 'stack_thickness',
} as const;

/** Total depth vs measured thickness beyond this is worth a second look (DOMAIN §14 row 38). */
export const THICKNESS_TOLERANCE_MM = 0.5;

/**
 * When a file holds several labels of one key point (say the model's exit and the annotator's), the most
 * trusted wins: a person, then a sensed stop-code event, then the model, then a heuristic (DOMAIN §11.5);
 * among equals, the most recently updated.
 */
const SOURCE_RANK: Record<Label['source'], number> = { human: 0, stepcode: 1, model: 2, heuristic: 3 };

type ReadoutLabel = Pick<Label, 'classId' | 'depth' | 'value' | 'source' | 'updatedAt'>;

export interface DerivedReadouts {
  entry: number | null;
  transition: number | null;
  exit: number | null;
  /** transition − entry */
  cfrpThickness: number | null;
  /** exit − transition */
  tiThickness: number | null;
  /** exit − entry */
  totalDepth: number | null;
  gripCode: number | null;
  measuredThickness: number | null;
  /** totalDepth − measuredThickness */
  thicknessDelta: number | null;
  /** Human-readable problems: order of the key points, disagreement with the measurement. */
  warnings: string[];
}

export function pickKeyPoint(labels: readonly ReadoutLabel[], classId: string): ReadoutLabel | null {
  let best: ReadoutLabel | null = null;
  for (const l of labels) {
    if (l.classId !== classId) continue;
    if (
      !best ||
      SOURCE_RANK[l.source] < SOURCE_RANK[best.source] ||
      (SOURCE_RANK[l.source] === SOURCE_RANK[best.source] && l.updatedAt > best.updatedAt)
    ) {
      best = l;
    }
  }
  return best;
}

const diff = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);

export function derivedReadouts(labels: readonly ReadoutLabel[]): DerivedReadouts {
  const depthOf = (classId: string): number | null => pickKeyPoint(labels, classId)?.depth ?? null;
  const entry = depthOf(READOUT_CLASSES.entry);
  const transition = depthOf(READOUT_CLASSES.transition);
  const exit = depthOf(READOUT_CLASSES.exit);
  const measuredValue = pickKeyPoint(labels, READOUT_CLASSES.measuredThickness)?.value;
  const measuredThickness = typeof measuredValue === 'number' ? measuredValue : null;

  const warnings: string[] = [];
  const points = [
    ['entry', entry],
    ['transition', transition],
    ['exit', exit],
  ] as const;
  const present = points.filter((p): p is readonly [(typeof p)[0], number] => p[1] !== null);
  // Every pair, not just neighbours: with entry 10, transition 5, exit 8 the entry/exit clash matters too.
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const [shallowName, shallow] = present[i]!;
      const [deepName, deep] = present[j]!;
      if (!(shallow < deep)) warnings.push(`${shallowName} (${shallow} mm) must be shallower than ${deepName} (${deep} mm)`);
    }
  }

  const totalDepth = diff(exit, entry);
  const thicknessDelta = diff(totalDepth, measuredThickness);
  if (thicknessDelta !== null && Math.abs(thicknessDelta) > THICKNESS_TOLERANCE_MM) {
    warnings.push(`total depth differs from the measured thickness by ${thicknessDelta.toFixed(2)} mm (more than ±${THICKNESS_TOLERANCE_MM} mm)`);
  }
  return {
    entry,
    transition,
    exit,
    cfrpThickness: diff(transition, entry),
    tiThickness: diff(exit, transition),
    totalDepth,
    // A negative total depth is an ordering mistake, already warned about: no code for it.
    gripCode: totalDepth !== null && totalDepth > 0 ? gripCode(totalDepth) : null,
    measuredThickness,
    thicknessDelta,
    warnings,
  };
}
