/**
 * The label-sheet requests (labels.exportSheet, labels.previewSheet, labels.applySheet) over SheetService.
 * Writes are stamped with the annotator from settings, as every label edit is (labelHandlers.ts), and each
 * changed file gets one `labels.changed` with its newest seq once the apply has committed.
 */
import type { Handlers } from '../../../shared/api/contract';
import type { BackendContext } from '../../services/handlerContext';
import { FileReviewStore } from '../fileReview';
import { ANONYMOUS } from '../labelHandlers';
import { LabelSchemaStore } from '../labelSchemaStore';
import { LabelStore } from '../labelStore';
import { SheetService } from './sheetService';

type SheetHandlers = Pick<Handlers, 'labels.exportSheet' | 'labels.previewSheet' | 'labels.applySheet'>;

/** The service over a catalog handle, as the handlers and `udw labels` build it. */
export function sheetServiceFor(db: BackendContext['db']): SheetService {
  const schema = new LabelSchemaStore(db);
  return new SheetService(db, schema, new LabelStore(db, schema, new FileReviewStore(db)));
}

export function sheetHandlers(ctx: BackendContext): SheetHandlers {
  const sheets = sheetServiceFor(ctx.db);
  const annotator = (): string => ctx.settings.get().annotator.trim() || ANONYMOUS;
  return {
    'labels.exportSheet': ({ format, fileIds }) => sheets.exportSheet(format, fileIds),
    'labels.previewSheet': ({ fileName, bytes }) => sheets.previewSheet(fileName, bytes),
    'labels.applySheet': async ({ fileName, bytes, expectChanges }) => {
      const { changedFiles, ...result } = await sheets.applySheet(fileName, bytes, annotator(), expectChanges);
      for (const { fileId, seq } of changedFiles) ctx.events.emit('labels.changed', { fileId, seq });
      return result;
    },
  };
}
