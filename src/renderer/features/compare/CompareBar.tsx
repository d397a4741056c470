/**
 * The comparison's controls above the neighbour strip: overlay on/off, the previous/next holes, files
 * chosen by name, the alignment, the focused reference (j/k) and the head's trend. None of them keeps the
 * view's keys: the boxes and buttons leave letters alone, the alignment list gives the focus back once a
 * choice is made, and the name field lets go with Escape or once a file is added.
 */
import { useMemo, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { useAnnotate } from '../../state/annotateStore';
import { useCatalog } from '../../state/catalogStore';
import { displayHotkey } from '../../state/keymap';
import { usePrefs } from '../../state/prefsStore';
import { addExtra, compareStore, cycleReference, referencesOfState, removeExtra, setAlignment, setShown, toggleOverlay, useCompare } from './compareStore';
import { NeighbourStrip } from './NeighbourStrip';
import { fileByName, nearestHole, referenceTitle } from './references';
import { alignmentOffset } from './alignment';
import { useCompareSession } from './useCompareSession';

const DATALIST_ID = 'compare-file-names';

function AddFile(): React.JSX.Element {
  const files = useCatalog((s) => s.files);
  const current = useCompare((s) => s.fileId);
  const message = useCompare((s) => s.chooserMessage);
  const [text, setText] = useState('');
  const known = useMemo(() => files.map((f) => ({ id: f.id, name: f.name, globalCounter: f.globalCounter })), [files]);
  const add = (typed: string, input: HTMLInputElement): boolean => {
    const f = fileByName(known, typed);
    if (!f) return false;
    if (f.id === current) {
      compareStore.setState({ chooserMessage: `${f.name} is the open file` });
      return true;
    }
    addExtra(compareStore, f);
    setText('');
    input.blur();
    return true;
  };
  return (
    <span className="compare-add">
      <input
        type="search"
        list={DATALIST_ID}
        aria-label="Add a file to compare (by name)"
        placeholder="Add file…"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          compareStore.setState({ chooserMessage: null });
          // Picked from the list: the value is a whole name.
          if (known.some((f) => f.name === e.target.value)) add(e.target.value, e.target);
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          if (!add(text, e.currentTarget)) compareStore.setState({ chooserMessage: `no single file named “${text.trim()}” in the catalog` });
        }}
      />
      <datalist id={DATALIST_ID}>
        {known.map((f) => (
          <option key={f.id} value={f.name} />
        ))}
      </datalist>
      {message && (
        <span className="small warn" role="status">
          {message}
        </span>
      )}
    </span>
  );
}

