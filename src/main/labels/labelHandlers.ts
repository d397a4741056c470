/**
 * The labels API (labels.*, files.getReview/setReview) over the label stores.
 *
 * Who and when: every write is stamped with the annotator from settings ('anonymous' when unset) and the
 * current time. Side effect worth knowing: the first human label on an 'unlabelled' file moves it to
 * 'in_progress' in the same transaction (LabelStore.apply).
 *
 * `labels.changed` is emitted after each committed label edit (with the edit's seq) and review change, so
 * other windows refetch (`labels.snapshot`) — and the window that made the edit can tell its own echo by the seq.
 */
import type { Handlers } from '../../shared/api/contract';
import type { BackendContext } from '../services/handlerContext';
import { FileReviewStore } from './fileReview';
import { LabelSchemaStore } from './labelSchemaStore';
import { LabelStore } from './labelStore';

type LabelHandlers = Pick<
  Handlers,
  'labels.getSchema' | 'labels.setSchema' | 'labels.list' | 'labels.apply' | 'labels.history' | 'labels.snapshot' | 'files.getReview' | 'files.setReview'
>;

export const ANONYMOUS = 'anonymous';

export function labelHandlers(ctx: BackendContext): LabelHandlers {
  const schema = new LabelSchemaStore(ctx.db);
  const review = new FileReviewStore(ctx.db);
  const labels = new LabelStore(ctx.db, schema, review);
  const annotator = (): string => ctx.settings.get().annotator.trim() || ANONYMOUS;

  return {
    'labels.getSchema': () => schema.get(),
    'labels.setSchema': (input) => schema.set(input),
    'labels.list': ({ fileId }) => labels.list(fileId),
    'labels.apply': (edit) => {
      const { seq, label, before, started } = labels.apply(edit, annotator());
      ctx.events.emit('labels.changed', { fileId: edit.fileId, seq });
      return { seq, label, before, started };
    },
    'labels.history': ({ fileId }) => labels.history(fileId),
    // One read transaction: the labels, the review and the seq describe the same moment, even with the CLI
    // writing the catalog from another process.
    'labels.snapshot': ({ fileId }) =>
      ctx.db.transaction(() => ({ fileId, labels: labels.list(fileId), review: review.get(fileId), seq: labels.latestSeq(fileId) }))(),
    'files.getReview': ({ fileId }) => review.get(fileId),
    'files.setReview': ({ fileId, status, verdict }) => {
      const result = review.set(fileId, { status, verdict }, annotator());
      ctx.events.emit('labels.changed', { fileId });
      return result;
    },
  };
}
