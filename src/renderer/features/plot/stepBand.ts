/**
 * The step names in a band above the plot: every program step that overlaps the view is named at the middle
 * of its visible part, so the names stay in sight however far one zooms in. A step too narrow on screen for
 * "Step n" gets just "n", one narrower still no name (its hover text is on the shading). Pure.
 */
import type { ProgramStepView, StepSegment } from '../../../shared/api/catalog.contract';
import { pixelOf, type MeasureText } from './captionLayout';

/** A program step as the plot shows it on hover. */
export type ProgramStepInfo = Omit<ProgramStepView, 'enabled'>;

function fmt(v: number | null, unit: string, digits = 2): string | null {
  return v === null ? null : `${Number(v.toFixed(digits))} ${unit}`;
}

/** Hover text of a program step: stroke, RPM, feed and its triggers. */
export function stepHoverText(seg: StepSegment, program: ProgramStepInfo | undefined): string {
  const lines = [`<b>Step ${seg.step}</b>`, `samples ${seg.startIndex}–${seg.endIndex}, depth ${seg.startDepth.toFixed(2)}–${seg.endDepth.toFixed(2)} mm`];
  if (program) {
    const params = [
      fmt(program.strokeMm, 'mm stroke'),
      fmt(program.rpm, 'rpm', 0),
      fmt(program.feedMmS, 'mm/s'),
      program.feedMmRev !== null ? fmt(program.feedMmRev, 'mm/rev', 3) : null,
    ].filter(Boolean);
    if (params.length) lines.push(params.join(' · '));
    const triggers = [
      program.torqueMaxA ? `torque max ${program.torqueMaxA} A` : null,
      program.thrustMaxA ? `thrust max ${program.thrustMaxA} A` : null,
      program.torqueMinA ? `torque min ${program.torqueMinA} A` : null,
      program.thrustMinA ? `thrust min ${program.thrustMinA} A` : null,
      program.gapMm ? `gap ${program.gapMm} mm` : null,
    ].filter(Boolean);
    lines.push(triggers.length ? `triggers: ${triggers.join(', ')}` : 'no sensing trigger');
  }
  lines.push(`ended by ${seg.stopLabel}`);
  return lines.join('<br>');
}

export interface StepName {
  /** Index into the segments. */
  index: number;
  /** x of the name (data units of the current mode). */
  x: number;
  text: string;
}

export const STEP_FONT_PX = 10;
/** Room the name needs beyond its text (the band's padding). */
const NAME_PAD_PX = 8;

export function stepExtent(seg: StepSegment, xMode: 'depth' | 'index'): [number, number] {
  const a = xMode === 'depth' ? seg.startDepth : seg.startIndex;
  const b = xMode === 'depth' ? seg.endDepth : seg.endIndex;
  return [Math.min(a, b), Math.max(a, b)];
}

export function stepNames(segments: readonly StepSegment[], xMode: 'depth' | 'index', view: readonly [number, number], widthPx: number, measure: MeasureText): StepName[] {
  const lo = Math.min(view[0], view[1]);
  const hi = Math.max(view[0], view[1]);
  const out: StepName[] = [];
  segments.forEach((seg, index) => {
    const [a, b] = stepExtent(seg, xMode);
    const from = Math.max(a, lo);
    const to = Math.min(b, hi);
    if (to < from) return;
    const shownPx = pixelOf(to, [lo, hi], widthPx) - pixelOf(from, [lo, hi], widthPx);
    const long = `Step ${seg.step}`;
    const short = String(seg.step);
    const text = shownPx >= measure(long, STEP_FONT_PX, false) + NAME_PAD_PX ? long : shownPx >= measure(short, STEP_FONT_PX, false) + NAME_PAD_PX ? short : null;
    if (text) out.push({ index, x: (from + to) / 2, text });
  });
  return out;
}
