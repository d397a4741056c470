/** Import folders of Setitec files through the back end, with a progress bar fed by catalog.importProgress. */
import { useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { cancelImport, catalogStore, importFolders, useCatalog } from '../../state/catalogStore';
import { importErrorText } from './catalogModel';

export function ImportPanel(): React.JSX.Element {
  const api = useApi();
  const job = useCatalog((s) => s.importJob);
  const [text, setText] = useState('');
  const dirs = text
    .split(/\n|;/)
    .map((d) => d.trim())
    .filter(Boolean);
  const p = job?.progress;
  const pct = p && p.total > 0 ? Math.round((100 * p.done) / p.total) : null;

  return (
    <form
      className="import-panel"
      aria-label="Import"
      onSubmit={(e) => {
        e.preventDefault();
        if (dirs.length && !job?.running) void importFolders(catalogStore, api, dirs);
      }}
    >
      <label className="inline grow">
        <span>Folder to import</span>
        <input type="text" placeholder="/path/to/setitec/folder (several: separate with ;)" value={text} onChange={(e) => setText(e.target.value)} aria-label="Folder to import" />
      </label>
      <button type="submit" disabled={!dirs.length || job?.running}>
        Import
      </button>
      {job?.running && (
        <button type="button" onClick={() => void cancelImport(catalogStore, api)}>
          Cancel
        </button>
      )}
      {job && (
        <div className="import-status">
          {job.running && (
            <>
              <progress max={p?.total || 1} value={p?.done ?? 0} aria-label="Import progress" />
              <span className="small muted">
                {p ? `${p.phase} ${p.done}/${p.total}${pct !== null ? ` (${pct} %)` : ''}${p.errors ? `, ${p.errors} errors` : ''}` : 'starting…'}
              </span>
            </>
          )}
          {job.summary && (
            <span className="small" data-testid="import-summary">
              Imported {job.summary.imported} of {job.summary.files} files ({job.summary.skipped} unchanged, {job.summary.failed} failed
              {job.summary.cancelled ? ', cancelled' : ''}) in {job.summary.seconds.toFixed(1)} s
            </span>
          )}
          {job.error && (
            <span className="error small" role="alert" data-testid="import-error">
              {importErrorText(job.error)}
            </span>
          )}
        </div>
      )}
    </form>
  );
}
