/** Batch pre-annotation with the active model: scope, run, progress with files/s, cancel, resume. */
import { useMemo, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { selectVisible, useCatalog } from '../../state/catalogStore';
import { commonFolder } from '../catalog/catalogModel';
import { defaultScopeKey, formatRate, scopeOptions, type ScopeKey } from '../autolabel/autolabelModel';
import { cancelBatch, modelsStore, runBatch, useModels } from './modelsStore';

export function BatchPanel(): React.JSX.Element {
  const api = useApi();
  const active = useModels((s) => s.models.find((m) => m.active) ?? null);
  const batch = useModels((s) => s.batch);
  const files = useCatalog((s) => s.files);
  const filter = useCatalog((s) => s.filter);
  const sort = useCatalog((s) => s.sort);
  const cursorId = useCatalog((s) => s.cursorId);
  const options = useMemo(
    () => scopeOptions({ files, visible: selectVisible({ files, filter, sort }), filter, cursorId, root: commonFolder([...new Set(files.map((f) => f.folder))]) }),
    [files, filter, sort, cursorId],
  );
  const [picked, setPicked] = useState<ScopeKey | null>(null);
  const key = picked && options.some((o) => o.key === picked) ? picked : defaultScopeKey(options);
  const chosen = options.find((o) => o.key === key)!;
  const canResume = batch !== null && !batch.running && batch.result?.state === 'cancelled';

  const start = async (resume: boolean): Promise<void> => {
    const scope = resume && batch ? batch.scope : chosen.scope;
    // The catalog's confidence and disagreement columns are not refetched here: the catalog page refetches its
    // rows whenever it opens, and "next most uncertain" before it picks. Refetching all rows at the end of the
    // run cost one long main-thread task (parse and re-render every row) for columns nobody here shows.
    await runBatch(modelsStore, api, scope, resume && batch ? batch.scopeTitle : chosen.title, resume);
  };

  const p = batch?.progress;
  const r = batch?.result;
  return (
    <section aria-label="Batch pre-annotation" className="models-batch">
      <h2>Pre-annotate</h2>
      {!active ? (
        <p className="muted small">Activate a model to pre-annotate files with it.</p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void start(false);
          }}
        >
          <fieldset disabled={batch?.running}>
            <legend>Files (the catalog page&apos;s folder and selection)</legend>
            {options.map((o) => (
              <label key={o.key} className="check">
                <input type="radio" name="models-scope" value={o.key} checked={o.key === key} onChange={() => setPicked(o.key)} />
                {o.title}
              </label>
            ))}
          </fieldset>
          <div className="row">
            <button type="submit" disabled={batch?.running || chosen.files === 0}>
              Run {active.name}
            </button>
            {batch?.running && (
              <button type="button" onClick={() => void cancelBatch(modelsStore, api)}>
                Cancel
              </button>
            )}
            {canResume && (
              <button type="button" onClick={() => void start(true)}>
                Resume ({batch.scopeTitle})
              </button>
            )}
          </div>
        </form>
      )}
      {batch && (
        <p className="small" data-testid="models-batch-status" role="status">
          {batch.running
            ? `Running over ${batch.scopeTitle}: ${p?.done ?? 0} of ${p?.total ?? '…'} files${p ? `, ${formatRate(p.filesPerSecond)}` : ''}`
            : r
              ? `${r.state === 'complete' ? 'Done' : 'Cancelled'}: ${r.done} of ${r.files} files${r.resumedFrom ? ` (${r.resumedFrom} done before)` : ''}; ` +
                `${r.created} proposals made, ${r.removed} replaced, ${r.skipped} not made (decided labels); ${r.failed.length} failed` +
                `${r.crashes ? `; the inference process crashed ${r.crashes}× and was restarted` : ''}`
              : 'Stopped.'}
        </p>
      )}
      {r && r.failed.length > 0 && (
        <ul className="small warn">
          {r.failed.slice(0, 20).map((f) => (
            <li key={f.fileId}>
              {f.path}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
