/**
 * The labels API (labels.*, files.getReview/setReview) over the label stores.
 *
 * Who and when: every write is stamped with the annotator from settings ('anonymous' when unset) and the
 * current time. Side effect worth knowing: the first human label on an 'unlabelled' file moves it to
 * 'in_progress' in the same transaction (LabelStore.apply).
 *
 * `labels.changed` is emitted after each committed label edit and review change, so other windows refetch.
 */
import type { Handlers } from '../../shared/api/contract';
import type { BackendContext } from '../backend/context';
import { FileReviewStore } from './fileReview';
import { LabelSchemaStore } from './labelSchemaStore';
import { LabelStore } from './labelStore';

type LabelHandlers = Pick<Handlers, 'labels.getSchema' | 'labels.setSchema' | 'labels.list' | 'labels.apply' | 'labels.history' | 'files.getReview' | 'files.setReview'>;

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
      const { seq, label, before } = labels.apply(edit, annotator());
      ctx.events.emit('labels.changed', { fileId: edit.fileId });
      return { seq, label, before };
    },
    'labels.history': ({ fileId }) => labels.history(fileId),
    'files.getReview': ({ fileId }) => review.get(fileId),
    'files.setReview': ({ fileId, status, verdict }) => {
      const result = review.set(fileId, { status, verdict }, annotator());
      ctx.events.emit('labels.changed', { fileId });
      return result;
    },
  };
}
