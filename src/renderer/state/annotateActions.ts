/**
 * Actions of the annotation workspace: plain functions over (store, api), unit-tested without React.
 *
 * Durability: every edit is sent at once through `labels.apply` (one transaction per edit). Edits are applied
 * to the local list immediately (keys feel instant) and sent strictly in order through one queue, so the
 * back end sees them exactly as the user made them. The save indicator says "saved" only after every sent
 * edit has resolved.
 *
 * Undo: the shared undo stack (src/shared/labels/undoStack.ts). Bookkeeping happens synchronously in key
 * order, with the before/after taken from the local list; undo and redo send the inverse/original edit
 * through `labels.apply` like any other edit, so they are durable and in the history. If the back end ever
 * refuses an edit, the labels are re-read from it and that file's undo history is cleared (it would no longer
 * describe what is stored).
 *
 * Proposals (labels in state 'proposed') are decided through the same path: accept and reject are updates of
 * the state, a move is an update of the depth that the back end turns into a human label (applyLocal mirrors
 * that, so the undo entry restores source and state too). Nothing here ever counts a proposal as a label.
 *
 * Edits made elsewhere reach the open file through remoteLabels.ts, which never lets them overwrite an edit
 * of this store still in flight (see labelBook.ts for the bookkeeping both share).
 */
import type { AppApi } from '../../shared/api/contract';
import type { LabelStatus, Verdict } from '../../shared/api/catalog.contract';
import type { Label, LabelClass, LabelEdit } from '../../shared/api/labels.contract';
import { emptyUndoStack, recordEdit, takeRedo, takeUndo, type UndoStack } from '../../shared/labels/undoStack';
import { labelProblems } from '../../shared/labels/validateLabel';
import type { AnnotateState, AnnotateStore, ViewOptions } from './annotateStore';
import { book, noteOwnEdit, takeSnapshot } from './labelBook';
import {
  applyLocal,
  attributeLabel,
  depthLabels,
  editLabelId,
  humanPoint,
  isProposal,
  neighbourLabel,
  newLabelId,
  nudgePatch,
  roundDepth,
} from './labelOps';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Run `task` after everything queued before it; the saving counter covers its whole life. */
function enqueue(store: AnnotateStore, task: () => Promise<void>): Promise<void> {
  const b = book(store);
  b.edits++;
  store.setState((s) => ({ saving: s.saving + 1 }));
  const run = b.queue.then(task).finally(() => {
    store.setState((s) => ({ saving: s.saving - 1 }));
    if (store.getState().saving === 0) b.onIdle?.();
  });
  b.queue = run.catch(() => undefined);
  return run;
}

/** Resolves once every edit queued so far has been answered. */
export function whenSaved(store: AnnotateStore): Promise<void> {
  return book(store).queue;
}

export function classOf(state: Pick<AnnotateState, 'schema'>, classId: string): LabelClass | null {
  return state.schema?.classes.find((c) => c.id === classId) ?? null;
}

async function resync(store: AnnotateStore, api: AppApi, fileId: number): Promise<void> {
  try {
    takeSnapshot(store, await api.invoke('labels.snapshot', { fileId }), { force: true });
  } catch {
    // The error already shown is the one that matters.
  }
}

async function refreshReview(store: AnnotateStore, api: AppApi, fileId: number): Promise<void> {
  try {
    const r = await api.invoke('files.getReview', { fileId });
    if (store.getState().fileId === fileId) store.setState({ review: { status: r.status, verdict: r.verdict } });
  } catch {
    // The next snapshot of the file brings the status.
  }
}

type Mode = 'record' | 'undo' | 'redo';

/**
 * Apply one edit locally now and durably in order. Returns the promise of its confirmation (rejections are
 * turned into the save-error state, never thrown).
 */
