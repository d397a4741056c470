/**
 * The catalog browser: import, folder tree, filters and the virtualised file table. Opening a file goes to
 * the annotation view; next/previous there follow this table's order.
 */
import { useEffect, useMemo } from 'react';
import type { LabelStatus } from '../../../shared/api/catalog.contract';
import { useApi } from '../../api/ApiContext';
import { catalogStore, loadFiles, selectVisible, setFilter, useCatalog } from '../../state/catalogStore';
import { useNav } from '../../state/navStore';
import { AutolabelButton, AutolabelPanel } from '../autolabel/AutolabelPanel';
import { SheetsButton, SheetsPanel } from '../sheets/SheetsPanel';
import { CatalogTable } from './CatalogTable';
import { commonFolder, relativeFolder, STATUSES, STATUS_TITLES, statusCounts } from './catalogModel';
import { FolderTree } from './FolderTree';
import { ImportPanel } from './ImportPanel';

function Counts(): React.JSX.Element {
  const files = useCatalog((s) => s.files);
  const filter = useCatalog((s) => s.filter);
  const sort = useCatalog((s) => s.sort);
  const all = useMemo(() => statusCounts(files), [files]);
  const shown = useMemo(() => selectVisible({ files, filter, sort }).length, [files, filter, sort]);
  return (
    <span className="counts small" data-testid="catalog-counts">
      <strong>{shown}</strong> shown of {all.total} · {all.unlabelled} unlabelled · {all.in_progress} in progress · {all.labelled} labelled · {all.reviewed} reviewed
    </span>
  );
}

function Filters(): React.JSX.Element {
  const filter = useCatalog((s) => s.filter);
  const files = useCatalog((s) => s.files);
  const root = useMemo(() => commonFolder([...new Set(files.map((f) => f.folder))]), [files]);
  return (
    <div className="catalog-filters">
      <input
        type="search"
        placeholder="Search name, folder, head, date…"
        aria-label="Search files"
        value={filter.text}
        onChange={(e) => setFilter(catalogStore, { text: e.target.value })}
      />
      <select aria-label="Filter by status" value={filter.status ?? ''} onChange={(e) => setFilter(catalogStore, { status: e.target.value === '' ? null : (e.target.value as LabelStatus) })}>
        <option value="">all statuses</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_TITLES[s]}
          </option>
        ))}
      </select>
      {filter.folder && (
        <button type="button" className="chip on" onClick={() => setFilter(catalogStore, { folder: null })} aria-label="Clear folder filter" title={filter.folder}>
          folder: {relativeFolder(filter.folder, root)} ×
        </button>
      )}
      <AutolabelButton />
      <SheetsButton />
      <span className="spacer" />
      <Counts />
    </div>
  );
}

export function CatalogPage(): React.JSX.Element {
  const api = useApi();
  const openFile = useNav((s) => s.openFile);
  const error = useCatalog((s) => s.error);
  const loaded = useCatalog((s) => s.loaded);

  // Always refresh on entry: statuses change while annotating, imports run from the CLI.
  useEffect(() => {
    void loadFiles(catalogStore, api);
  }, [api]);

  return (
    <section className="catalog">
      <h1>Catalog</h1>
      <ImportPanel />
      <AutolabelPanel />
      <SheetsPanel />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="catalog-body">
        <FolderTree />
        <div className="catalog-main">
          <Filters />
          {loaded ? <CatalogTable onOpen={openFile} /> : <p className="muted">Loading…</p>}
        </div>
      </div>
    </section>
  );
}
