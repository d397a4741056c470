/** The `?` overlay: every key of the annotation view (current keymap) and every label class hotkey. */
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { ACTION_TITLES, VIEW_ACTIONS, displayHotkey } from '../../state/keymap';
import { usePrefs } from '../../state/prefsStore';

export function HelpOverlay(): React.JSX.Element | null {
  const open = useAnnotate((s) => s.helpOpen);
  const classes = useAnnotate((s) => s.schema?.classes);
  const keymap = usePrefs((s) => s.keymap);
  if (!open) return null;
  const close = (): void => annotateStore.setState({ helpOpen: false });
  return (
    <div className="overlay" onClick={close}>
      <div className="overlay-card" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <header>
          <h2>Keyboard shortcuts</h2>
          <button type="button" onClick={close} aria-label="Close help">
            ×
          </button>
        </header>
        <div className="help-columns">
          <section>
            <h3>Labels (at the mouse pointer)</h3>
            <table className="simple small">
              <tbody>
                {(classes ?? [])
                  .filter((c) => c.hotkey)
                  .map((c) => (
                    <tr key={c.id}>
                      <td>
                        <kbd>{displayHotkey(c.hotkey!)}</kbd>
                      </td>
                      <td>
                        <span className="swatch" style={{ background: c.colour }} /> {c.name}{' '}
                        <span className="muted">
                          {c.kind === 'point' ? 'place / move here' : c.kind === 'range' ? 'press at start, again at end' : 'edit the attribute'}
                        </span>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
            <h3>Mouse</h3>
            <ul className="small">
              <li>Drag a label line or range edge to move it (saved on release).</li>
              <li>Click a range class in the palette, then drag on the plot to draw it.</li>
              <li>Drag on empty plot area to zoom, wheel to zoom, double-click to show everything.</li>
              <li>Overview strip: click to centre, drag to choose a window.</li>
            </ul>
            <h3>Proposals</h3>
            <ul className="small">
              <li>Lighter lines are proposals: dashed when the drill recorded the event (stop code), dotted when a heuristic inferred it. They count as nothing until accepted.</li>
              <li>Click one (or step through them with {displayHotkey(keymap.nextProposal)} / {displayHotkey(keymap.prevProposal)}), then {displayHotkey(keymap.acceptProposal)} accepts and {displayHotkey(keymap.deleteLabel)} rejects it.</li>
              <li>Dragging or nudging a proposal makes it your label (it remembers what was proposed). Undo reverts any of these.</li>
            </ul>
          </section>
          <section>
            <h3>View</h3>
            <table className="simple small">
              <tbody>
                {VIEW_ACTIONS.map((a) => (
                  <tr key={a}>
                    <td>
                      <kbd>{displayHotkey(keymap[a])}</kbd>
                    </td>
                    <td>{ACTION_TITLES[a]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">Remap these in Settings → Keyboard.</p>
          </section>
        </div>
      </div>
    </div>
  );
}