export function commitEdit(store: AnnotateStore, api: AppApi, edit: LabelEdit, mode: Mode = 'record', prepared?: UndoStack): Promise<void> {
  const b = book(store);
  const state = store.getState();
  const id = editLabelId(edit);
  const isOpen = state.fileId === edit.fileId;

  if (isOpen) {
    const before = state.labels.find((l) => l.id === id) ?? null;
    const labels = applyLocal(state.labels, edit);
    const after = labels.find((l) => l.id === id) ?? null;
    const undo = { ...state.undo };
    if (mode === 'record') undo[edit.fileId] = recordEdit(undo[edit.fileId] ?? emptyUndoStack(edit.fileId), edit, { label: after, before });
    else if (prepared) undo[edit.fileId] = prepared;
    const selectedId = edit.op === 'delete' ? (state.selectedId === id ? null : state.selectedId) : after && after.depth !== null ? id : state.selectedId;
    store.setState({ labels, undo, selectedId, saveError: null });
  }
  b.pending.set(id, (b.pending.get(id) ?? 0) + 1);

  return enqueue(store, async () => {
    try {
      const res = await api.invoke('labels.apply', edit);
      noteOwnEdit(store, edit.fileId, res.seq);
      const left = (b.pending.get(id) ?? 1) - 1;
      if (left > 0) b.pending.set(id, left);
      else b.pending.delete(id);
      const s = store.getState();
      const patch: Partial<AnnotateState> = { savedOnce: true };
      if (s.fileId === edit.fileId) {
        if (left === 0) {
          // Nothing newer is on its way for this label: take the back end's copy (annotator, timestamps).
          const confirmed = res.label;
          patch.labels = confirmed ? s.labels.map((l) => (l.id === id ? confirmed : l)) : s.labels.filter((l) => l.id !== id);
        }
        // The back end moved the file from unlabelled to in progress (its first human label).
        if (res.started && s.review) patch.review = { ...s.review, status: 'in_progress' };
      }
      store.setState(patch);
      // Its last confirmed label gone, the back end may have made the file unlabelled again: ask, not guess.
      if (s.fileId === edit.fileId && res.before?.state === 'confirmed' && res.label?.state !== 'confirmed' && !s.labels.some((l) => l.state === 'confirmed')) {
        await refreshReview(store, api, edit.fileId);
      }
    } catch (err) {
      b.pending.delete(id);
      store.setState((s) => ({ saveError: errorText(err), undo: { ...s.undo, [edit.fileId]: emptyUndoStack(edit.fileId) } }));
      await resync(store, api, edit.fileId);
    }
  });
}

/** Open a file: its detail, labels and review (and the schema once). Labels wait for edits still in flight. */
export async function openFile(store: AnnotateStore, api: AppApi, fileId: number): Promise<void> {
  const b = book(store);
  const seq = ++b.loadSeq;
  if (typeof performance !== 'undefined') performance.mark('udw:open', { detail: { fileId } });
  const before = store.getState();
  store.setState({
    fileId,
    detail: null,
    // Empty already (the session's first open, a file without labels): the same array and object, so the
    // views that read them (plot, label table, readouts, comparison) are not rendered again for nothing.
    labels: before.labels.length === 0 ? before.labels : [],
    review: null,
    loading: true,
    loadError: null,
    selectedId: null,
    pendingRange: null,
    armedClassId: null,
    viewRange: null,
    cursorDepth: null,
    // The crosshair, ruler, zoom history and y ranges belong to the file they were made on.
    cursorX: null,
    cursorBy: null,
    plotHint: null,
    yRanges: Object.keys(before.yRanges).length === 0 ? before.yRanges : {},
    zoomHistory: before.zoomHistory.length === 0 ? before.zoomHistory : [],
    zoomStep: null,
    ruler: null,
  });
  try {
    const schemaP = store.getState().schema ? Promise.resolve(store.getState().schema!) : api.invoke('labels.getSchema', {});
    const detailP = api.invoke('catalog.getFile', { id: fileId });
    await b.queue;
    const [schemaR, detailR, snapR] = await Promise.allSettled([schemaP, detailP, api.invoke('labels.snapshot', { fileId })]);
    if (b.loadSeq !== seq) return;
    // All three settle before one error is shown, and always the same one: the file's own ("no file with id …")
    // says most, then the labels', then the schema's — not whichever answer happened to arrive first.
    for (const r of [detailR, snapR, schemaR]) if (r.status === 'rejected') throw r.reason;
    if (schemaR.status !== 'fulfilled' || detailR.status !== 'fulfilled' || snapR.status !== 'fulfilled') return;
    takeSnapshot(store, snapR.value, { force: true, also: { schema: schemaR.value, detail: detailR.value, loading: false } });
  } catch (err) {
    if (b.loadSeq !== seq) return;
    store.setState({ loading: false, loadError: errorText(err) });
  }
  // Changes heard of while loading are fetched now.
  b.onIdle?.();
}

