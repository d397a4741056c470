/**
 * The autolabel.* API over AutolabelService. Progress goes out as `autolabel.progress` events; a commit emits
 * `labels.changed` for each file whose labels it changed (with the file's newest event seq), as a label edit
 * does, so open annotation views refetch.
 */
import type { Handlers } from '../../../shared/api/contract';
import type { BackendContext } from '../../services/handlerContext';
import { FileReviewStore } from '../fileReview';
import { ANONYMOUS } from '../labelHandlers';
import { LabelSchemaStore } from '../labelSchemaStore';
import { LabelStore } from '../labelStore';
import { AutolabelService } from './autolabelService';
import { catalogProposals } from './catalogProposals';

type AutolabelHandlers = Pick<Handlers, 'autolabel.run' | 'autolabel.cancel' | 'autolabel.file' | 'autolabel.commit' | 'autolabel.discard'>;

export function autolabelHandlers(ctx: BackendContext): AutolabelHandlers {
  const schema = new LabelSchemaStore(ctx.db);
  const labels = new LabelStore(ctx.db, schema, new FileReviewStore(ctx.db));
  const service = new AutolabelService({
    db: ctx.db,
    labels,
    compute: catalogProposals(ctx.db, schema),
    annotator: () => ctx.settings.get().annotator.trim() || ANONYMOUS,
  });
  // Registered after the catalog's close, so it runs before it: a run or commit ends before the handle goes.
  ctx.onDispose(() => service.stop());
  return {
    'autolabel.run': (input) => service.run(input, (jobId, p) => ctx.events.emit('autolabel.progress', { jobId, ...p })),
    'autolabel.cancel': ({ jobId }) => ({ cancelled: service.cancel(jobId) }),
    'autolabel.file': ({ jobId, fileId }) => service.file(jobId, fileId),
    'autolabel.commit': ({ jobId, acceptAbove }) => service.commit(jobId, acceptAbove, (fileId, seq) => ctx.events.emit('labels.changed', { fileId, seq })),
    'autolabel.discard': ({ jobId }) => ({ discarded: service.discard(jobId) }),
  };
}
