/**
 * The label-travel requests (labels.installation, labels.exportEvents, labels.importEvents,
 * labels.conflicts, labels.resolveConflict) over LabelTravel. A resolution is stamped with the annotator
 * from settings, as every label edit is (labelHandlers.ts); every file whose labels an applied import or a
 * resolution changed gets one `labels.changed` with its newest seq, after the commit.
 */
import type { Handlers } from '../../../shared/api/contract';
import type { BackendContext } from '../../services/handlerContext';
import { ANONYMOUS } from '../labelHandlers';
import { LabelTravel } from './labelTravel';

type LabelSyncHandlers = Pick<Handlers, 'labels.installation' | 'labels.exportEvents' | 'labels.importEvents' | 'labels.conflicts' | 'labels.resolveConflict'>;

export function labelSyncHandlers(ctx: BackendContext): LabelSyncHandlers {
  const travel = new LabelTravel(ctx.db);
  const annotator = (): string => ctx.settings.get().annotator.trim() || ANONYMOUS;
  return {
    'labels.installation': () => ({ installationId: travel.installationId() }),
    'labels.exportEvents': ({ fileIds }) => travel.exportEvents(fileIds ?? null),
    'labels.importEvents': ({ jsonl, name, apply }) => {
      const result = travel.importEvents(jsonl, name ?? 'events file', apply);
      if (result.applied) for (const { fileId } of result.files) ctx.events.emit('labels.changed', { fileId, seq: travel.seqOf(fileId) });
      return result;
    },
    'labels.conflicts': ({ fileId, resolved }) => travel.listConflicts({ fileId, resolved }),
    'labels.resolveConflict': ({ id, keep }) => {
      const result = travel.resolve(id, keep, annotator());
      ctx.events.emit('labels.changed', { fileId: result.conflict.fileId, seq: result.seq });
      return result;
    },
  };
}
