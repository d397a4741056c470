/**
 * The batch auto-label panel of the catalog page: choose a scope and a minimum confidence, run (progress
 * with files/s, cancel), look at the preview (proposals per class, source and confidence tier, files with
 * none), then commit (optionally accepting those ≥ X at once) or discard. Nothing is written before commit.
 */
import { useEffect, useMemo, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { loadSchema } from '../../state/annotateActions';
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { autolabelStore, cancelRun, closePanel, commit, discard, openPanel, runAutolabel, useAutolabel } from '../../state/autolabelStore';
import { catalogStore, loadFiles, selectVisible, useCatalog } from '../../state/catalogStore';
import { commonFolder } from '../catalog/catalogModel';
import { ConfidenceInput } from './ConfidenceInput';
import { classRows, defaultScopeKey, formatRate, parseThreshold, scopeOptions, sourceRows, tierRows, type CountRow, type ScopeKey } from './autolabelModel';

/** The catalog page's button that opens the panel. */
export function AutolabelButton(): React.JSX.Element {
  const open = useAutolabel((s) => s.open);
  return (
    <button type="button" className="autolabel-open" onClick={() => openPanel(autolabelStore)} disabled={open} aria-expanded={open} aria-controls="autolabel-panel">
      Auto-label…
    </button>
  );
}

function CountTable({ caption, rows, testId }: { caption: string; rows: CountRow[]; testId: string }): React.JSX.Element {
  return (
    <table className="simple small autolabel-counts" aria-label={caption} data-testid={testId}>
      <caption>{caption}</caption>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td className="muted">none</td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <th scope="row">{r.title}</th>
              <td data-testid={`${testId}-${r.key}`}>{r.count}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

function ScopeForm(): React.JSX.Element {
  const api = useApi();
  const files = useCatalog((s) => s.files);
  const filter = useCatalog((s) => s.filter);
  const sort = useCatalog((s) => s.sort);
  const cursorId = useCatalog((s) => s.cursorId);
  const error = useAutolabel((s) => s.error);
  const options = useMemo(() => {
    const visible = selectVisible({ files, filter, sort });
    return scopeOptions({ files, visible, filter, cursorId, root: commonFolder([...new Set(files.map((f) => f.folder))]) });
  }, [files, filter, sort, cursorId]);
  const [picked, setPicked] = useState<ScopeKey | null>(null);
  const [minText, setMinText] = useState('0');
  const key = picked && options.some((o) => o.key === picked) ? picked : defaultScopeKey(options);
  const chosen = options.find((o) => o.key === key)!;
  const minConfidence = parseThreshold(minText);

  return (
    <form
      className="autolabel-form"
      aria-label="Auto-label scope"
      onSubmit={(e) => {
        e.preventDefault();
        if (minConfidence !== null && chosen.files > 0) void runAutolabel(autolabelStore, api, { scope: chosen.scope, scopeTitle: chosen.title, minConfidence });
      }}
    >
      <fieldset>
        <legend>Files</legend>
        {options.map((o) => (
          <label key={o.key} className="check">
            <input type="radio" name="autolabel-scope" value={o.key} checked={o.key === key} onChange={() => setPicked(o.key)} />
            {o.title}
          </label>
        ))}
      </fieldset>
      <label className="inline">
        <span>Minimum confidence</span>
        <ConfidenceInput value={minText} onValueChange={setMinText} aria-invalid={minConfidence === null} />
      </label>
      <div className="row-gap">
        <button type="submit" disabled={minConfidence === null || chosen.files === 0}>
          Run
        </button>
        <button type="button" onClick={() => void closePanel(autolabelStore, api)}>
          Close
        </button>
      </div>
      {minConfidence === null && <p className="error small">The minimum confidence must be a number from 0 to 1.</p>}
      {error && (
        <p className="error small" role="alert">
          Auto-labelling failed: {error}
        </p>
      )}
    </form>
  );
}

function Running(): React.JSX.Element {
  const api = useApi();
  const progress = useAutolabel((s) => s.progress);
  const cancelling = useAutolabel((s) => s.cancelling);
  const title = useAutolabel((s) => s.scopeTitle);
  return (
    <div className="autolabel-running">
      <p className="small">Proposing labels for {title}…</p>
      <div className="import-status">
        <progress max={progress?.total || 1} value={progress?.done ?? 0} aria-label="Auto-label progress" />
        <span className="small muted" data-testid="autolabel-progress">
          {progress ? `${progress.done}/${progress.total} files · ${formatRate(progress.filesPerSecond)}` : 'starting…'}
        </span>
        <button type="button" onClick={() => void cancelRun(autolabelStore, api)} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
    </div>
  );
}

function Preview(): React.JSX.Element | null {
  const api = useApi();
  const preview = useAutolabel((s) => s.preview);
  const phase = useAutolabel((s) => s.phase);
  const error = useAutolabel((s) => s.error);
  const title = useAutolabel((s) => s.scopeTitle);
  const classes = useAnnotate((s) => s.schema?.classes);
  const [accept, setAccept] = useState(false);
  const [acceptText, setAcceptText] = useState('0.8');
  if (!preview) return null;
  const { summary } = preview;
  const acceptAbove = parseThreshold(acceptText);
  const busy = phase === 'committing';
  const nothing = summary.proposals + summary.attributes === 0;

  return (
    <div className="autolabel-preview" data-testid="autolabel-preview">
      <p className="small" data-testid="autolabel-headline">
        {title}: <strong>{summary.proposals}</strong> proposals and <strong>{summary.attributes}</strong> attributes in {summary.done} of {summary.files} files
        {preview.minConfidence > 0 ? ` (confidence ≥ ${preview.minConfidence})` : ''}. Nothing is stored until you commit.
      </p>
      {preview.state === 'cancelled' && (
        <p className="warn small" role="status">
          Cancelled after {summary.done} of {summary.files} files.{' '}
          <button type="button" className="link" onClick={() => void runAutolabel(autolabelStore, api, { resume: true })} disabled={busy}>
            Resume
          </button>
        </p>
      )}
      <div className="autolabel-tables">
        <CountTable caption="Per class" rows={classRows(summary, classes ?? [])} testId="autolabel-class" />
        <CountTable caption="Per source" rows={sourceRows(summary)} testId="autolabel-source" />
        <CountTable caption="Per confidence tier" rows={tierRows(summary)} testId="autolabel-tier" />
      </div>
      <details className="small">
        <summary data-testid="autolabel-none">
          {summary.filesWithNone.length} {summary.filesWithNone.length === 1 ? 'file' : 'files'} with no proposal
        </summary>
        <ul>
          {summary.filesWithNone.map((f) => (
            <li key={f.fileId}>{f.path}</li>
          ))}
        </ul>
      </details>
      {summary.failed.length > 0 && (
        <details className="small" open>
          <summary className="fail">{summary.failed.length} files could not be read</summary>
          <ul>
            {summary.failed.map((f) => (
              <li key={f.fileId}>
                {f.path}: {f.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {summary.notInSchema.length > 0 && <p className="muted small">Left out (not in the label schema): {summary.notInSchema.join(', ')}.</p>}
      <form
        className="row-gap"
        aria-label="Commit proposals"
        onSubmit={(e) => {
          e.preventDefault();
          if (!accept || acceptAbove !== null) {
            void commit(autolabelStore, api, accept ? acceptAbove : null).then((r) => {
              if (r) void loadFiles(catalogStore, api);
            });
          }
        }}
      >
        <label className="check">
          <input type="checkbox" checked={accept} onChange={(e) => setAccept(e.target.checked)} />
          accept those with confidence ≥
        </label>
        <ConfidenceInput
          className="threshold-input"
          aria-label="Accept at or above confidence"
          value={acceptText}
          disabled={!accept}
          onValueChange={setAcceptText}
          aria-invalid={accept && acceptAbove === null}
        />
        <button type="submit" disabled={busy || nothing || (accept && acceptAbove === null)}>
          {busy ? 'Committing…' : 'Commit'}
        </button>
        <button type="button" onClick={() => void discard(autolabelStore, api)} disabled={busy}>
          Discard
        </button>
      </form>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Result(): React.JSX.Element | null {
  const api = useApi();
  const result = useAutolabel((s) => s.result);
  if (!result) return null;
  return (
    <div className="autolabel-result">
      <p className="small" data-testid="autolabel-result" role="status">
        Stored {result.created} proposals in {result.files} files
        {result.accepted > 0 ? `, accepted ${result.accepted} as labels` : ''}
        {result.removed > 0 ? `, replaced ${result.removed} untouched ones` : ''}
        {result.skipped > 0 ? `; ${result.skipped} skipped (their class is already decided)` : ''}.
      </p>
      {result.failed.length > 0 && (
        <ul className="small fail">
          {result.failed.map((f) => (
            <li key={f.fileId}>
              {f.path}: {f.message}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => void closePanel(autolabelStore, api)}>
        Close
      </button>
    </div>
  );
}

export function AutolabelPanel(): React.JSX.Element | null {
  const api = useApi();
  const open = useAutolabel((s) => s.open);
  const phase = useAutolabel((s) => s.phase);
  // Class names for the preview.
  useEffect(() => {
    if (open && !annotateStore.getState().schema) void loadSchema(annotateStore, api).catch(() => undefined);
  }, [open, api]);
  if (!open) return null;
  return (
    <section id="autolabel-panel" className="autolabel-panel" aria-label="Auto-label">
      <h2>Auto-label</h2>
      {phase === 'idle' && <ScopeForm />}
      {phase === 'running' && <Running />}
      {(phase === 'preview' || phase === 'committing') && <Preview />}
      {phase === 'committed' && <Result />}
    </section>
  );
}
