/**
 * The uncertainty-first view: the catalog sorted by model confidence (least certain first) and the filter of
 * files where the model and the stop-code proposals disagree by more than a distance. Both are the catalog's
 * own sort and filter, so its table, next/previous and Shift+U follow them.
 */
import { useState } from 'react';
import { catalogStore, setFilter, useCatalog } from '../../state/catalogStore';
import { useNav } from '../../state/navStore';
import { DEFAULT_DISAGREEMENT_MM, parseDistance, UNCERTAINTY_SORT } from './uncertainty';

export function UncertaintyPanel(): React.JSX.Element {
  const go = useNav((s) => s.go);
  const active = useCatalog((s) => s.filter.disagreementMm ?? null);
  const [text, setText] = useState(String(active ?? DEFAULT_DISAGREEMENT_MM));
  const mm = parseDistance(text);
  return (
    <section aria-label="Uncertainty first" className="models-uncertainty">
      <h2>Uncertainty first</h2>
      <p className="small muted">The catalog&apos;s Model column is the lowest confidence of a file&apos;s model proposals; Shift+U in the annotation view opens the next most uncertain file.</p>
      <div className="row">
        <button
          type="button"
          onClick={() => {
            catalogStore.setState({ sort: UNCERTAINTY_SORT });
            go('catalog');
          }}
        >
          Sort the catalog by uncertainty
        </button>
        <label>
          Model and stop code disagree by more than{' '}
          <input type="text" inputMode="decimal" size={5} aria-label="Disagreement distance (mm)" value={text} onChange={(e) => setText(e.target.value)} /> mm
        </label>
        <button
          type="button"
          disabled={mm === null}
          onClick={() => {
            setFilter(catalogStore, { disagreementMm: mm });
            go('catalog');
          }}
        >
          Show those files
        </button>
        {active !== null && (
          <button type="button" className="chip on" onClick={() => setFilter(catalogStore, { disagreementMm: null })}>
            disagreement &gt; {active} mm ×
          </button>
        )}
      </div>
      {mm === null && <p className="error small">The distance must be a number of mm, 0 or more (e.g. 0.5).</p>}
    </section>
  );
}
