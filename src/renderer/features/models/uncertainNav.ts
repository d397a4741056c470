/**
 * Shift+U in the annotation view: open the next most uncertain file (uncertainty.ts) of the catalog's
 * current filter. The rows are fetched again first: the model may have proposed on files since the catalog
 * was loaded (the open file's own predictions, a batch run).
 */
import type { AppApi } from '../../../shared/api/contract';
import type { AnnotateStore } from '../../state/annotateStore';
import { loadFiles, type CatalogStore } from '../../state/catalogStore';
import { filterFiles, sortFiles } from '../catalog/catalogModel';
import { nextMostUncertain, UNCERTAINTY_SORT } from './uncertainty';

export interface UncertainNavContext {
  api: AppApi;
  annotate: AnnotateStore;
  catalog: CatalogStore;
  openFile: (id: number) => void;
  notify?: (text: string | null) => void;
}

export const NO_UNCERTAIN_TEXT = 'No file with model proposals left to label in the current catalog filter (run the model over the catalog on the Models page).';

/** Returns the id of the file opened, or null (and says why). */
export async function goToMostUncertainAsync(ctx: UncertainNavContext): Promise<number | null> {
  await loadFiles(ctx.catalog, ctx.api);
  const { files, filter } = ctx.catalog.getState();
  const order = sortFiles(filterFiles(files, filter), UNCERTAINTY_SORT);
  const target = nextMostUncertain(order, ctx.annotate.getState().fileId);
  if (!target) {
    ctx.notify?.(NO_UNCERTAIN_TEXT);
    return null;
  }
  ctx.notify?.(null);
  ctx.catalog.setState({ cursorId: target.id });
  ctx.openFile(target.id);
  return target.id;
}

export function goToMostUncertain(ctx: UncertainNavContext): void {
  void goToMostUncertainAsync(ctx);
}
