/**
 * The catalog page's label-sheets panel (issue 10): import a sheet of per-file attributes (measured stack
 * thickness…) after a preview of what it would change, and export the catalog's labels as JSON, CSV or
 * .xlsx. Nothing changes before "Apply", and apply does exactly what the preview showed or nothing.
 */
import { useMemo, useState } from 'react';
import type { SheetFormat } from '../../../shared/api/sheets.contract';
import { useApi } from '../../api/ApiContext';
import { catalogStore, loadFiles, selectVisible, useCatalog } from '../../state/catalogStore';
import { saveDownload } from './saveDownload';
import {
  applyText,
  changeRows,
  exportDownload,
  exportedText,
  exportScopes,
  FORMAT_TITLES,
  pickScope,
  previewCountRows,
  problemRows,
  resultText,
  SHEET_ACCEPT,
  SHEET_FORMATS,
  type ExportScopeKey,
} from './sheetsModel';
import { applySheet, cancelSheet, closeSheets, exportSheet, openSheets, pickSheet, sheetsStore, useSheets } from './sheetsStore';

/** The catalog page's button that opens the panel. */
export function SheetsButton(): React.JSX.Element {
  const open = useSheets((s) => s.open);
  return (
    <button type="button" className="sheets-open" data-testid="sheets-open" onClick={() => openSheets(sheetsStore)} disabled={open} aria-expanded={open} aria-controls="sheets-panel">
      Label sheets…
    </button>
  );
}

