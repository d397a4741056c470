/**
 * The annotation store's bookkeeping that is not state to render: the edit queue, edits in flight, and the
 * revisions (the back end's label event seqs) that decide whether a snapshot of the labels is newer than
 * what the store shows. Shared by the actions (annotateActions.ts) and the follower of other windows'
 * edits (remoteLabels.ts).
 */
import type { LabelSnapshot } from '../../shared/api/labels.contract';
import type { AnnotateState, AnnotateStore } from './annotateStore';

export interface Bookkeeping {
  queue: Promise<void>;
  /** Per label id: edits sent and not answered yet (the local copy is newer than any answer). */
  pending: Map<string, number>;
  /** Guards against a slow load of a file the user has already left. */
  loadSeq: number;
  /** Edits (labels and review) started in this store so far: a snapshot asked for before one may predate it. */
  edits: number;
  /** The seq the store's labels are at: that of the last snapshot taken, or the newest of our own edits since. */
  revision: { fileId: number; seq: number } | null;
  /** Seqs of this store's own edits whose `labels.changed` echo has not been seen (kept only while followed). */
  ownSeqs: Set<number>;
  /** Set by followRemoteLabels: called whenever the store may have become idle (no edit in flight, loaded). */
  onIdle: (() => void) | null;
}

const books = new WeakMap<AnnotateStore, Bookkeeping>();

export function book(store: AnnotateStore): Bookkeeping {
  let b = books.get(store);
  if (!b) books.set(store, (b = { queue: Promise.resolve(), pending: new Map(), loadSeq: 0, edits: 0, revision: null, ownSeqs: new Set(), onIdle: null }));
  return b;
}

/** No edit in flight and no file loading: a snapshot taken now holds everything this store has done. */
export function isIdle(s: Pick<AnnotateState, 'saving' | 'loading'>): boolean {
  return s.saving === 0 && !s.loading;
}

/** Our own edit `seq` of `fileId` is durable: the store's labels include it. */
export function noteOwnEdit(store: AnnotateStore, fileId: number, seq: number): void {
  const b = book(store);
  if (b.onIdle) b.ownSeqs.add(seq);
  if (b.revision?.fileId === fileId && seq > b.revision.seq) b.revision = { fileId, seq };
}

export interface TakeOptions {
  /** Take it whatever its seq: a file opened afresh, or after a refused edit (the back end's word is all there is). */
  force?: boolean;
  /** More state to set in the same update. */
  also?: Partial<AnnotateState>;
}

/**
 * Show a snapshot of the open file's labels and review, unless it is older than what the store shows (its
 * seq below the store's revision: it was read before an edit the store already holds). Returns whether it
 * was taken.
 */
export function takeSnapshot(store: AnnotateStore, snap: LabelSnapshot, options: TakeOptions = {}): boolean {
  const b = book(store);
  const s = store.getState();
  if (s.fileId !== snap.fileId) return false;
  if (!options.force && b.revision?.fileId === snap.fileId && snap.seq < b.revision.seq) return false;
  b.revision = { fileId: snap.fileId, seq: snap.seq };
  // A label deleted elsewhere cannot stay selected.
  const selectedId = s.selectedId !== null && snap.labels.some((l) => l.id === s.selectedId) ? s.selectedId : null;
  store.setState({ ...options.also, labels: snap.labels, review: { status: snap.review.status, verdict: snap.review.verdict }, selectedId });
  return true;
}
