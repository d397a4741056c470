/**
 * The open file's model proposals: when a file opens and a model is active, the back end predicts it and
 * stores the predictions as proposals (models.proposeFile; nothing is done when that model proposed on the
 * file already, e.g. in a batch run). The proposals then arrive like any change made elsewhere
 * (labels.changed → remoteLabels.ts) and are reviewed with the same keys as the stop-code proposals. What
 * happened is kept here for the note in the label side bar; a failure (a model whose channels the file lacks)
 * is said there and never stops the annotation view.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppApi } from '../../../shared/api/contract';
import type { ProposeFileResult } from '../../../shared/api/models.contract';

export type FileProposalsState =
  | { phase: 'idle'; fileId: number | null }
  | { phase: 'running'; fileId: number }
  | { phase: 'done'; fileId: number; result: ProposeFileResult }
  | { phase: 'failed'; fileId: number; message: string };

export type FileProposalsStore = StoreApi<FileProposalsState>;

export function createFileProposalsStore(): FileProposalsStore {
  return createStore<FileProposalsState>()(() => ({ phase: 'idle', fileId: null }));
}

export const fileProposalsStore = createFileProposalsStore();

export function useFileProposals<T>(selector: (s: FileProposalsState) => T): T {
  return useStore(fileProposalsStore, selector);
}

/** Ask the back end to pre-annotate `fileId`; a later file opened meanwhile wins. */
export async function proposeForFile(store: FileProposalsStore, api: AppApi, fileId: number): Promise<void> {
  store.setState({ phase: 'running', fileId }, true);
  try {
    const result = await api.invoke('models.proposeFile', { fileId });
    if (store.getState().fileId === fileId) store.setState({ phase: 'done', fileId, result }, true);
  } catch (err) {
    if (store.getState().fileId === fileId) store.setState({ phase: 'failed', fileId, message: err instanceof Error ? err.message : String(err) }, true);
  }
}

/** What the note says; null when there is nothing worth saying (no active model). */
export function fileProposalsText(s: FileProposalsState): string | null {
  switch (s.phase) {
    case 'idle':
      return null;
    case 'running':
      return 'Model: predicting this file…';
    case 'failed':
      return `Model: no predictions for this file: ${s.message}`;
    case 'done': {
      const r = s.result;
      if (r.modelId === null) return null;
      if (!r.stored) return `Model ${r.modelId}: its proposals for this file are in the table (made earlier).`;
      const kept = r.skipped ? `; ${r.skipped} not proposed (a decided label of that class exists)` : '';
      return `Model ${r.modelId}: ${r.created} proposal${r.created === 1 ? '' : 's'} made${kept}.`;
    }
  }
}