export async function loadSchema(store: AnnotateStore, api: AppApi): Promise<void> {
  const schema = await api.invoke('labels.getSchema', {});
  store.setState({ schema });
}

function refuse(store: AnnotateStore, message: string): Promise<void> {
  store.setState({ saveError: message });
  return Promise.resolve();
}

/** Check a label against its class before sending it (the back end applies the same rules). */
function problemsOf(store: AnnotateStore, label: Pick<Label, 'id' | 'classId' | 'depth' | 'depthEnd' | 'value'>): string | null {
  const cls = classOf(store.getState(), label.classId);
  if (!cls) return `unknown label class '${label.classId}'`;
  const problems = labelProblems(label, cls);
  return problems.length ? problems.join('; ') : null;
}

/** Place a point of `classId` at `depth`: moves this class's human point if there is one, else creates it. */
export function placePoint(store: AnnotateStore, api: AppApi, classId: string, depth: number): Promise<void> {
  const s = store.getState();
  if (s.fileId === null) return Promise.resolve();
  const d = roundDepth(depth);
  const existing = humanPoint(s.labels, classId);
  if (existing) {
    store.setState({ selectedId: existing.id });
    if (existing.depth === d) return Promise.resolve();
    return commitEdit(store, api, { op: 'update', fileId: s.fileId, id: existing.id, patch: { depth: d } });
  }
  const label = { id: newLabelId(), classId, depth: d, depthEnd: null, value: null };
  const problem = problemsOf(store, label);
  if (problem) return refuse(store, problem);
  return commitEdit(store, api, { op: 'create', fileId: s.fileId, label: { ...label, source: 'human' } });
}

/** Create a range of `classId` between two depths (in either order). */
export function createRange(store: AnnotateStore, api: AppApi, classId: string, a: number, b: number): Promise<void> {
  const s = store.getState();
  if (s.fileId === null) return Promise.resolve();
  const label = { id: newLabelId(), classId, depth: roundDepth(Math.min(a, b)), depthEnd: roundDepth(Math.max(a, b)), value: null };
  const problem = problemsOf(store, label);
  if (problem) return refuse(store, problem);
  store.setState({ pendingRange: null, armedClassId: null });
  return commitEdit(store, api, { op: 'create', fileId: s.fileId, label: { ...label, source: 'human' } });
}

/** A range hotkey: the first press marks the start at `depth`, the second press (same class) the end. */
export function rangeKey(store: AnnotateStore, api: AppApi, classId: string, depth: number): Promise<void> {
  const pending = store.getState().pendingRange;
  if (pending && pending.classId === classId) return createRange(store, api, classId, pending.start, depth);
  store.setState({ pendingRange: { classId, start: roundDepth(depth) } });
  return Promise.resolve();
}

/**
 * Move a label to exact depths (drag release, typed value). Ignored when nothing changes. Moving a proposal
 * makes it a confirmed human label that remembers what was proposed (the back end decides; applyLocal agrees).
 */
