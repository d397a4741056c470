/**
 * Deciding proposals (labels in state 'proposed') in the annotation workspace: accept, reject, restore, the
 * keyboard's Enter/Delete and Alt+]/Alt+[, and "accept all ≥ X". Every decision is an ordinary update of the
 * label's state through commitEdit (annotateActions.ts), so undo, history and autosave are the same as for
 * every other edit.
 */
import type { AppApi } from '../../shared/api/contract';
import type { Label } from '../../shared/api/labels.contract';
import type { AnnotateStore } from './annotateStore';
import { acceptLabel, deleteSelected } from './annotateActions';
import { depthProposals, isProposal, neighbourLabel, proposalsAtLeast } from './labelOps';

/** After deciding a proposal from the keyboard, the next pending one (in depth order) is selected. */
function selectNextProposalAfter(store: AnnotateStore, decidedId: string): void {
  const s = store.getState();
  const pending = depthProposals(s.labels, s.schema?.classes ?? []);
  if (pending.length === 0) return;
  const decided = s.labels.find((l) => l.id === decidedId);
  const after = decided?.depth !== null && decided?.depth !== undefined ? pending.find((l) => l.depth! >= decided.depth!) : undefined;
  store.setState({ selectedId: (after ?? pending[0]!).id });
}

/** The Enter key: accept the selected proposal and move on to the next one. */
export function acceptSelected(store: AnnotateStore, api: AppApi): Promise<void> {
  const s = store.getState();
  const label = s.labels.find((l) => l.id === s.selectedId);
  if (!label || !isProposal(label)) return Promise.resolve();
  const done = acceptLabel(store, api, label.id);
  selectNextProposalAfter(store, label.id);
  return done;
}

/** Delete on a proposal, from the keyboard: reject it and move on to the next one. */
export function deleteSelectedAndMoveOn(store: AnnotateStore, api: AppApi): Promise<void> {
  const s = store.getState();
  const label = s.labels.find((l) => l.id === s.selectedId);
  const done = deleteSelected(store, api);
  if (label && isProposal(label)) selectNextProposalAfter(store, label.id);
  return done;
}

/**
 * Accept every pending proposal of the open file (points, ranges and attributes) whose confidence is at least
 * `threshold`, one edit each, in depth order. Returns how many were accepted.
 */
export async function acceptAllAtLeast(store: AnnotateStore, api: AppApi, threshold: number): Promise<number> {
  const s = store.getState();
  if (s.fileId === null || !Number.isFinite(threshold)) return 0;
  const chosen = proposalsAtLeast(s.labels, threshold).sort((a, b) => (a.depth ?? Infinity) - (b.depth ?? Infinity) || a.id.localeCompare(b.id));
  const done = chosen.map((l) => acceptLabel(store, api, l.id));
  // Each accept would select its label; the selection stays where the user had it.
  store.setState({ selectedId: s.selectedId });
  await Promise.all(done);
  return chosen.length;
}

/**
 * Alt+] / Alt+[: the next/previous pending proposal in depth order (wrapping). From a label that is not a
 * proposal, the first proposal deeper (or shallower) than it.
 */
export function selectNeighbourProposal(store: AnnotateStore, step: 1 | -1): void {
  const s = store.getState();
  const pending = depthProposals(s.labels, s.schema?.classes ?? []);
  if (pending.length === 0) return;
  const current = s.labels.find((l) => l.id === s.selectedId);
  let next: Label | null;
  if (current && !isProposal(current) && current.depth !== null) {
    const d = current.depth;
    next = (step === 1 ? pending.find((l) => l.depth! > d) : [...pending].reverse().find((l) => l.depth! < d)) ?? (step === 1 ? pending[0]! : pending.at(-1)!);
  } else next = neighbourLabel(pending, current ? current.id : null, step);
  if (next) store.setState({ selectedId: next.id });
}

