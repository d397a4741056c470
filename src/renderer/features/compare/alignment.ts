/**
 * Aligning a reference hole on the current one. By depth, both are drawn as recorded. By a label class,
 * the reference is shifted so that its label of that class sits on the current hole's: holes whose stacks
 * start at different depths (another clamp height, a shim) then line up at the event being judged. Pure.
 */
import type { Label } from '../../../shared/api/labels.contract';
import type { TraceData } from '../../workers/downsampleImpl';

/** 'depth', or the id of a point label class to align on. */
export type Alignment = 'depth' | (string & {});

export type AnchorLabel = Pick<Label, 'classId' | 'depth' | 'state'>;

/**
 * Where a hole's label of `classId` sits: the confirmed label (the human's word) when there is one, else a
 * pending proposal; a rejected proposal is nothing. With several, the shallowest, so that the choice never
 * depends on the order the labels came in.
 */
export function anchorDepth(labels: readonly AnchorLabel[], classId: string): number | null {
  let confirmed: number | null = null;
  let proposed: number | null = null;
  for (const l of labels) {
    if (l.classId !== classId || l.depth === null || !Number.isFinite(l.depth)) continue;
    if (l.state === 'confirmed') confirmed = confirmed === null ? l.depth : Math.min(confirmed, l.depth);
    else if (l.state === 'proposed') proposed = proposed === null ? l.depth : Math.min(proposed, l.depth);
  }
  return confirmed ?? proposed;
}

export interface AlignmentResult {
  /** Millimetres added to every reference depth to draw it on the current hole's axis. */
  offset: number;
  /** False when aligning by a label that one of the two holes lacks: the reference is then drawn by depth. */
  aligned: boolean;
  /** Why it is not aligned: which hole lacks the label. */
  missing: 'current' | 'reference' | 'both' | null;
}

export function alignmentOffset(alignment: Alignment, current: readonly AnchorLabel[], reference: readonly AnchorLabel[]): AlignmentResult {
  if (alignment === 'depth') return { offset: 0, aligned: true, missing: null };
  const a = anchorDepth(current, alignment);
  const b = anchorDepth(reference, alignment);
  if (a === null || b === null) return { offset: 0, aligned: false, missing: a === null && b === null ? 'both' : a === null ? 'current' : 'reference' };
  return { offset: a - b, aligned: true, missing: null };
}

/** The reference's own depth window that shows on the current axis as `range` (null = everything). */
export function referenceWindow(range: readonly [number, number] | null, offset: number): [number, number] | null {
  if (!range) return null;
  return [range[0] - offset, range[1] - offset];
}

/** A reference trace moved onto the current hole's axis (a new array: the worker's answer is left as it was). */
export function shiftTrace(trace: TraceData, offset: number): TraceData {
  if (offset === 0) return trace;
  const x = new Float64Array(trace.x.length);
  for (let i = 0; i < x.length; i++) x[i] = trace.x[i]! + offset;
  return { x, y: trace.y };
}