function PreviewCounts(): React.JSX.Element | null {
  const preview = useSheets((s) => s.preview);
  if (!preview) return null;
  return (
    <table className="simple small sheet-counts" aria-label="Sheet counts">
      <tbody>
        {previewCountRows(preview.counts).map((r) => (
          <tr key={r.key} className={r.bad && r.count > 0 ? 'warn' : undefined}>
            <th scope="row">{r.title}</th>
            <td data-testid={`sheet-count-${r.key}`}>{r.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProblemTable(): React.JSX.Element | null {
  const preview = useSheets((s) => s.preview);
  const rows = useMemo(() => (preview ? problemRows(preview) : []), [preview]);
  if (rows.length === 0) return null;
  return (
    <table className="simple small sheet-problems" aria-label="Rows with problems" data-testid="sheet-problems">
      <caption>Rows with problems (not applied)</caption>
      <thead>
        <tr>
          <th scope="col">Row</th>
          <th scope="col">File</th>
          <th scope="col">Problem</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-kind={r.kind} data-row={r.rows}>
            <td>{r.rows || '–'}</td>
            <td className="mono">{r.file || '–'}</td>
            <td>{r.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The planned changes, folded: the counts say how many; this says which. */
function ChangeList(): React.JSX.Element | null {
  const preview = useSheets((s) => s.preview);
  const rows = useMemo(() => (preview ? changeRows(preview.changes) : []), [preview]);
  if (rows.length === 0) return null;
  return (
    <details className="small">
      <summary>Planned changes</summary>
      <table className="simple small sheet-changes" aria-label="Planned changes">
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">File</th>
            <th scope="col">Attribute</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td>{r.row}</td>
              <td className="mono">{r.file}</td>
              <td>{r.classId}</td>
              <td>{r.before}</td>
              <td>{r.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function ImportPart(): React.JSX.Element {
  const api = useApi();
  const phase = useSheets((s) => s.phase);
  const sheet = useSheets((s) => s.sheet);
  const preview = useSheets((s) => s.preview);
  const result = useSheets((s) => s.result);
  const error = useSheets((s) => s.error);
  const busy = phase === 'reading' || phase === 'applying';
  // A new key empties the input after cancel or apply, so picking the same file again still fires onChange.
  const [inputKey, setInputKey] = useState(0);
  const reset = (): void => {
    cancelSheet(sheetsStore);
    setInputKey((k) => k + 1);
  };

  return (
    <section className="sheets-import" aria-label="Import a sheet">
      <h3>Import</h3>
      <p className="small muted">
        A .csv or .xlsx sheet with a header row: a column naming each file (path, name, or head and global_counter) and one column per attribute (e.g.
        stack_thickness). An exported .json reads back too.
      </p>
      <label className="inline">
        <span>Sheet</span>
        <input
          key={inputKey}
          type="file"
          accept={SHEET_ACCEPT}
          data-testid="sheet-file-input"
          disabled={busy}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void pickSheet(sheetsStore, api, file);
          }}
        />
      </label>
      {phase === 'reading' && <p className="small muted">Reading {sheet?.fileName ?? 'the sheet'}…</p>}
      {preview && (phase === 'preview' || phase === 'applying') && (
        <div className="sheet-preview" data-testid="sheet-preview">
          <p className="small">
            <strong>{preview.fileName}</strong>
            {preview.sheetName ? ` (worksheet ${preview.sheetName})` : ''}: nothing is changed until you apply.
          </p>
          <PreviewCounts />
          <ProblemTable />
          <ChangeList />
          <div className="row-gap">
            <button
              type="button"
              data-testid="sheet-apply"
              disabled={busy || preview.counts.changes === 0}
              onClick={() =>
                void applySheet(sheetsStore, api).then((r) => {
                  if (r) void loadFiles(catalogStore, api);
                })
              }
            >
              {phase === 'applying' ? 'Applying…' : applyText(preview.counts.changes)}
            </button>
            <button type="button" onClick={reset} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {phase === 'applied' && result && (
        <div className="sheet-result">
          <p className="small" role="status" data-testid="sheet-result">
            {resultText(result)}
          </p>
          <button type="button" onClick={reset}>
            Import another sheet
          </button>
        </div>
      )}
      {error && (
        <p className="error small" role="alert" data-testid="sheet-error">
          {error}
        </p>
      )}
    </section>
  );
}

function ExportPart(): React.JSX.Element {
  const api = useApi();
  const files = useCatalog((s) => s.files);
  const filter = useCatalog((s) => s.filter);
  const sort = useCatalog((s) => s.sort);
  const exporting = useSheets((s) => s.exporting);
  const exported = useSheets((s) => s.exported);
  const exportError = useSheets((s) => s.exportError);
  const [format, setFormat] = useState<SheetFormat>('csv');
  const [scopeKey, setScopeKey] = useState<ExportScopeKey>('all');
  const scopes = useMemo(() => exportScopes(files, selectVisible({ files, filter, sort })), [files, filter, sort]);
  const scope = pickScope(scopes, scopeKey);

  return (
    <form
      className="sheets-export"
      aria-label="Export labels"
      onSubmit={(e) => {
        e.preventDefault();
        void exportSheet(sheetsStore, api, format, scope.fileIds).then((sheet) => {
          if (sheet) saveDownload(exportDownload(sheet));
        });
      }}
    >
      <h3>Export</h3>
      <div className="row-gap">
        <label className="inline">
          <span>Format</span>
          <select data-testid="sheet-export-format" value={format} onChange={(e) => setFormat(e.target.value as SheetFormat)}>
            {SHEET_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_TITLES[f]}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="sheet-scope">
          <legend>Files</legend>
          {scopes.map((s) => (
            <label key={s.key} className="check">
              <input type="radio" name="sheet-export-scope" value={s.key} checked={s.key === scope.key} onChange={() => setScopeKey(s.key)} />
              {s.title}
            </label>
          ))}
        </fieldset>
        <button type="submit" data-testid="sheet-export" disabled={exporting || scope.files === 0}>
          {exporting ? 'Exporting…' : 'Export'}
        </button>
      </div>
      {exported && (
        <p className="small" role="status" data-testid="sheet-exported">
          {exportedText(exported)}
        </p>
      )}
      {exportError && (
        <p className="error small" role="alert">
          Export failed: {exportError}
        </p>
      )}
    </form>
  );
}

export function SheetsPanel(): React.JSX.Element | null {
  const open = useSheets((s) => s.open);
  const phase = useSheets((s) => s.phase);
  if (!open) return null;
  return (
    <section id="sheets-panel" className="sheets-panel" aria-label="Label sheets">
      <h2>Label sheets</h2>
      <div className="sheets-parts">
        <ImportPart />
        <ExportPart />
      </div>
      <div className="row-gap">
        <button type="button" onClick={() => closeSheets(sheetsStore)} disabled={phase === 'applying'}>
          Close
        </button>
      </div>
    </section>
  );
}
