/** Above the plot: x axis, net/total current, extra columns, the label palette and the cursor readout. */
import { useMemo } from 'react';
import { armClass, setView } from '../../state/annotateActions';
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { displayHotkey } from '../../state/keymap';
import { extraColumnsOf } from '../plot/figure';

function CursorReadout(): React.JSX.Element {
  const depth = useAnnotate((s) => s.cursorDepth);
  return (
    <span className="cursor-readout" data-testid="cursor-depth" title="Depth under the mouse pointer">
      cursor {depth === null ? '–' : `${depth.toFixed(3)} mm`}
    </span>
  );
}

function PendingHint(): React.JSX.Element | null {
  const pending = useAnnotate((s) => s.pendingRange);
  const armed = useAnnotate((s) => s.armedClassId);
  const classes = useAnnotate((s) => s.schema?.classes);
  const name = (id: string): string => classes?.find((c) => c.id === id)?.name ?? id;
  if (pending) {
    const key = classes?.find((c) => c.id === pending.classId)?.hotkey;
    return (
      <span className="hint" role="note">
        {name(pending.classId)} from {pending.start.toFixed(2)} mm — press {key ? displayHotkey(key) : 'its key'} again at the end (Esc cancels)
      </span>
    );
  }
  if (armed)
    return (
      <span className="hint" role="note">
        Drag on the plot to draw {name(armed)} (Esc cancels)
      </span>
    );
  return null;
}

export function Toolbar(): React.JSX.Element {
  const view = useAnnotate((s) => s.view);
  const columns = useAnnotate((s) => s.detail?.columns);
  const classes = useAnnotate((s) => s.schema?.classes);
  const armed = useAnnotate((s) => s.armedClassId);
  const extras = useMemo(() => extraColumnsOf(columns ?? []), [columns]);
  const hasEmpty = (columns ?? []).some((c) => c.key === 'i_torque_empty');

  return (
    <div className="annotate-toolbar">
      <div className="toolbar-row">
        <div className="seg" role="group" aria-label="X axis">
          <button type="button" className={view.xMode === 'depth' ? 'on' : ''} aria-pressed={view.xMode === 'depth'} onClick={() => setView(annotateStore, { xMode: 'depth' })}>
            Depth
          </button>
          <button type="button" className={view.xMode === 'index' ? 'on' : ''} aria-pressed={view.xMode === 'index'} onClick={() => setView(annotateStore, { xMode: 'index' })}>
            Sample
          </button>
        </div>
        <div className="seg" role="group" aria-label="Current">
          <button type="button" className={!view.total ? 'on' : ''} aria-pressed={!view.total} onClick={() => setView(annotateStore, { total: false })}>
            Net
          </button>
          <button
            type="button"
            className={view.total ? 'on' : ''}
            aria-pressed={view.total}
            disabled={!hasEmpty}
            title="Net + no-load current"
            onClick={() => setView(annotateStore, { total: true })}
          >
            Total
          </button>
        </div>
        {extras.map((c) => (
          <label key={c.key} className="check">
            <input
              type="checkbox"
              checked={view.extras.includes(c.key)}
              onChange={(e) => setView(annotateStore, { extras: e.target.checked ? [...view.extras, c.key] : view.extras.filter((k) => k !== c.key) })}
            />
            {c.title}
          </label>
        ))}
        <span className="spacer" />
        <CursorReadout />
      </div>
      <div className="toolbar-row palette" role="toolbar" aria-label="Label classes">
        {(classes ?? [])
          .filter((c) => c.kind !== 'attribute')
          .map((c) => (
            <button
              key={c.id}
              type="button"
              className={`chip${armed === c.id ? ' on' : ''}`}
              style={{ borderColor: c.colour }}
              aria-pressed={c.kind === 'range' ? armed === c.id : undefined}
              title={c.kind === 'range' ? `Click to arm, then drag on the plot (or press ${c.hotkey ?? '–'} at start and end)` : `Point at the plot and press ${c.hotkey ?? '–'}`}
              onClick={() => (c.kind === 'range' ? armClass(annotateStore, c.id) : undefined)}
            >
              <span className="swatch" style={{ background: c.colour }} />
              {/* The name gives way (ellipsis) before the row would overflow; the key always shows. */}
              <span className="chip-name">{c.name}</span>
              {c.hotkey && <kbd>{displayHotkey(c.hotkey)}</kbd>}
            </button>
          ))}
        <PendingHint />
      </div>
    </div>
  );
}
