/**
 * The label-sheets panel's state: pick a sheet → preview (nothing changes) → apply exactly the changes the
 * preview showed (`expectChanges`) or cancel; and export the catalog's labels. A vanilla zustand store and
 * plain actions over (store, api), unit-tested against the real back end without React.
 *
 * The sheet's bytes stay here between preview and apply: the back end keeps nothing, and apply reads the
 * same bytes again rather than trusting a list of changes sent back.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppApi } from '../../../shared/api/contract';
import type { SheetApplyResult, SheetExport, SheetFormat, SheetPreview } from '../../../shared/api/sheets.contract';
import { sheetFileProblem } from './sheetsModel';

export type SheetsPhase = 'choose' | 'reading' | 'preview' | 'applying' | 'applied';

export interface PickedSheet {
  fileName: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface SheetsState {
  open: boolean;
  phase: SheetsPhase;
  sheet: PickedSheet | null;
  preview: SheetPreview | null;
  result: SheetApplyResult | null;
  /** What went wrong with the sheet (reading, preview or apply). */
  error: string | null;
  exporting: boolean;
  exported: Pick<SheetExport, 'fileName' | 'files' | 'labels'> | null;
  exportError: string | null;
}

export const INITIAL_SHEETS: SheetsState = {
  open: false,
  phase: 'choose',
  sheet: null,
  preview: null,
  result: null,
  error: null,
  exporting: false,
  exported: null,
  exportError: null,
};

export type SheetsStore = StoreApi<SheetsState>;

export function createSheetsStore(initial: Partial<SheetsState> = {}): SheetsStore {
  return createStore<SheetsState>()(() => ({ ...INITIAL_SHEETS, ...initial }));
}

export const sheetsStore = createSheetsStore();

export function useSheets<T>(selector: (s: SheetsState) => T): T {
  return useStore(sheetsStore, selector);
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function openSheets(store: SheetsStore): void {
  store.setState({ open: true });
}

/** Close the panel and forget the sheet; refused while an apply is writing. */
export function closeSheets(store: SheetsStore): void {
  if (store.getState().phase === 'applying') return;
  store.setState({ ...INITIAL_SHEETS });
}

/** Drop the picked sheet and its preview (nothing was changed), keeping the panel and the export part. */
export function cancelSheet(store: SheetsStore): void {
  if (store.getState().phase === 'applying') return;
  store.setState({ phase: 'choose', sheet: null, preview: null, result: null, error: null });
}

// Each pick gets a number; an answer for an older pick (the user chose another file meanwhile) is dropped.
let picks = 0;

/** Read a picked file (anything with a name, a size and its bytes, as a DOM File has) and preview it. */
export async function pickSheet(store: SheetsStore, api: AppApi, file: { name: string; size: number; arrayBuffer(): Promise<ArrayBuffer> }): Promise<void> {
  if (store.getState().phase === 'applying') return;
  const problem = sheetFileProblem(file.name, file.size);
  if (problem) {
    store.setState({ phase: 'choose', sheet: null, preview: null, result: null, error: problem });
    return;
  }
  const pick = ++picks;
  store.setState({ phase: 'reading', sheet: null, preview: null, result: null, error: null });
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (err) {
    if (pick === picks) store.setState({ phase: 'choose', error: `${file.name}: could not be read (${errorText(err)})` });
    return;
  }
  await previewSheet(store, api, { fileName: file.name, bytes }, pick);
}

/** Ask the back end what the sheet would change; nothing changes. */
export async function previewSheet(store: SheetsStore, api: AppApi, sheet: PickedSheet, pick = ++picks): Promise<void> {
  store.setState({ phase: 'reading', sheet, preview: null, result: null, error: null });
  try {
    const preview = await api.invoke('labels.previewSheet', sheet);
    if (pick === picks) store.setState({ phase: 'preview', preview });
  } catch (err) {
    if (pick === picks) store.setState({ phase: 'choose', sheet: null, error: errorText(err) });
  }
}

/**
 * Apply the previewed sheet. `expectChanges` makes the back end refuse when the catalog moved since the
 * preview (another window, the CLI): then the sheet is previewed again, so what is shown is what applies.
 */
export async function applySheet(store: SheetsStore, api: AppApi): Promise<SheetApplyResult | null> {
  const { phase, sheet, preview } = store.getState();
  if (phase !== 'preview' || !sheet || !preview || preview.counts.changes === 0) return null;
  store.setState({ phase: 'applying', error: null });
  try {
    const result = await api.invoke('labels.applySheet', { ...sheet, expectChanges: preview.counts.changes });
    store.setState({ phase: 'applied', result, preview: result.preview });
    return result;
  } catch (err) {
    const message = errorText(err);
    await previewSheet(store, api, sheet);
    store.setState({ error: `Nothing was applied: ${message}` });
    return null;
  }
}

/** Export the labels of the whole catalog (no ids) or of the given files; the caller saves what comes back. */
export async function exportSheet(store: SheetsStore, api: AppApi, format: SheetFormat, fileIds: number[] | undefined): Promise<SheetExport | null> {
  if (store.getState().exporting) return null;
  store.setState({ exporting: true, exported: null, exportError: null });
  try {
    const sheet = await api.invoke('labels.exportSheet', fileIds ? { format, fileIds } : { format });
    store.setState({ exporting: false, exported: { fileName: sheet.fileName, files: sheet.files, labels: sheet.labels } });
    return sheet;
  } catch (err) {
    store.setState({ exporting: false, exportError: errorText(err) });
    return null;
  }
}
