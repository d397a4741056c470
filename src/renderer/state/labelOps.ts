/**
 * Pure helpers of the label editor: the optimistic local effect of an edit, rounding, ids and which label
 * a key acts on. No React, no store: unit-tested directly.
 */
import type { Label, LabelClass, LabelEdit } from '../../shared/api/labels.contract';
import { labelFromDraft } from '../../shared/labels/labelEditOps';

/** Depths are stored to the micrometre: more is noise, and 12.34 + 0.01 should stay 12.35. */
export function roundDepth(mm: number): number {
  return Math.round(mm * 1000) / 1000;
}

let counter = 0;
export function newLabelId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  counter++;
  return `l-${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * The edit applied to the local list at once, before the back end answers (so keys feel instant). The back
 * end's answer replaces the label afterwards (annotator, timestamps).
 */
export function applyLocal(labels: readonly Label[], edit: LabelEdit, now = new Date().toISOString()): Label[] {
  switch (edit.op) {
    case 'create': {
      const label = labelFromDraft(edit.fileId, edit.label, '', now);
      return [...labels.filter((l) => l.id !== label.id), label];
    }
    case 'update':
      return labels.map((l) => (l.id === edit.id ? { ...l, ...edit.patch, updatedAt: now } : l));
    case 'delete':
      return labels.filter((l) => l.id !== edit.id);
  }
}

/** The label an edit is about. */
export function editLabelId(edit: LabelEdit): string {
  return edit.op === 'create' ? edit.label.id : edit.id;
}

/** Labels drawn on the plot / listed in the table (points and ranges), shallowest first. */
export function depthLabels(labels: readonly Label[], classes: readonly LabelClass[]): Label[] {
  const kind = new Map(classes.map((c) => [c.id, c.kind]));
  return labels
    .filter((l) => l.depth !== null && kind.get(l.classId) !== 'attribute')
    .sort((a, b) => a.depth! - b.depth! || a.classId.localeCompare(b.classId) || a.id.localeCompare(b.id));
}

/** The attribute label of a class (the most recently updated one if several). */
export function attributeLabel(labels: readonly Label[], classId: string): Label | null {
  let best: Label | null = null;
  for (const l of labels) if (l.classId === classId && (!best || l.updatedAt > best.updatedAt)) best = l;
  return best;
}

/** The human point label of a class: placing that class again moves it instead of adding a second one. */
export function humanPoint(labels: readonly Label[], classId: string): Label | null {
  return labels.find((l) => l.classId === classId && l.source === 'human' && l.depth !== null) ?? null;
}

/** The label after/before the selected one in depth order (wrapping), for Tab / Shift+Tab. */
export function neighbourLabel(ordered: readonly Label[], selectedId: string | null, step: 1 | -1): Label | null {
  if (ordered.length === 0) return null;
  const at = selectedId === null ? -1 : ordered.findIndex((l) => l.id === selectedId);
  if (at < 0) return step === 1 ? ordered[0]! : ordered.at(-1)!;
  return ordered[(at + step + ordered.length) % ordered.length]!;
}

/** The patch that moves a label by `delta` mm (a range moves as a whole). */
export function nudgePatch(label: Label, delta: number): { depth: number; depthEnd?: number } {
  const depth = roundDepth(label.depth! + delta);
  return label.depthEnd === null ? { depth } : { depth, depthEnd: roundDepth(label.depthEnd + delta) };
}
