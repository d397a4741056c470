/**
 * The catalog browser's state: every file row, the filter and sort the user chose, the row cursor and the
 * running import. The visible order (filter + sort) also drives next/previous file in the annotation view.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FileRow, ImportProgress, ImportSummary } from '../../shared/api/catalog.contract';
import type { AppApi } from '../../shared/api/contract';
import { DEFAULT_SORT, EMPTY_FILTER, toggleSort, visibleFiles, type CatalogFilter, type SortKey, type SortSpec } from '../features/catalog/catalogModel';

export interface ImportState {
  jobId: string;
  dirs: string[];
  progress: ImportProgress | null;
  summary: ImportSummary | null;
  error: string | null;
  running: boolean;
}

export interface CatalogState {
  files: FileRow[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  filter: CatalogFilter;
  sort: SortSpec;
  /** Row cursor (keyboard selection). */
  cursorId: number | null;
  importJob: ImportState | null;
}

export type CatalogStore = StoreApi<CatalogState>;

export function createCatalogStore(initial: Partial<CatalogState> = {}): CatalogStore {
  return createStore<CatalogState>()(() => ({
    files: [],
    loaded: false,
    loading: false,
    error: null,
    filter: EMPTY_FILTER,
    sort: DEFAULT_SORT,
    cursorId: null,
    importJob: null,
    ...initial,
  }));
}

export const catalogStore = createCatalogStore();

export function useCatalog<T>(selector: (s: CatalogState) => T): T {
  return useStore(catalogStore, selector);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function loadFiles(store: CatalogStore, api: AppApi): Promise<void> {
  store.setState({ loading: true });
  try {
    const files = await api.invoke('catalog.listFiles', {});
    store.setState({ files, loaded: true, loading: false, error: null });
  } catch (err) {
    store.setState({ loading: false, error: errorText(err) });
  }
}

/** Memoised visible order: recomputed only when rows, filter or sort change. */
let memo: { files: FileRow[]; filter: CatalogFilter; sort: SortSpec; out: FileRow[] } | null = null;
export function selectVisible(s: Pick<CatalogState, 'files' | 'filter' | 'sort'>): FileRow[] {
  if (memo && memo.files === s.files && memo.filter === s.filter && memo.sort === s.sort) return memo.out;
  const out = visibleFiles(s.files, s.filter, s.sort);
  memo = { files: s.files, filter: s.filter, sort: s.sort, out };
  return out;
}

export function setFilter(store: CatalogStore, patch: Partial<CatalogFilter>): void {
  store.setState((s) => ({ filter: { ...s.filter, ...patch } }));
}

export function clickHeader(store: CatalogStore, key: SortKey): void {
  store.setState((s) => ({ sort: toggleSort(s.sort, key) }));
}

export function setCursor(store: CatalogStore, id: number | null): void {
  store.setState({ cursorId: id });
}

/** Move the row cursor by `step` rows in the visible order (clamped). Returns the new cursor. */
export function moveCursor(store: CatalogStore, step: number): number | null {
  const s = store.getState();
  const rows = selectVisible(s);
  if (rows.length === 0) return null;
  const at = s.cursorId === null ? -1 : rows.findIndex((f) => f.id === s.cursorId);
  const next = at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step));
  const id = rows[next]!.id;
  store.setState({ cursorId: id });
  return id;
}

/** Update one row in place (review changes made in the annotation view). */
export function patchFile(store: CatalogStore, id: number, patch: Partial<FileRow>): void {
  store.setState((s) => {
    const at = s.files.findIndex((f) => f.id === id);
    if (at < 0) return {};
    const current = s.files[at]!;
    if (Object.entries(patch).every(([k, v]) => current[k as keyof FileRow] === v)) return {};
    const files = s.files.slice();
    files[at] = { ...current, ...patch };
    return { files };
  });
}

let jobCounter = 0;

/** Import folders through the back end, following `catalog.importProgress`; reloads the rows at the end. */
export async function importFolders(store: CatalogStore, api: AppApi, dirs: string[]): Promise<ImportSummary | null> {
  const jobId = `ui-${Date.now().toString(36)}-${++jobCounter}`;
  store.setState({ importJob: { jobId, dirs, progress: null, summary: null, error: null, running: true } });
  const off = api.on('catalog.importProgress', (p) => {
    if (p.jobId !== jobId) return;
    store.setState((s) => (s.importJob?.jobId === jobId ? { importJob: { ...s.importJob, progress: p } } : {}));
  });
  try {
    const summary = await api.invoke('catalog.import', { dirs, jobId });
    store.setState((s) => ({ importJob: s.importJob?.jobId === jobId ? { ...s.importJob, summary, running: false } : s.importJob }));
    await loadFiles(store, api);
    return summary;
  } catch (err) {
    store.setState((s) => ({ importJob: s.importJob?.jobId === jobId ? { ...s.importJob, error: errorText(err), running: false } : s.importJob }));
    return null;
  } finally {
    off();
  }
}

export async function cancelImport(store: CatalogStore, api: AppApi): Promise<void> {
  const job = store.getState().importJob;
  if (job?.running) await api.invoke('catalog.cancelImport', { jobId: job.jobId });
}
