/** The catalog's read requests: they need the catalog alone, so they live with it, below the back end. */
import type { Handlers } from '../../shared/api/contract';
import type { CatalogDb } from '../db/openCatalog';
import { getFileDetail, getSignals, getSignalsPacked } from './fileDetail';
import { listFileRows } from './fileRows';
import { getSignalOverview } from './signalOverview';

type CatalogQueryHandlers = Pick<Handlers, 'catalog.listFiles' | 'catalog.getFile' | 'catalog.getSignals' | 'catalog.getSignalsPacked' | 'catalog.getSignalOverview'>;

export function catalogQueryHandlers(db: CatalogDb): CatalogQueryHandlers {
  return {
    'catalog.listFiles': ({ includeMissing }) => listFileRows(db, { includeMissing: includeMissing ?? false }),
    'catalog.getFile': ({ id }) => getFileDetail(db, id),
    'catalog.getSignals': ({ id }) => getSignals(db, id),
    'catalog.getSignalsPacked': ({ id, keys }) => getSignalsPacked(db, id, keys),
    'catalog.getSignalOverview': (req) => getSignalOverview(db, req),
  };
}
