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

/** Position or value: what a human corrects when moving or editing a proposal (as the back end's LabelStore). */
const POSITION_FIELDS = ['classId', 'depth', 'depthEnd', 'value'] as const;

/**
 * What an update makes of a label, as the back end decides it (src/main/labels/labelStore.ts `updated`): a
 * human moving or editing a machine-made label makes it theirs (source 'human', state 'confirmed' unless the
 * patch says otherwise, as an undo does). The local copy must agree, because the undo entry is computed from
 * it: undoing a moved proposal has to restore its source and state too, not only its depth.
 */
export function updatedLocally(before: Label, patch: Extract<LabelEdit, { op: 'update' }>['patch']): Label {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<Label>;
  const after: Label = { ...before, ...defined };
  const corrected = POSITION_FIELDS.some((f) => f in defined && defined[f] !== before[f]);
  if (corrected && before.source !== 'human' && defined.source === undefined) {
    after.source = 'human';
    if (defined.state === undefined) after.state = 'confirmed';
  }
  return after;
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
      return labels.map((l) => (l.id === edit.id ? { ...updatedLocally(l, edit.patch), updatedAt: now } : l));
    case 'delete':
      return labels.filter((l) => l.id !== edit.id);
  }
}

/** The label an edit is about. */
export function editLabelId(edit: LabelEdit): string {
  return edit.op === 'create' ? edit.label.id : edit.id;
}

/** Only confirmed labels are labels: proposals and rejected proposals count for nothing (readouts, placement). */
export const isConfirmed = (l: Pick<Label, 'state'>): boolean => l.state === 'confirmed';
export const isProposal = (l: Pick<Label, 'state'>): boolean => l.state === 'proposed';

export function confirmedLabels(labels: readonly Label[]): Label[] {
  return labels.filter(isConfirmed);
}

/** Points and ranges of the file (rejected ones included), shallowest first: what the label table lists. */
export function allDepthLabels(labels: readonly Label[], classes: readonly LabelClass[]): Label[] {
  const kind = new Map(classes.map((c) => [c.id, c.kind]));
  return labels
    .filter((l) => l.depth !== null && kind.get(l.classId) !== 'attribute')
    .sort((a, b) => a.depth! - b.depth! || a.classId.localeCompare(b.classId) || a.id.localeCompare(b.id));
}

/**
 * Labels drawn on the plot, dragged and stepped through with Tab (points and ranges), shallowest first:
 * confirmed labels and pending proposals. A rejected proposal is hidden from the plot; the table still lists it.
 */
export function depthLabels(labels: readonly Label[], classes: readonly LabelClass[]): Label[] {
  return allDepthLabels(labels, classes).filter((l) => l.state !== 'rejected');
}

/** Pending proposals that are points or ranges, shallowest first (Alt+] / Alt+[ step through them). */
export function depthProposals(labels: readonly Label[], classes: readonly LabelClass[]): Label[] {
  return allDepthLabels(labels, classes).filter(isProposal);
}

/**
 * The attribute label of a class that holds its value: a confirmed one (the most recently updated if
 * several), else a pending proposal (shown as a suggestion to accept). Rejected proposals hold nothing.
 */
export function attributeLabel(labels: readonly Label[], classId: string): Label | null {
  let best: Label | null = null;
  const rank = (l: Label): number => (l.state === 'confirmed' ? 0 : 1);
  for (const l of labels) {
    if (l.classId !== classId || l.state === 'rejected') continue;
    if (!best || rank(l) < rank(best) || (rank(l) === rank(best) && l.updatedAt > best.updatedAt)) best = l;
  }
  return best;
}

/**
 * The confirmed point label of a class, the human one first: placing that class again moves it instead of
 * adding a second one. A pending proposal is no label, so the hotkey places a new one beside it.
 */
export function humanPoint(labels: readonly Label[], classId: string): Label | null {
  const points = labels.filter((l) => l.classId === classId && l.depth !== null && l.depthEnd === null && isConfirmed(l));
  return points.find((l) => l.source === 'human') ?? points[0] ?? null;
}

/** Pending proposals with a confidence of at least `threshold` (the "Accept all ≥ X" control). */
export function proposalsAtLeast(labels: readonly Label[], threshold: number): Label[] {
  return labels.filter((l) => isProposal(l) && l.confidence !== null && l.confidence >= threshold - 1e-9);
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
