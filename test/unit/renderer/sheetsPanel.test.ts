// @vitest-environment jsdom
/**
 * The label-sheets panel as React renders it in jsdom, from a real preview and a real apply result of the
 * back end (createBackend on a temp catalog of generated files): the stable test hooks, the counts, the
 * refused rows with their row numbers and files, the apply button's words, the result, cancel.
 *
 * The back end is called through its dispatch, not the in-memory AppApi: under jsdom the AppApi's
 * structured clone hands the contract a Uint8Array of another realm (see sheetsModel.test.ts, which runs
 * the store against the AppApi under Node).
 */
import { act, createElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SheetApplyResult, SheetPreview } from '../../../src/shared/api/sheets.contract';
import { ApiContext } from '../../../src/renderer/api/ApiContext';
import { SheetsButton, SheetsPanel } from '../../../src/renderer/features/sheets/SheetsPanel';
import * as S from '../../../src/renderer/features/sheets/sheetsStore';
import { catalogStore } from '../../../src/renderer/state/catalogStore';
import { LAYOUT, MIXED_CSV, sheetsTemplate, type SheetsCatalog, type SheetsTemplate } from './helpers/sheetsCatalog';

let template: SheetsTemplate;
let c: SheetsCatalog;
let host: HTMLDivElement;
let root: Root;

beforeAll(async () => {
  template = await sheetsTemplate();
});

beforeEach(async () => {
  c = await template.open();
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  catalogStore.setState({ files: c.files, loaded: true });
  act(() => root.render(createElement(ApiContext.Provider, { value: c.api }, createElement(SheetsButton), createElement(SheetsPanel))));
});

afterEach(async () => {
  act(() => root.unmount());
  host.remove();
  S.sheetsStore.setState({ ...S.INITIAL_SHEETS });
  catalogStore.setState({ files: [], loaded: false });
  await c?.dispose();
});

afterAll(() => {
  template?.remove();
});

const testId = (id: string): HTMLElement | null => host.querySelector(`[data-testid="${id}"]`);
const call = <T>(channel: string, payload: unknown): Promise<T> => c.backend.dispatch(channel, payload) as Promise<T>;
// A Uint8Array of this realm, the one the contract checks against.
const sheet = (text: string): S.PickedSheet => ({ fileName: 'thickness.csv', bytes: new Uint8Array(new TextEncoder().encode(text)) });

describe('label sheets panel', () => {
  it('opens from its button with the import and export controls', () => {
    expect(testId('sheet-file-input')).toBeNull();
    act(() => (testId('sheets-open') as HTMLButtonElement).click());
    expect((testId('sheets-open') as HTMLButtonElement).disabled).toBe(true);
    expect(testId('sheet-file-input')?.getAttribute('accept')).toBe('.xlsx,.csv,.json');
    expect(testId('sheet-preview')).toBeNull();
    const format = testId('sheet-export-format') as HTMLSelectElement;
    expect([...format.options].map((o) => [o.value, o.textContent])).toEqual([
      ['json', 'JSON'],
      ['csv', 'CSV'],
      ['xlsx', 'Excel (.xlsx)'],
    ]);
    expect(format.value).toBe('csv');
    expect([...host.querySelectorAll('input[name="sheet-export-scope"]')].map((r) => r.parentElement?.textContent)).toEqual([`All files (${LAYOUT.length} files)`]);
    expect((testId('sheet-export') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows a preview’s counts and refused rows with an apply button, then the result', async () => {
    const picked = sheet(MIXED_CSV);
    const preview = await call<SheetPreview>('labels.previewSheet', picked);
    act(() => S.sheetsStore.setState({ open: true, phase: 'preview', sheet: picked, preview }));

    expect(testId('sheet-preview')?.textContent).toContain('thickness.csv: nothing is changed until you apply.');
    expect(['matched', 'unmatched', 'ambiguous', 'duplicate', 'changes'].map((k) => testId(`sheet-count-${k}`)?.textContent)).toEqual(['2', '1', '1', '2', '1']);
    const problems = [...host.querySelectorAll('[data-testid="sheet-problems"] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(problems.map((r) => r.slice(0, 2))).toEqual([
      ['3', 'x3.xls'],
      ['4', "name 'nope.xls'"],
      ['5', "name 'x2.xls'"],
      ['6, 7', 'x4.xls'],
    ]);
    expect(problems[1]![2]).toBe('no file of the catalog has this name');
    const apply = testId('sheet-apply') as HTMLButtonElement;
    expect([apply.textContent, apply.disabled]).toEqual(['Apply 1 change', false]);
    expect(testId('sheet-result')).toBeNull();

    const result = await call<SheetApplyResult>('labels.applySheet', { ...picked, expectChanges: preview.counts.changes });
    act(() => S.sheetsStore.setState({ phase: 'applied', result, preview: result.preview }));
    expect(testId('sheet-preview')).toBeNull();
    expect(testId('sheet-result')?.textContent).toBe('Applied 1 change to 1 file; 4 rows not applied (unmatched, ambiguous or duplicate); 1 value left out.');
  });

  it('offers nothing to apply when the sheet changes nothing, and cancel forgets the sheet', async () => {
    const picked = sheet(['name,stack_thickness', 'x1.xls,'].join('\n'));
    const preview = await call<SheetPreview>('labels.previewSheet', picked);
    act(() => S.sheetsStore.setState({ open: true, phase: 'preview', sheet: picked, preview }));
    const apply = testId('sheet-apply') as HTMLButtonElement;
    expect([apply.textContent, apply.disabled]).toEqual(['Nothing to apply', true]);
    expect(testId('sheet-problems')).toBeNull();

    const cancel = [...host.querySelectorAll('button')].find((b) => b.textContent === 'Cancel')!;
    act(() => cancel.click());
    expect(testId('sheet-preview')).toBeNull();
    expect(S.sheetsStore.getState()).toMatchObject({ open: true, phase: 'choose', sheet: null, preview: null });
  });
});
