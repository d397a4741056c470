/**
 * Mouse drags on the signal plot, as data: moving a label line (or one edge of a range), or drawing a new
 * range with a range class armed. Pure: what to draw while a drag is under way and which edit it ends in.
 */
import type { Label } from '../../../shared/api/labels.contract';
import type { DragHandle } from './plotGeometry';

export type Drag =
  | { kind: 'move'; handle: DragHandle; startPx: number; depth: number; moved: boolean }
  | { kind: 'draw'; classId: string; startPx: number; from: number; to: number };

/** Pixels the pointer must travel before a press counts as a drag (a click is not an edit). */
export const DRAG_THRESHOLD_PX = 3;

/** The depths a moved label ends at: a point follows the pointer; a range edge may cross the other edge. */
export function movedDepths(label: Pick<Label, 'depth' | 'depthEnd'>, handle: DragHandle, depth: number): { depth: number; depthEnd: number | null } {
  if (handle.edge === 'point') return { depth, depthEnd: label.depthEnd };
  const a = handle.edge === 'start' ? depth : label.depth!;
  const b = handle.edge === 'end' ? depth : label.depthEnd!;
  return { depth: Math.min(a, b), depthEnd: Math.max(a, b) };
}

/** The labels as drawn during a drag: the dragged one where the pointer has it, the rest as stored. */
export function labelsWhileDragging(labels: Label[], drag: Drag | null): Label[] {
  if (drag?.kind !== 'move') return labels;
  return labels.map((l) => (l.id === drag.handle.labelId ? { ...l, ...movedDepths(l, drag.handle, drag.depth) } : l));
}

/** The range being drawn (mouse) or started with its hotkey, as a draft band; null when there is none. */
export function draftOf(drag: Drag | null, pendingRange: { classId: string; start: number } | null): { classId: string; from: number; to: number } | null {
  if (drag?.kind === 'draw') return { classId: drag.classId, from: drag.from, to: drag.to };
  return pendingRange ? { classId: pendingRange.classId, from: pendingRange.start, to: pendingRange.start } : null;
}