export function moveLabel(store: AnnotateStore, api: AppApi, id: string, depth: number, depthEnd?: number | null): Promise<void> {
  const s = store.getState();
  const label = s.labels.find((l) => l.id === id);
  // A rejected proposal is hidden, not editable: moving it would quietly make it a label (restore it first).
  if (!label || s.fileId === null || label.state === 'rejected') return Promise.resolve();
  const patch: { depth?: number; depthEnd?: number } = {};
  const d = roundDepth(depth);
  if (d !== label.depth) patch.depth = d;
  if (depthEnd !== undefined && depthEnd !== null && roundDepth(depthEnd) !== label.depthEnd) patch.depthEnd = roundDepth(depthEnd);
  if (Object.keys(patch).length === 0) return Promise.resolve();
  const problem = problemsOf(store, { ...label, ...patch });
  if (problem) return refuse(store, problem);
  return commitEdit(store, api, { op: 'update', fileId: s.fileId, id, patch });
}

export function nudgeSelected(store: AnnotateStore, api: AppApi, delta: number): Promise<void> {
  const s = store.getState();
  const label = s.labels.find((l) => l.id === s.selectedId);
  if (!label || label.depth === null || s.fileId === null || label.state === 'rejected') return Promise.resolve();
  const patch = nudgePatch(label, delta);
  const problem = problemsOf(store, { ...label, ...patch });
  if (problem) return refuse(store, problem);
  return commitEdit(store, api, { op: 'update', fileId: s.fileId, id: label.id, patch });
}

export function deleteLabel(store: AnnotateStore, api: AppApi, id: string): Promise<void> {
  const s = store.getState();
  if (s.fileId === null || !s.labels.some((l) => l.id === id)) return Promise.resolve();
  return commitEdit(store, api, { op: 'delete', fileId: s.fileId, id });
}

/**
 * The Delete key: a pending proposal is rejected (kept as rejected, so the agreement report counts it and a
 * re-run does not propose it again), a confirmed label is deleted, a rejected one is left alone.
 */
export function deleteSelected(store: AnnotateStore, api: AppApi): Promise<void> {
  const s = store.getState();
  const label = s.labels.find((l) => l.id === s.selectedId);
  if (!label) return Promise.resolve();
  if (isProposal(label)) return rejectLabel(store, api, label.id);
  if (label.state === 'rejected') return Promise.resolve();
  return deleteLabel(store, api, label.id);
}

/** Set a label's state through the ordinary edit path (undo, history, autosave). */
function changeState(store: AnnotateStore, api: AppApi, id: string, from: Label['state'], to: Label['state']): Promise<void> {
  const s = store.getState();
  const label = s.labels.find((l) => l.id === id);
  if (s.fileId === null || !label || label.state !== from) return Promise.resolve();
  return commitEdit(store, api, { op: 'update', fileId: s.fileId, id, patch: { state: to } });
}

/** Accept a proposal: it becomes a label as proposed (source and provenance kept). */
export function acceptLabel(store: AnnotateStore, api: AppApi, id: string): Promise<void> {
  return changeState(store, api, id, 'proposed', 'confirmed');
}

/** Reject a proposal: hidden from the plot, counted as nothing, remembered as rejected. */
export function rejectLabel(store: AnnotateStore, api: AppApi, id: string): Promise<void> {
  return changeState(store, api, id, 'proposed', 'rejected');
}

/** Bring a rejected proposal back for another look. */
export function restoreLabel(store: AnnotateStore, api: AppApi, id: string): Promise<void> {
  return changeState(store, api, id, 'rejected', 'proposed');
}

