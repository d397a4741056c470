/**
 * The open file's point and range labels and proposals, shallowest first: select, type exact depths,
 * accept / reject proposals (one at a time or all above a confidence), delete labels. Rejected proposals
 * are listed greyed (the plot hides them) and can be brought back.
 */
import { useMemo, useState } from 'react';
import type { Label, LabelClass } from '../../../shared/api/labels.contract';
import { useApi } from '../../api/ApiContext';
import { acceptLabel, deleteLabel, moveLabel, rejectLabel, restoreLabel, select } from '../../state/annotateActions';
import { acceptAllAtLeast } from '../../state/proposalActions';
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { allDepthLabels, proposalsAtLeast } from '../../state/labelOps';
import { parseThreshold } from '../autolabel/autolabelModel';
import { ConfidenceInput } from '../autolabel/ConfidenceInput';
import { filterByState, LABEL_FILTERS, stateCounts, type LabelFilter } from './labelTableModel';

function DepthInput({ label, edge, ariaLabel }: { label: Label; edge: 'depth' | 'depthEnd'; ariaLabel: string }): React.JSX.Element {
  const api = useApi();
  const value = label[edge];
  function commit(input: HTMLInputElement): void {
    const v = Number(input.value.trim().replace(',', '.'));
    if (input.value.trim() === '' || !Number.isFinite(v)) {
      input.value = value === null ? '' : String(value);
      return;
    }
    if (v === value) return;
    if (edge === 'depth') void moveLabel(annotateStore, api, label.id, v, label.depthEnd);
    else void moveLabel(annotateStore, api, label.id, label.depth!, v);
  }
  return (
    <input
      // Re-mounted when the stored value changes, so the field always shows what is stored.
      key={`${label.id}:${edge}:${value}`}
      // Text, not a number field: a number field's spinner sits in the middle of the row, and a click there (or
      // ↑/↓ while it has the focus) moved the label by 0.01 mm without anyone meaning to.
      type="text"
      inputMode="decimal"
      spellCheck={false}
      autoComplete="off"
      className="depth-input"
      aria-label={ariaLabel}
      defaultValue={value ?? ''}
      // A rejected proposal is not edited (restore it first): moving it would quietly make it a label.
      disabled={label.state === 'rejected'}
      onFocus={() => select(annotateStore, label.id)}
      onBlur={(e) => commit(e.currentTarget)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          commit(e.currentTarget);
          e.currentTarget.blur();
        }
      }}
    />
  );
}

function RowActions({ label, name }: { label: Label; name: string }): React.JSX.Element {
  const api = useApi();
  if (label.state === 'proposed') {
    return (
      <>
        <button type="button" className="icon ok" aria-label={`Accept ${name}`} title="Accept (Enter)" onClick={() => void acceptLabel(annotateStore, api, label.id)}>
          ✓
        </button>
        <button type="button" className="icon fail" aria-label={`Reject ${name}`} title="Reject (Delete key)" onClick={() => void rejectLabel(annotateStore, api, label.id)}>
          ✗
        </button>
      </>
    );
  }
  if (label.state === 'rejected') {
    return (
      <button type="button" className="icon" aria-label={`Restore ${name}`} title="Bring the proposal back" onClick={() => void restoreLabel(annotateStore, api, label.id)}>
        ↺
      </button>
    );
  }
  return (
    <button type="button" className="icon" aria-label={`Delete ${name}`} title="Delete (Delete key)" onClick={() => void deleteLabel(annotateStore, api, label.id)}>
      ×
    </button>
  );
}