export function CompareBar({ fileId }: { fileId: number }): React.JSX.Element {
  const api = useApi();
  useCompareSession(api, fileId);
  const keymap = usePrefs((s) => s.keymap);
  const overlayOn = useCompare((s) => s.overlayOn);
  const showPrev = useCompare((s) => s.showPrev);
  const showNext = useCompare((s) => s.showNext);
  const extras = useCompare((s) => s.extras);
  const alignment = useCompare((s) => s.alignment);
  const neighbours = useCompare((s) => s.neighbours);
  const compareFile = useCompare((s) => s.fileId);
  const holes = useCompare((s) => s.holes);
  const referenceIndex = useCompare((s) => s.referenceIndex);
  const error = useCompare((s) => s.neighboursError);
  const classes = useAnnotate((s) => s.schema?.classes);
  const labels = useAnnotate((s) => s.labels);
  const xMode = useAnnotate((s) => s.view.xMode);
  const head = useCompare((s) => s.headName);

  const ownNeighbours = neighbours && neighbours.fileId === fileId ? neighbours : null;
  const prev = ownNeighbours ? nearestHole(ownNeighbours.before) : null;
  const next = ownNeighbours ? nearestHole(ownNeighbours.after) : null;
  const state = { fileId: compareFile, neighbours, showPrev, showNext, extras };
  const refs = referencesOfState(state);
  const focus = refs.length ? Math.min(Math.max(0, referenceIndex), refs.length - 1) : -1;
  const focused = focus >= 0 ? refs[focus]! : null;
  const pointClasses = (classes ?? []).filter((c) => c.kind === 'point');
  const alignName = alignment === 'depth' ? null : (pointClasses.find((c) => c.id === alignment)?.name ?? alignment);
  const focusedAlign = focused && alignment !== 'depth' ? alignmentOffset(alignment, labels, holes[focused.fileId]?.labels ?? []) : null;
  const focusedState = focused ? holes[focused.fileId] : undefined;

  let note: string | null = null;
  if (error) note = `Neighbours could not be read: ${error}`;
  else if (overlayOn && xMode !== 'depth') note = 'The overlay is drawn against depth: switch the x axis to depth to see it.';
  else if (focusedState?.error) note = `Reference not loaded: ${focusedState.error}`;
  else if (focusedAlign && !focusedAlign.aligned)
    note = `${focusedAlign.missing === 'reference' ? referenceTitle(focused!) : focusedAlign.missing === 'current' ? 'This hole' : 'Neither hole'} has no ${alignName} label: drawn by depth.`;

  return (
    <div className="compare" data-testid="compare">
      <div className="compare-bar" role="group" aria-label="Compare with other holes">
        <label className="check" title={`Overlay the reference holes (${displayHotkey(keymap.toggleOverlay)})`}>
          <input type="checkbox" checked={overlayOn} onChange={() => toggleOverlay(compareStore)} /> Overlay
        </label>
        <label className="check" title={prev ? `${prev.name} (#${prev.globalCounter})` : 'No earlier hole of this head in the catalog'}>
          <input type="checkbox" aria-label="Previous hole" checked={showPrev} disabled={!prev} onChange={(e) => setShown(compareStore, 'prev', e.target.checked)} /> prev{' '}
          {prev ? `#${prev.globalCounter}` : '–'}
        </label>
        <label className="check" title={next ? `${next.name} (#${next.globalCounter})` : 'No later hole of this head in the catalog'}>
          <input type="checkbox" aria-label="Next hole" checked={showNext} disabled={!next} onChange={(e) => setShown(compareStore, 'next', e.target.checked)} /> next{' '}
          {next ? `#${next.globalCounter}` : '–'}
        </label>
        {extras.map((f) => (
          <span key={f.id} className="chip compare-extra" title={f.name}>
            <span className="compare-extra-name">{f.name}</span>
            <button type="button" className="icon" aria-label={`Stop comparing with ${f.name}`} onClick={() => removeExtra(compareStore, f.id)}>
              ×
            </button>
          </span>
        ))}
        <AddFile />
        <select
          aria-label="Align references by"
          title="Align the references on this hole: by depth, or so that their label of a class sits on this hole's"
          value={alignment}
          onChange={(e) => {
            setAlignment(compareStore, e.target.value);
            // The view's keys are needed next, not the list's.
            e.target.blur();
          }}
        >
          <option value="depth">by depth</option>
          {pointClasses.map((c) => (
            <option key={c.id} value={c.id}>
              by {c.name}
            </option>
          ))}
        </select>
        <button type="button" aria-haspopup="dialog" disabled={!head} onClick={() => compareStore.setState({ trendOpen: true })} title="Exit depth and mean torque of every hole of this head">
          Head trend
        </button>
        <span className="seg">
          <button type="button" aria-label="Previous reference" title={`Previous reference (${displayHotkey(keymap.prevReference)})`} disabled={refs.length === 0} onClick={() => cycleReference(compareStore, -1)}>
            ‹
          </button>
          <button type="button" aria-label="Next reference" title={`Next reference (${displayHotkey(keymap.nextReference)})`} disabled={refs.length === 0} onClick={() => cycleReference(compareStore, 1)}>
            ›
          </button>
        </span>
        <span className="compare-reference small" data-testid="compare-reference" data-file-id={focused?.fileId ?? ''} title={focused ? `Focused reference: ${focused.name}` : undefined}>
          {focused ? `${focus + 1}/${refs.length} ${referenceTitle(focused)}` : 'no reference'}
        </span>
        <span className="compare-note small warn" role="status" title={note ?? undefined}>
          {note}
        </span>
      </div>
      <NeighbourStrip />
    </div>
  );
}
