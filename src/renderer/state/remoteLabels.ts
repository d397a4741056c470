/**
 * Edits made elsewhere (another window, the CLI, a second browser on the web host) appear in the open file
 * without reopening it. The back end emits `labels.changed` after every committed label edit (with its
 * seq) and review change; the store then takes a fresh `labels.snapshot` — but never over its own work:
 *
 * - its own edits' echoes (their seq is one `labels.apply` answered) are ignored;
 * - nothing is fetched while an edit of its own is in flight or the file is loading: the snapshot is asked
 *   for once the store is idle, so it holds those edits too;
 * - a snapshot is dropped if an edit started while it was on its way, or if its seq is below the store's
 *   revision (read before an edit the store already holds); it is asked for again once idle.
 * Events for other files are ignored: opening a file always loads it fresh.
 */
import type { AppApi, Unsubscribe } from '../../shared/api/contract';
import type { AnnotateStore } from './annotateStore';
import { book, isIdle, takeSnapshot } from './labelBook';

interface Follow {
  /** The file the events below are about. */
  fileId: number | null;
  /** Seqs of edits heard of and not known to be in the store. */
  unseen: Set<number>;
  /** A change without a seq (review) or a dropped snapshot: fetch whatever. */
  dirty: boolean;
  fetching: boolean;
}

/** Follow `labels.changed` for the store's open file; returns how to stop. */
export function followRemoteLabels(store: AnnotateStore, api: AppApi): Unsubscribe {
  const b = book(store);
  const f: Follow = { fileId: null, unseen: new Set(), dirty: false, fetching: false };
  let stopped = false;

  const tick = (): void => {
    if (stopped || f.fetching) return;
    const s = store.getState();
    if (s.fileId === null || s.fileId !== f.fileId) {
      f.unseen.clear();
      f.dirty = false;
      return;
    }
    if (!isIdle(s)) return; // called again when the store is idle
    for (const seq of f.unseen) if (b.ownSeqs.delete(seq)) f.unseen.delete(seq);
    if (f.unseen.size === 0 && !f.dirty) return;
    f.unseen.clear();
    f.dirty = false;
    f.fetching = true;
    const fileId = s.fileId;
    const editsBefore = b.edits;
    api.invoke('labels.snapshot', { fileId }).then(
      (snap) => {
        f.fetching = false;
        if (stopped || store.getState().fileId !== fileId) return;
        const untouched = b.edits === editsBefore && isIdle(store.getState());
        if (!untouched || !takeSnapshot(store, snap)) f.dirty = true;
        tick();
      },
      () => {
        // Not fetched (back end gone, file deleted): the next change tries again.
        f.fetching = false;
      },
    );
  };

  const off = api.on('labels.changed', ({ fileId, seq }) => {
    if (fileId !== store.getState().fileId) return;
    if (f.fileId !== fileId) {
      f.fileId = fileId;
      f.unseen.clear();
      f.dirty = false;
    }
    if (seq === undefined) f.dirty = true;
    else if (!b.ownSeqs.delete(seq)) f.unseen.add(seq); // an echo may come before its apply answers: checked again in tick
    tick();
  });
  b.onIdle = tick;
  return () => {
    stopped = true;
    off();
    if (b.onIdle === tick) b.onIdle = null;
    b.ownSeqs.clear();
  };
}