/** "Accept all ≥ X" for the open file's proposals (points, ranges and attributes). */
function AcceptAll({ labels }: { labels: Label[] }): React.JSX.Element | null {
  const api = useApi();
  const [text, setText] = useState('0.8');
  const threshold = parseThreshold(text);
  const pending = labels.filter((l) => l.state === 'proposed').length;
  if (pending === 0) return null;
  const n = threshold === null ? 0 : proposalsAtLeast(labels, threshold).length;
  return (
    <form
      className="accept-all row-gap small"
      aria-label="Accept proposals"
      onSubmit={(e) => {
        e.preventDefault();
        if (threshold !== null) void acceptAllAtLeast(annotateStore, api, threshold);
      }}
    >
      <button type="submit" disabled={n === 0} data-testid="accept-all" title="Accept every pending proposal of this file at least this confident">
        Accept all ≥
      </button>
      <ConfidenceInput className="threshold-input" aria-label="Accept proposals at or above confidence" value={text} onValueChange={setText} aria-invalid={threshold === null} />
      <span className="muted" data-testid="accept-all-count">
        {n} of {pending} pending
      </span>
    </form>
  );
}

const confidenceText = (c: number | null): string => (c === null ? '–' : c.toFixed(2));

export function LabelTable(): React.JSX.Element {
  const labels = useAnnotate((s) => s.labels);
  const classes = useAnnotate((s) => s.schema?.classes);
  const selectedId = useAnnotate((s) => s.selectedId);
  const [filter, setFilter] = useState<LabelFilter>('all');
  const all = useMemo(() => allDepthLabels(labels, classes ?? []), [labels, classes]);
  const rows = useMemo(() => filterByState(all, filter), [all, filter]);
  const counts = useMemo(() => stateCounts(all), [all]);
  const byId = useMemo(() => new Map<string, LabelClass>((classes ?? []).map((c) => [c.id, c])), [classes]);

  return (
    <div className="label-table-box">
      <div className="label-table-head">
        <h2>Labels</h2>
        {(counts.proposed > 0 || counts.rejected > 0) && (
          <select aria-label="Show labels" value={filter} onChange={(e) => setFilter(e.target.value as LabelFilter)}>
            {LABEL_FILTERS.map((f) => (
              <option key={f.key} value={f.key}>
                {f.title(counts)}
              </option>
            ))}
          </select>
        )}
      </div>
      <AcceptAll labels={labels} />
      {all.length === 0 ? (
        <p className="muted small">No labels yet. Point at the plot and press a label key (? lists them).</p>
      ) : (
        <table className="label-table" aria-label="Labels">
          <thead>
            <tr>
              <th title="Class; state (proposed / confirmed / rejected), source and provenance below">Class</th>
              <th>Depth (mm)</th>
              <th>End (mm)</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => {
              const cls = byId.get(l.classId);
              const name = cls?.name ?? l.classId;
              const reasons = l.details?.reasons?.join('\n');
              return (
                <tr
                  key={l.id}
                  className={`${l.id === selectedId ? 'selected' : ''} state-${l.state}`}
                  aria-selected={l.id === selectedId}
                  onClick={() => select(annotateStore, l.id)}
                  data-label-id={l.id}
                  data-class-id={l.classId}
                  data-state={l.state}
                  title={reasons}
                >
                  <td className="label-class">
                    <span className="class-name">
                      <span className={`swatch${l.state === 'proposed' ? ' proposed' : ''}`} style={{ background: cls?.colour ?? '#888' }} /> {name}
                    </span>
                    <span className="label-meta" title={`source ${l.source}${l.provenance ? ` · ${l.provenance}` : ''}${l.confidence !== null ? ` · confidence ${confidenceText(l.confidence)}` : ''}`}>
                      <span className={`state-pill ${l.state}`}>{l.state}</span>
                      {l.confidence !== null && (
                        <span className="confidence" data-testid="confidence">
                          {' '}
                          {confidenceText(l.confidence)}
                        </span>
                      )}{' '}
                      <span className="muted">{l.provenance ?? l.source}</span>
                    </span>
                  </td>
                  <td>
                    <DepthInput label={l} edge="depth" ariaLabel={`${name} depth`} />
                  </td>
                  <td>{l.depthEnd !== null ? <DepthInput label={l} edge="depthEnd" ariaLabel={`${name} end depth`} /> : <span className="muted">–</span>}</td>
                  <td className="row-actions">
                    <RowActions label={l} name={name} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
