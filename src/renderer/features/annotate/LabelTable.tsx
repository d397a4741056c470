/** The open file's point and range labels, shallowest first: select, type exact depths, delete. */
import { useMemo } from 'react';
import type { Label, LabelClass } from '../../../shared/api/labels.contract';
import { useApi } from '../../api/ApiContext';
import { deleteLabel, moveLabel, select } from '../../state/annotateActions';
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { depthLabels } from '../../state/labelOps';

function DepthInput({ label, edge, ariaLabel }: { label: Label; edge: 'depth' | 'depthEnd'; ariaLabel: string }): React.JSX.Element {
  const api = useApi();
  const value = label[edge];
  function commit(input: HTMLInputElement): void {
    const v = Number(input.value);
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
      type="number"
      step="0.01"
      className="depth-input"
      aria-label={ariaLabel}
      defaultValue={value ?? ''}
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

export function LabelTable(): React.JSX.Element {
  const api = useApi();
  const labels = useAnnotate((s) => s.labels);
  const classes = useAnnotate((s) => s.schema?.classes);
  const selectedId = useAnnotate((s) => s.selectedId);
  const rows = useMemo(() => depthLabels(labels, classes ?? []), [labels, classes]);
  const byId = useMemo(() => new Map<string, LabelClass>((classes ?? []).map((c) => [c.id, c])), [classes]);

  return (
    <div className="label-table-box">
      <h2>Labels</h2>
      {rows.length === 0 ? (
        <p className="muted small">No labels yet. Point at the plot and press a label key (? lists them).</p>
      ) : (
        <table className="label-table" aria-label="Labels">
          <thead>
            <tr>
              <th>Class</th>
              <th>Depth (mm)</th>
              <th>End (mm)</th>
              <th title="human / stepcode / model / heuristic">Source</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {rows.map((l) => {
              const cls = byId.get(l.classId);
              const name = cls?.name ?? l.classId;
              return (
                <tr key={l.id} className={l.id === selectedId ? 'selected' : ''} aria-selected={l.id === selectedId} onClick={() => select(annotateStore, l.id)} data-label-id={l.id} data-class-id={l.classId}>
                  <td>
                    <span className="swatch" style={{ background: cls?.colour ?? '#888' }} /> {name}
                  </td>
                  <td>
                    <DepthInput label={l} edge="depth" ariaLabel={`${name} depth`} />
                  </td>
                  <td>{l.depthEnd !== null ? <DepthInput label={l} edge="depthEnd" ariaLabel={`${name} end depth`} /> : <span className="muted">–</span>}</td>
                  <td className="muted small">{l.source}</td>
                  <td>
                    <button type="button" className="icon" aria-label={`Delete ${name}`} title="Delete (Delete key)" onClick={() => void deleteLabel(annotateStore, api, l.id)}>
                      ×
                    </button>
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