/** Set (or clear, with null / '') a whole-file attribute. */
export function setAttribute(store: AnnotateStore, api: AppApi, classId: string, value: number | boolean | string | null): Promise<void> {
  const s = store.getState();
  if (s.fileId === null) return Promise.resolve();
  const existing = attributeLabel(s.labels, classId);
  const empty = value === null || (typeof value === 'string' && value.trim() === '') || (typeof value === 'number' && !Number.isFinite(value));
  // Clearing a proposed value turns the proposal down; clearing a label deletes it.
  if (empty && existing && isProposal(existing)) return rejectLabel(store, api, existing.id);
  if (empty) return existing ? commitEdit(store, api, { op: 'delete', fileId: s.fileId, id: existing.id }) : Promise.resolve();
  if (existing) {
    // Choosing the proposed value again is accepting it; another value makes it the human's (origin kept).
    if (existing.value === value) return isProposal(existing) ? acceptLabel(store, api, existing.id) : Promise.resolve();
    const problem = problemsOf(store, { ...existing, value });
    if (problem) return refuse(store, problem);
    return commitEdit(store, api, { op: 'update', fileId: s.fileId, id: existing.id, patch: { value } });
  }
  const label = { id: newLabelId(), classId, depth: null, depthEnd: null, value };
  const problem = problemsOf(store, label);
  if (problem) return refuse(store, problem);
  return commitEdit(store, api, { op: 'create', fileId: s.fileId, label: { ...label, source: 'human' } });
}

function undoRedo(store: AnnotateStore, api: AppApi, take: typeof takeUndo): Promise<void> {
  const s = store.getState();
  if (s.fileId === null) return Promise.resolve();
  const stack = s.undo[s.fileId];
  const step = stack ? take(stack) : null;
  if (!step) return Promise.resolve();
  return commitEdit(store, api, step.edit, take === takeUndo ? 'undo' : 'redo', step.stack);
}

export const undo = (store: AnnotateStore, api: AppApi): Promise<void> => undoRedo(store, api, takeUndo);
export const redo = (store: AnnotateStore, api: AppApi): Promise<void> => undoRedo(store, api, takeRedo);

/** Status and/or verdict of the open file. */
export function setReview(store: AnnotateStore, api: AppApi, change: { status?: LabelStatus; verdict?: Verdict | null }): Promise<void> {
  const s = store.getState();
  const fileId = s.fileId;
  if (fileId === null || !s.review) return Promise.resolve();
  store.setState({ review: { status: change.status ?? s.review.status, verdict: change.verdict === undefined ? s.review.verdict : change.verdict } });
  return enqueue(store, async () => {
    try {
      const r = await api.invoke('files.setReview', { fileId, ...change });
      if (store.getState().fileId === fileId) store.setState({ review: { status: r.status, verdict: r.verdict }, savedOnce: true });
      else store.setState({ savedOnce: true });
    } catch (err) {
      store.setState({ saveError: errorText(err) });
      await resync(store, api, fileId);
    }
  });
}

export function select(store: AnnotateStore, id: string | null): void {
  store.setState({ selectedId: id });
}

export function selectNeighbour(store: AnnotateStore, step: 1 | -1): void {
  const s = store.getState();
  const next = neighbourLabel(depthLabels(s.labels, s.schema?.classes ?? []), s.selectedId, step);
  if (next) store.setState({ selectedId: next.id });
}

export function armClass(store: AnnotateStore, classId: string | null): void {
  store.setState((s) => ({ armedClassId: s.armedClassId === classId ? null : classId, pendingRange: null }));
}

/** Escape: cancel the most specific thing first. */
export function cancel(store: AnnotateStore): void {
  const s = store.getState();
  if (s.helpOpen) store.setState({ helpOpen: false });
  else if (s.pendingRange || s.armedClassId) store.setState({ pendingRange: null, armedClassId: null });
  else if (s.ruler) store.setState({ ruler: null });
  else store.setState({ selectedId: null });
  if (s.plotHint) store.setState({ plotHint: null });
}

export function setView(store: AnnotateStore, patch: Partial<ViewOptions>): void {
  store.setState((s) => {
    if (!patch.xMode || patch.xMode === s.view.xMode) return { view: { ...s.view, ...patch } };
    // Ranges, the crosshair and the ruler are in the old mode's x units.
    return { view: { ...s.view, ...patch }, viewRange: null, zoomHistory: [], zoomStep: null, cursorX: null, cursorDepth: null, cursorBy: null, ruler: null };
  });
}
